"""What a careful clerk reads out of each corpus document, written by hand from the source.

Plain data, no duban imports: ``tests/ingest/corpus_scoring.py`` compares the parser's
result with it field by field. A field left at its default is not in the document and
is not scored. Conventions (see README.md in this folder):

- ``lead`` are the 牵头 units; ``responsible`` the 责任/配合/业主/承办 units (the
  glossary's ``responsible_units``), names as written, notes in brackets stripped;
- ``leaders`` are people (分管领导 / 牵头领导), never units; a section headed
  "一、X市长主抓重点工作" gives X to each of its tasks;
- a task's ``title`` is the task as the office names it, without its number, its
  trailing full stop or the owners' note. A list item of several sentences
  ("1.深化政务服务“网上办”。全面深化…") has its first sentence as the title and the
  rest of the item as the ``target`` (the parser's convention for lists already);
- a trailing 等 after a unit ("市卫生健康委等") is not part of its name;
- ``status`` is one of "", "done", "on_schedule", "behind", "not_done";
- ``deadline`` is an ISO date only where the document gives a date; a milestone's
  date is the last day it allows in the plan's year (3月底前 → 03-31, 2月上旬前 → 02-10),
  its text without the date and the trailing full stop;
- a section headed "一、X牵头工作" makes X the lead unit of its items.
"""

from __future__ import annotations

from dataclasses import dataclass

STATUSES = ("", "done", "on_schedule", "behind", "not_done")


@dataclass(frozen=True)
class T:
    seq: str = ""
    title: str = ""
    target: str = ""
    lead: tuple[str, ...] = ()
    responsible: tuple[str, ...] = ()
    leaders: tuple[str, ...] = ()
    deadline: str = ""
    progress: str = ""
    status: str = ""
    milestones: tuple[tuple[str, str], ...] = ()
    progress_entries: tuple[tuple[str, str], ...] = ()


@dataclass(frozen=True)
class Doc:
    kind: str  # "tasks" or "refuse"
    title: str = ""
    shapes: tuple[str, ...] = ()
    tasks: tuple[T, ...] = ()
    refuse_hint: str = ""
    office: str = ""
    source: str = ""


# --- 鞍山市立山区: masthead, 文号, notice, items with 牵头单位:/责任单位: lines -------------
_LISHAN_TITLE = "立山区政府2023年重点工作任务分解和责任分工方案"
_LISHAN = (
    T(
        seq="1",
        title="努力实现地区生产总值增长6.2%左右",
        lead=("区发改局",),
        responsible=("立山经济开发区", "全区经济运行各专班"),
    ),
    T(
        seq="2",
        title="规模上工业增加值增长5%左右",
        lead=("区工信局",),
        responsible=("立山经济开发区",),
    ),
    T(
        seq="3",
        title="固定资产投资增长15%左右",
        lead=("区发改局",),
        responsible=("立山经济开发区", "各街道", "区直各部门"),
    ),
    T(
        seq="4",
        title="社会消费品零售总额增长9%左右",
        lead=("区商务局",),
        responsible=("各街道", "区市场局"),
    ),
    T(
        seq="5",
        title="一般公共预算收入增长8%左右",
        lead=("区财政局",),
        responsible=("立山经济开发区", "各街道", "税务局"),
    ),
    T(
        seq="6",
        title="居民收入增长与经济增长基本同步",
        lead=("区发改局",),
        responsible=("各街道", "各相关单位"),
    ),
)
_LISHAN_SOURCE = "http://www.lishan.gov.cn/html/ASLSQ/202303/0168765895614794.html"

# --- 苍南县: 民生实事 progress table, one cell per line ---------------------------------
_CANGNAN_TITLE = "2022年度市县民生实事未完成项目进度表(截至10月31日)"


def _cangnan(seq: str, title: str, progress: str, lead: str) -> T:
    return T(seq=seq, title=title, progress=progress, lead=(lead,))


_CANGNAN = (
    _cangnan(
        "1",
        "新(改、扩)建公办园5所,新增公办幼儿学位1000个",
        "80%(新区实验幼儿园进度滞后)",
        "县教育局",
    ),
    _cangnan("2", "建设四好农村路55公里", "95%", "县交通局"),
    _cangnan("3", "完成农村公路大中修70公里", "90%", "县交通局"),
    _cangnan(
        "4",
        "建成投用沿浦、宜山、莒溪、炎亭、望里、赤溪、岱岭、灵溪浦亭等8家卫生院",
        "98%",
        "县卫健局",
    ),
    _cangnan(
        "5",
        "打通县城人民大道(苍南大道至山海大道)等12条断头路",
        "88%(灵溪镇园区六路、金乡镇四好农村路推进缓慢)",
        "县住建局",
    ),
    _cangnan(
        "6",
        "建成投用桥墩镇、赤溪镇、灵溪镇观美等3家中心敬老院",
        "57%(赤溪、灵溪偏慢)",
        "县民政局",
    ),
    _cangnan("7", "开工建设矾山镇、马站镇等2家中心敬老院", "50%(马站未开工", "县民政局"),
    _cangnan("8", "推进县职业中专扩容提升", "22%(严重滞后)", "县教育局"),
    _cangnan("9", "建成投用中小学3所,新增学位3800位", "95%", "县教育局"),
    _cangnan(
        "10",
        "完成上横河泵站和萧江水闸主体工程,开工建设萧江塘河控制闸",
        "95%",
        "县水利局",
    ),
    _cangnan("11", "开工建设海塘安澜(南片海塘4.65公里)", "70%", "县水利局"),
    _cangnan(
        "12",
        "完成县应急广播指挥中心、18个乡镇应急广播分控中心、376个村居广播室和752只"
        "可控IP化高音喇叭建设,实现县级应急广播平台与省、市互联互通",
        "98%",
        "县文广旅体局",
    ),
    _cangnan("13", "新增16个“文化驿站”", "98.4%", "县文广旅体局"),
)
_CANGNAN_SOURCE = "http://www.cncn.gov.cn/art/2022/12/14/art_1229664772_59047997.html"

# --- 南昌市新建区: 民生实事 table, two-row header, merged group cells -------------------
_XINJIAN_TITLE = "2024年度区政府民生实事人大票决项目进度表"


def _xinjian(title: str, lead: str, *owners: str) -> T:
    return T(title=title, lead=(lead,), responsible=owners, progress="已完工")


_XINJIAN = (
    _xinjian("文化中心北路", "区住建局", "区城投"),
    _xinjian("乐业路", "区住建局", "区城管局"),
    _xinjian("新坊路西接兴国路工程", "区住建局", "长堎街道"),
    _xinjian("城区居民户内燃气安全装置、非居瓶改管、气改电项目", "区城管局", "区城管局"),
    _xinjian("“城镇老旧小区改造”建设项目(老前进花园小区改造项目)", "区城管局", "区城管局"),
    _xinjian("井盖整治项目", "区城管局", "区城管局", "区水投"),
    _xinjian("公共场所全民健身器材更换项目", "区教体局", "区教体局"),
    _xinjian("市政公用城学校", "区教体局", "南昌市政大道房地产有限公司"),
    _xinjian("新建四小教学综合楼", "区教体局", "区教体局"),
    _xinjian("省庄花园小区配套幼儿园", "区教体局", "区城投公司"),
)
_XINJIAN_SOURCE = "http://www.pc28forum.com/xjqrmzf/msss/202412/80436a1e5df84a3ea912087b118f9118.shtml"

# --- 宁波市: 民生实事 1—6月 progress, people (牵头领导) and 配合单位 -----------------------
_NINGBO_SOURCE = "http://daily.cnnb.com.cn/nbrb/html/2014-07/22/content_776769.htm?div=-1"
_NINGBO = (
    T(
        seq="1",
        title="轨道交通1号线一期工程投入试运营",
        leaders=("林静国",),
        responsible=("市轨道交通工程建设指挥部",),
        progress="轨道交通1号线一期工程已于2014年5月30日通车试运营。",
    ),
    T(
        seq="2",
        title="新增安装300套路口交通信息视频采集设备",
        leaders=("王仁洲",),
        responsible=("市公安局", "市城管局", "市财政局"),
        progress="中心设备调试、前端摄像机上杆安装,以及外场线路铺设、立杆基础浇筑、基础管道"
        "施工等工作整体进度已完成年度目标任务的55%,项目按预期计划扎实有序推进。",
    ),
    T(
        seq="3",
        title="新辟公交线路10条,优化调整20条",
        leaders=("王仁洲",),
        responsible=("市交通委", "市公安局", "市城管局", "各区政府"),
    ),
    T(
        seq="4",
        title="新投放公共自行车3000辆,新增100个网点",
        leaders=("王仁洲",),
        responsible=(
            "市交通委",
            "各区政府",
            "相关管委会",
            "市发改委",
            "市经信委",
            "市公安局",
            "市财政局",
            "市国土资源局",
            "市规划局",
            "市住建委",
            "市城管局",
            "市工商局",
            "宁波电业局",
        ),
    ),
)

# --- 咸阳市 (Traditional characters): X牽頭,Y按職責分工負責 --------------------------------
_XIANYANG_TITLE = "鹹陽市2022年深化“放管服”改革最佳化營商環境工作要點"
_XIANYANG = (
    T(
        seq="1",
        title="全面實施行政許可事項清單管理",
        target="依據國家和省行政許可事項清單,2022年10月底前編制並公布市、縣兩級行政許可事項"
        "清單,將依法設定的行政許可事項全部納入清單管理,清單之外一律不得違法實施行政許可。"
        "對清單內事項逐項編制完成行政許可實施規範,大幅提升行政許可標準化水平,加快推進同一"
        "事項在不同層級同要素管理、同標準辦理。動態調整行政許可事項清單,並做好同市場準入負面"
        "清單、政務服務事項基本目錄、“網際網路+監管”事項清單、投資項目審批事項清單、工程建設"
        "項目審批事項清單的銜接。",
        lead=("市政府辦公室", "市行政審批制度改革工作領導小組辦公室"),
        responsible=("市級各有關部門", "各縣市區政府"),
    ),
)
_XIANYANG_SOURCE = (
    "https://newton.com.tw/wiki/%E9%B9%B9%E9%99%BD%E5%B8%822022%E5%B9%B4%E6%B7%B1%E5%8C%96"
    "%E2%80%9C%E6%94%BE%E7%AE%A1%E6%9C%8D%E2%80%9D%E6%94%B9%E9%9D%A9%E6%9C%80%E4%BD%B3%E5%8C%96"
    "%E7%87%9F%E5%95%86%E7%92%B0%E5%A2%83%E5%B7%A5%E4%BD%9C%E8%A6%81%E9%BB%9E/61994341"
)

# --- 运城市: sub-items with a closing (责任单位:…(市、区)…) note ---------------------------
_YUNCHENG_UNITS = ("市直各有关单位", "各县(市、区)人民政府", "各开发区管委会")
_YUNCHENG = tuple(
    T(seq=seq, title=title, responsible=_YUNCHENG_UNITS)
    for seq, title in (
        (
            "1",
            "加强应急预案管理,规范应急预案编制、审批、发布、备案、修订和评估工作,增强应急预案"
            "的针对性、实用性和可操作性",
        ),
        (
            "2",
            "推进政府及其部门应急预案“精编化”,及时修订完善现有应急预案,促进单位和基层应急预案编制全覆盖",
        ),
        ("3", "加强应急预案演练,完善演练管理制度,推进“双盲”演练,强化针对性、实战性"),
        ("4", "加强应急预案的培训宣传,扩大应急预案发布范围,提高全社会对应急预案的知晓率"),
    )
)

# --- 威海市: (牵头单位:X;责任单位:Y。以下任务均需…不再一一列出) ---------------------------
_WEIHAI = (
    T(
        seq="1",
        title="深化政务服务“网上办”",
        target="全面深化“双全双百”提升工程,持续推进政务服务标准化、规范化、便利化、数字化改革,"
        "明确政务服务事项范围,规范办理要素和业务流程,实现政务服务事项“同要素管理、同标准"
        "办理”。全面提升线上线下融合服务能力,不断丰富服务供给,持续优化办事流程,深化“一次"
        "办好”改革,年底前基本实现群众企业在线办事“进一个网、办全市事”,建设“24小时不打烊”"
        "网上办事大厅。",
        lead=("市行政审批服务局",),
        responsible=("市直有关部门、单位", "各区市政府", "开发区管委"),
    ),
)

# --- 越城区 yearbook: indicator rows with 完成情况, no owner columns ------------------------
_YUECHENG = (
    T(seq="1", title="全区生产总值(亿元)", target="1000", progress="1008.5", status="done"),
    T(seq="2", title="人均生产总值(元)", target="130000", progress="130913", status="done"),
    T(seq="3", title="公共财政预算收入(亿元)", target="72.69", progress="72.69", status="done"),
)
_YUECHENG_SOURCE = (
    "https://dfz.zj.gov.cn/zlyz/ossfs/h5/NJ-K-330602-2022-001-0101/files/basic-html/page30.html"
)

# --- a box-drawn 分工 table: header split over lines (分管领/导), merged unit cells --------
_BOX_U1 = (
    "各县(市、区)政府",
    "市财政局",
    "国家税务局",
    "地方税务局",
    "金融办",
    "人民银行",
    "银监局",
)
_BOX_U2 = ("各县(市、区)政府", "市财政局", "教育局")
_BOX = (
    T(
        title="进一步调整财政支出结构,加大财政在“三农”、教育、卫生、科技、文化、就业再就业、"
        "社会保障、生态环境、公共基础设施、社会治安等方面的投入",
        leaders=("梁志强",),
        lead=_BOX_U1,
    ),
    T(title="加强财政监督,提高财政资金使用效益", leaders=("梁志强",), lead=_BOX_U2),
    T(title="加强税源监控,完善护税协税网络", leaders=("梁志强",), lead=_BOX_U2),
    T(
        title="加快信用体系建设,保护金融债权,建设良好金融生态",
        leaders=("梁志强",),
        lead=_BOX_U2,
    ),
    T(
        title="各级财政将安排13.3亿元支持教育发展。其中市直财政安排8810万元,重点解决学校建设"
        "债务、教师补贴以及教师定编问题",
        leaders=("梁志强",),
        lead=_BOX_U2,
    ),
)

# --- 六安市: a list with 牵头部门 inline and the progress after it -------------------------
_LUAN = (
    T(
        seq="1",
        title="农村道路畅通工程",
        lead=("市交通局",),
        progress="建设进度相对较慢的县区为舒城县。",
    ),
    T(
        seq="2",
        title="农村饮水安全巩固提升工程",
        lead=("市水利局",),
        progress="未完成建设任务的县区为舒城县。",
    ),
    T(
        seq="3",
        title="特困人员供养及生活无着人员救助",
        lead=("市民政局",),
        progress="生活无着人员社会救助,市本级完成进度较慢。",
    ),
    T(
        seq="4",
        title="城乡困难群体法律援助",
        lead=("市司法局",),
        progress="全市未完成援助任务的县区为舒城县、霍山县。",
    ),
    T(
        seq="5",
        title="水利薄弱环节治理三年行动",
        lead=("市水利局",),
        progress="中小河流治理,全市未完成基本建成任务的县区为舒城县;小型病险水库除险加固,"
        "全市未开工建设的县区为舒城县。",
    ),
    T(
        seq="6",
        title="棚户区改造",
        lead=("市住建委",),
        progress="新开工,完成进度相对较慢的为开发区和市本级。",
    ),
)

# --- a county's 办实事 report: key on one line, value on the next ---------------------------
_QUNZHONG = (
    T(
        seq="01",
        title="提升县域生态环境",
        target="连通城区河道水系,在老新建河的西侧至衡阳路河新开引水河道,并建设配套建筑物。持续"
        "推进厕所革命,新改建城区公共厕所5座。治理提升湿地生态系统,新建2个湿地保护小区,新建2个"
        "湿地乡村。",
        responsible=("水务局", "城管局", "自然资源局"),
        progress="城区河道水系工程已完成可行性研究报告、初步设计审查、施工图审查等相关前期工作,5月"
        "28日已完成开标。\n厕所革命工程已制定新改扩建公厕实施方案,确定了5座公厕建厕位置及项目经费"
        "来源,目前根据建厕位置对接做好建厕图纸设计(包含外观效果图)以及公厕项目的立项及项目挂网招标"
        "等前期准备工作。\n湿地生态系统工程已确定塔集黄庄、荷韵小镇为湿地乡村建设点,相关建设方案已由"
        "市自然资源和规划局统一编制完成。",
    ),
    T(
        seq="02",
        title="加大文化惠民力度",
        target="新建“城市书房”1个,配合市图书馆完成一卡通项目。开展文化惠民活动,开展送戏下乡x场次,"
        "建设公益放映厅x个,开展公益活动x场。",
        responsible=("文广旅局",),
        progress="城市书房已确定建设地址,初定城东公园内一处管理用房,相关建设规划已进入最终审核阶段。"
        "配合市图书馆一卡通项目,采购设备合同已经签订交市图书馆。\n公益放映厅建设已全部完成。电影放映"
        "公告牌、放映厅管理规定、放映员岗位职责全部落实到位。电影放映厅已开始接待观影群众,5月正式开展"
        "放映70场次。\n公益文化活动已分解下达任务到镇街和文化馆、图书馆,按月推进落实,至5月28日完成"
        "活动x场次。",
    ),
)

# --- 行政院 (Traditional), one cell per line, no owner columns ------------------------------
_TAIWAN = (
    T(
        seq="1",
        title="長期照顧",
        progress="一、規劃推動長期照顧十年計畫2.0:\n(一)105年5月31日行政院函頒「行政院長期照顧推動"
        "小組設置要點」,並於7月15日召開第1次委員會議,就長期照顧十年計畫2.0規劃方向提出報告,嗣於"
        "106年1月9日召開第2次委員會議,報告各項工作推動進度。\n()衛福部於105819日函報長期照顧十年"
        "計畫2.0草案,經林政務委員萬億於826日及30日邀集相關機關就計畫修正方向進行研商後,於929日"
        "行政院第3516次會議報告。嗣為整合有關機關長照資源並活化運用閒置空間推動該計畫,林政務委員於"
        "1019日及121日再邀集有關機關研商,經衛福部依院長指示及研商結論修正計畫,行政院業於1051219日"
        "函復衛福部:准予依核定本辦理,並協調有關機關及督導地方政府儘速全面執行落實推動,建立跨部會"
        "業務溝通聯繫及追蹤督考機制,以及配合長期照顧服務之需求與資源發展狀況滾動檢討,並適時評估"
        "未來續採稅收制或保險制,以利政策目標之達成。\n(三)衛福部為推動社區整體照顧模式實驗計畫,經"
        "完成兩梯次審查已通過20縣市23案試辦社區,105年12月16日總統與院長已分別至雲林縣、嘉義縣及"
        "臺北市萬華區之實驗計畫辦理據點掛牌及視導。",
    ),
)

# --- 岳阳楼区 (Traditional, with the mirror's pinyin in brackets after characters) ------------
_YUEYANG = (
    T(
        seq="1",
        title="精準扶貧:農村飲用水安全鞏固提升",
        responsible=("農林水務局",),
        target="1300人",
        progress="700",
    ),
    T(seq="2", title="新增城鎮就業", responsible=("人社局",), target="8950", progress="7356"),
    T(seq="3", title="建設農村公辦幼兒園(所)", responsible=("教育局",), target="2所"),
    T(seq="4", title="城市棚戶區改造(戶)", responsible=("房產分局",), target="7699套", progress="4629"),
    T(seq="5", title="新增養老服務床位", responsible=("民政局",), target="71個", progress="55"),
    T(seq="6", title="殘疾兒童搶救性康復", responsible=("殘聯",), target="73人", progress="73"),
    T(seq="7", title="孕產婦產前免費篩查", responsible=("衛生局",), target="3600人", progress="3436"),
)


# --- 许昌市: items with 责任单位: lines holding 等 and brackets; a stray masthead in the notice --
_XUCHANG_UNITS = ("市疫情防控指挥部办公室", "市卫生健康委", "各县(市、区)政府(管委会)")
_XUCHANG = (
    T(
        seq="1",
        title="坚持“外防输入、内防反弹”总体防控策略,完善常态化疫情防控举措,健全“及时发现、快速"
        "处置、精准管控、有效救治”常态化防控机制,巩固疫情防控持续向好态势,保障经济社会秩序全面恢复",
        responsible=_XUCHANG_UNITS,
    ),
    T(
        seq="2",
        title="坚持必要的人员管控和健康监测措施,引导群众做好自我防护",
        target="分类实施差异化防控措施,突出重点人群、重点场所、重点单位,强化无症状感染者、境外和中高"
        "风险地区来许返许人员管理,严密防范聚集性疫情风险。大力开展爱国卫生运动。",
        responsible=_XUCHANG_UNITS,
    ),
)


# --- 滁州市: 牵头负责领导 (a person) / 牵头责任单位 / 协同责任单位 lines, "等," and 各县、市、区政府 --
_CHUZHOU_COUNTIES = ("滁州经开区管委会", "中新苏滁高新区管委会", "各县、市、区政府")
_CHUZHOU = (
    T(
        seq="1",
        title="地区生产总值增长8%以上",
        leaders=("金力",),
        lead=("市发展改革委",),
        responsible=("市经信局", "市商务局", "市交通局", "市农业农村局", *_CHUZHOU_COUNTIES),
    ),
    T(
        seq="2",
        title="财政收入增长8%左右",
        leaders=("金力",),
        lead=("市财政局",),
        responsible=("市税务局", "滁州海关", "市人行", *_CHUZHOU_COUNTIES),
    ),
    T(
        seq="3",
        title="固定资产投资增长10%以上",
        leaders=("金力",),
        lead=("市发展改革委",),
        responsible=("市经信局", "市住建局", "市交通局", "市水利局", *_CHUZHOU_COUNTIES),
    ),
)


# --- 湖州市 / 桐乡市: sections under a mayor, one 责任单位 line, (列第一位…,下同) ----------------
_HUZHOU_LEAD = ("市政府办公室",)
_HUZHOU_RESPONSIBLE = ("市级其他有关单位", "各区县政府(含南太湖新区、长合区管委会)")
_HUZHOU = (
    T(
        seq="1",
        title="坚持稳中求进、以进促稳、先立后破,坚定不移实施“八八战略”,以三个“一号工程”为总牵引,"
        "深入实施“十项重大工程”,持续深化“在湖州看见美丽中国”实干争先主题实践,深入开展“大招商"
        "大引才大建设大发展”行动,加快打造“六个新湖州”,高水平建设生态文明典范城市",
        leaders=("洪湖鹏",),
        lead=_HUZHOU_LEAD,
        responsible=_HUZHOU_RESPONSIBLE,
    ),
    T(
        seq="2",
        title="坚持高站位、实干事、见真功相统一,全面提高政府自身建设水平,努力打造人民满意的现代政府",
        leaders=("洪湖鹏",),
        lead=_HUZHOU_LEAD,
        responsible=_HUZHOU_RESPONSIBLE,
    ),
)
_TONGXIANG = (
    T(
        seq="1",
        title="制定出台高质量发展“1+4+8”政策体系,建立企业参与的政策决策机制,用更有含金量、更具"
        "精准性、更多获得感的政策,与企业共克时艰",
        leaders=("于会游",),
        lead=("财政局",),
        responsible=(
            "发改局",
            "经信局",
            "科技局",
            "商务局",
            "人才办",
            "金融发展服务中心",
            "服务业局",
            "建设局",
            "农业农村局",
            "文化和广电旅游体育局",
            "工商联",
        ),
    ),
    T(
        seq="2",
        title="全面落实各级“五减”系列政策,加快兑现支持企业渡过难关“22条”和鼓励工业企业复工达产"
        "“10项举措”,力争为企业减负60亿元",
        leaders=("于会游",),
        lead=("发改局",),
        responsible=("经信局", "财政局", "金融发展服务中心", "税务局", "人民银行"),
    ),
)


# --- 开化县: 工作事项 / 进度安排 (①②③ dated steps) / 进展情况 / 完成情况 (达序推进) -----------
_KAIHUA = (
    T(
        seq="1",
        title="启动新安综合体建设",
        milestones=(
            ("2023-02-10", "完成设计招标"),
            ("2023-03-31", "完成图纸深化设计"),
            ("2023-05-31", "完成施工许可报批并开工建设"),
        ),
        progress="①已完成。2月10日,完成设计招标。②截至3月31日,施工图正在图审。",
        status="on_schedule",
    ),
    T(
        seq="2",
        title="以更加开放的姿态,支持银行、证券、保险业发展,壮大金融服务业",
        milestones=(
            ("2023-03-31", "召开金融联席会议,明确2023年金融指标增长目标,压实责任,明确举措"),
            ("2023-05-31", "召开金融助力“三年活动”破难攻坚要素保障政银企业对接会"),
            ("2023-06-30", "出台碳账户贷款贴息、央行结构性货币政策工具贴息政策,并组织开展兑现"),
        ),
        progress="①已完成。2月23日,召开2023年度第一次金融联席会议暨绿色金融推进会,传达省市金融工作"
        "精神,明确2023年金融指标增长目标,压实责任明确举措,为打造中国式现代化山区县样板提供高质量"
        "金融托举。",
        status="on_schedule",
    ),
)
_KAIHUA_TITLE = "开化县2023年度重点工作清单(一季度政府工作报告重点任务执行落实情况)"
_KAIHUA_SOURCE = (
    "(the page search gave no address) 开化县2023年度重点工作清单(一季度政府工作报告重点任务执行"
    "落实情况), 2023-12-22, 来源:开化县"
)

# --- 沁县: the lead unit named in the section heading (一、县示范区管委会牵头工作) --------------
_QINXIAN = (
    T(seq="1", title="投资3000万元建设南美白对虾工厂化循环水养殖基地", lead=("县示范区管委会",)),
    T(seq="2", title="打造食用菌酵素生产基地", lead=("县示范区管委会",)),
    T(
        seq="3",
        title="建设3个劳动密集型产业园",
        target="推动潞讯精密电子30条生产线投产,培育服装加工产业园,推动天欣纸业环保包装等项目达产达效。",
        lead=("县示范区管委会",),
    ),
)


CORPUS: dict[str, Doc] = {
    "lishan_2023_zhongdian_fengong.txt": Doc(
        kind="tasks",
        title=_LISHAN_TITLE,
        shapes=("txt", "list-owner-lines", "masthead-title"),
        tasks=_LISHAN,
        office="鞍山市立山区人民政府",
        source=_LISHAN_SOURCE,
    ),
    "lishan_2023_zhongdian_fengong.pdf": Doc(
        kind="tasks",
        title=_LISHAN_TITLE,
        shapes=("pdf", "list-owner-lines", "masthead-title"),
        tasks=_LISHAN,
        office="鞍山市立山区人民政府",
        source=_LISHAN_SOURCE,
    ),
    "cangnan_2022_minsheng_jindu.txt": Doc(
        kind="tasks",
        title=_CANGNAN_TITLE,
        shapes=("txt", "cell-per-line", "columns-named-differently"),
        tasks=_CANGNAN,
        office="苍南县人民政府办公室",
        source=_CANGNAN_SOURCE,
    ),
    "cangnan_2022_minsheng_jindu.xlsx": Doc(
        kind="tasks",
        title=_CANGNAN_TITLE,
        shapes=("xlsx", "columns-named-differently"),
        tasks=_CANGNAN,
        office="苍南县人民政府办公室",
        source=_CANGNAN_SOURCE,
    ),
    "cangnan_2022_minsheng_jindu.pdf": Doc(
        kind="tasks",
        title=_CANGNAN_TITLE,
        shapes=("pdf", "columns-named-differently"),
        tasks=_CANGNAN,
        office="苍南县人民政府办公室",
        source=_CANGNAN_SOURCE,
    ),
    "xinjian_2024_minsheng_piaojue.txt": Doc(
        kind="tasks",
        title=_XINJIAN_TITLE,
        shapes=(
            "txt",
            "pipe-rows",
            "header-split",
            "short-rows",
            "columns-named-differently",
            "count-column-trap",
        ),
        tasks=_XINJIAN,
        office="南昌市新建区人民政府",
        source=_XINJIAN_SOURCE,
    ),
    "xinjian_2024_minsheng_piaojue.html": Doc(
        kind="tasks",
        title=_XINJIAN_TITLE,
        shapes=("html", "merged-cells", "header-split", "count-column-trap"),
        tasks=_XINJIAN,
        office="南昌市新建区人民政府",
        source=_XINJIAN_SOURCE,
    ),
    "ningbo_2014_minshi_1-6yue_flattened.txt": Doc(
        kind="refuse",
        shapes=("txt", "not-a-task-list", "flattened-paragraph"),
        refuse_hint="段落",
        office="宁波市人民政府办公厅",
        source=_NINGBO_SOURCE,
    ),
    "ningbo_2014_minshi_1-6yue.docx": Doc(
        kind="tasks",
        shapes=("docx", "people-columns", "columns-named-differently"),
        tasks=_NINGBO,
        office="宁波市人民政府办公厅",
        source=_NINGBO_SOURCE,
    ),
    "ningbo_2014_gongjiao_xianlu_matrix.html": Doc(
        kind="refuse",
        shapes=("html", "gb2312", "not-a-task-list", "indicator-matrix"),
        refuse_hint="指标",
        office="宁波市人民政府办公厅",
        source=_NINGBO_SOURCE,
    ),
    "xianyang_2022_fangguanfu_yaodian.txt": Doc(
        kind="tasks",
        title=_XIANYANG_TITLE,
        shapes=("txt", "traditional", "list-lead-then-by-duty"),
        tasks=_XIANYANG,
        office="咸阳市人民政府",
        source=_XIANYANG_SOURCE,
    ),
    "xianyang_2022_fangguanfu_yaodian.html": Doc(
        kind="tasks",
        title=_XIANYANG_TITLE,
        shapes=("html", "traditional", "list-lead-then-by-duty"),
        tasks=_XIANYANG,
        office="咸阳市人民政府",
        source=_XIANYANG_SOURCE,
    ),
    "yuncheng_2017_yingji_shisanwu_fenjie.docx": Doc(
        kind="tasks",
        title="运城市突发事件应急体系建设“十三五”规划责任分解",
        shapes=("docx", "list-bracket-note-nested", "masthead-title"),
        tasks=_YUNCHENG,
        office="运城市人民政府办公厅",
        source="https://ncp.pkulaw.com/epidemiclar/38be8d5449e27cd4d9743b715461238bbdfb.html",
    ),
    "weihai_2023_shuzi_yaodian.pdf": Doc(
        kind="tasks",
        title="数字威海建设2023年工作要点",
        shapes=("pdf", "list-bracket-note-with-rule", "masthead-title"),
        tasks=_WEIHAI,
        office="威海市人民政府办公室",
        source="http://www.e-gov.org.cn/article-186199.html",
    ),
    "yuecheng_shisanwu_zhibiao.txt": Doc(
        kind="tasks",
        title="“十三五”规划主要指标完成情况",
        shapes=("txt", "space-separated-rows", "no-owner-columns", "status-column"),
        tasks=_YUECHENG,
        office="绍兴市越城区（《越城年鉴(2022)》）",
        source=_YUECHENG_SOURCE,
    ),
    "yuecheng_shisanwu_zhibiao.xlsx": Doc(
        kind="tasks",
        title="“十三五”规划主要指标完成情况",
        shapes=("xlsx", "no-owner-columns", "status-column"),
        tasks=_YUECHENG,
        office="绍兴市越城区（《越城年鉴(2022)》）",
        source=_YUECHENG_SOURCE,
    ),
    "ziyang_2022_changwuhui_tongbao.html": Doc(
        kind="refuse",
        shapes=("html", "not-a-task-list", "bulletin-without-ledger"),
        refuse_hint="通报",
        office="紫阳县人民政府办公室",
        source="https://www.zyx.gov.cn/Content-2463854.html",
    ),
    "xuancheng_2020_1-11yue_tongbao.txt": Doc(
        kind="refuse",
        shapes=("txt", "not-a-task-list", "bulletin-without-ledger"),
        refuse_hint="通报",
        office="宣城市人民政府办公室",
        source="https://www.xuancheng.gov.cn/OpennessContent/show/2044556.html",
    ),
    "fengongbiao_fenguanlingdao_boxtable.txt": Doc(
        kind="tasks",
        shapes=("txt", "box-drawn-table", "header-split", "people-columns", "merged-cells"),
        tasks=_BOX,
        office="未载明（法规库转载的某市政府工作任务分工表）",
        source="http://www.fymate.net/html/text/lar/169383/16938349_1.html",
    ),
    "lu_an_2017_minsheng_gongcheng_1-7yue.txt": Doc(
        kind="tasks",
        shapes=("txt", "list-inline-lead", "columns-named-differently"),
        tasks=_LUAN,
        office="六安市民生工程工作领导小组办公室（六安市民生办）",
        source="http://wxrb.luaninfo.com/p/a.aspx?id=11118&t=3&time=2017-08-11",
    ),
    "qunzhong_banshishi_20xiang_jinzhan.txt": Doc(
        kind="tasks",
        title="全县“我为群众办实事”实践活动20个项目进展与成效情况总结汇报",
        shapes=("txt", "list-key-next-line", "columns-named-differently"),
        tasks=_QUNZHONG,
        office="未载明县名（文档站转载的县级汇报）",
        source="https://laobiganzi.top/149649.html",
    ),
    "taiwan_xingzhengyuan_106nian2yue.txt": Doc(
        kind="tasks",
        title="政務委員督導及跨部會政策協調業務報告(106年2月)",
        shapes=("txt", "traditional", "cell-per-line", "no-owner-columns"),
        tasks=_TAIWAN,
        office="行政院（台湾地区）",
        source="https://buildingfocus.blogspot.tw/2017/05/1062.html",
    ),
    "yueyanglou_2017_minsheng_shishi_1-8yue.txt": Doc(
        kind="tasks",
        title="岳陽樓區2017年1-8月省重點民生實事完成情況表",
        shapes=(
            "txt",
            "pipe-rows",
            "traditional",
            "pinyin-artefacts",
            "period-progress-column",
            "columns-named-differently",
        ),
        tasks=_YUEYANG,
        office="岳阳市岳阳楼区实事办",
        source="http://monopolymediamarketing.com/21487/21498/21517/content_904163.html",
    ),
    "meishan_2019_shida_minsheng_gongcheng.txt": Doc(
        kind="refuse",
        shapes=("txt", "cell-per-line", "not-a-task-list", "indicator-matrix"),
        refuse_hint="指标",
        office="眉山市民生工作办公室",
        source="https://www.ms.gov.cn/info/5565/1083570.htm",
    ),
    "xuchang_2020_zhengfu_gongzuo_baogao_fenjie.txt": Doc(
        kind="tasks",
        shapes=("txt", "list-owner-lines", "units-with-deng-and-brackets", "stray-masthead"),
        tasks=_XUCHANG,
        office="许昌市人民政府（许政〔2020〕20号）",
        source="http://henan.kjzch.com/xuchang/2020-05-28/694791.html",
    ),
    "chuzhou_2020_zhongdian_gongzuo_fenjie.html": Doc(
        kind="tasks",
        title="2020年市政府重点工作及责任分解",
        shapes=("html", "list-owner-lines", "people-in-list", "units-with-deng-and-brackets"),
        tasks=_CHUZHOU,
        office="滁州市人民政府",
        source="http://www.chuzhou.gov.cn/public/152523227/567017766.html",
    ),
    "huzhou_2024_zhongdian_gongzuo_fenjie.txt": Doc(
        kind="tasks",
        title="2024年政府工作报告重点工作责任分解",
        shapes=("txt", "first-listed-is-lead", "leader-in-section-heading", "two-titles-in-notice"),
        tasks=_HUZHOU,
        office="湖州市人民政府办公室",
        source="http://www.huzhou.gov.cn/art/2024/3/11/art_1229773587_59069686.html",
    ),
    "tongxiang_2020_zhuyao_gongzuo_fenjie.docx": Doc(
        kind="tasks",
        title="2020年政府工作报告主要工作责任分解",
        shapes=("docx", "first-listed-is-lead", "leader-in-section-heading", "two-titles-in-notice"),
        tasks=_TONGXIANG,
        office="桐乡市人民政府办公室",
        source="http://www.nbxinxi.com/a/gedizhengce/zhejiangsheng/jiaxingshi/tongxiangsh/2021/0602/178890.html",
    ),
    "kaihua_2023_zhongdian_qingdan_q1.txt": Doc(
        kind="tasks",
        title=_KAIHUA_TITLE,
        shapes=("txt", "pipe-rows", "milestones", "status-column", "no-owner-columns"),
        tasks=_KAIHUA,
        office="开化县人民政府",
        source=_KAIHUA_SOURCE,
    ),
    "kaihua_2023_zhongdian_qingdan_q1.docx": Doc(
        kind="tasks",
        title=_KAIHUA_TITLE,
        shapes=("docx", "milestones", "status-column", "no-owner-columns"),
        tasks=_KAIHUA,
        office="开化县人民政府",
        source=_KAIHUA_SOURCE,
    ),
    "qinxian_2025_zhengfu_gongzuo_baogao_qingdan.txt": Doc(
        kind="tasks",
        title="2025年县政府工作报告任务清单",
        shapes=("txt", "lead-in-section-heading", "three-titles-in-notice"),
        tasks=_QINXIAN,
        office="沁县人民政府办公室",
        source="https://m.ltwz.net/news/DPweP9gqoV.html",
    ),
}
