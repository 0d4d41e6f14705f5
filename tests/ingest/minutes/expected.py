"""Real 会议纪要 and 领导批示 from public government pages, with the items the splitter must find.

Each text is the page's words as published (the search excerpt of it: a few are cut short where
the excerpt ends), with Chinese commas and colons written full width. Nothing is invented. Per
document: where it was published, the directory of units the test passes in (as written → the
unit's name), and what comes out: 文号, date, leaders, and per item its first words, its lead
and 配合 units and its deadline.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Item:
    starts: str
    leads: tuple[str, ...] = ()
    responsible: tuple[str, ...] = ()
    deadline: dt.date | None = None


@dataclass(frozen=True)
class Expected:
    url: str
    items: tuple[Item, ...]
    directory: dict[str, str] = field(default_factory=dict)
    reference: str = ""
    issued_on: dt.date | None = None
    leaders: tuple[str, ...] = ()


DOCUMENTS = {
    "suzhou_changwu_2023_4.txt": Expected(
        url="https://wttt2.com/www/szsrmzf/zfhy/202302/73f136bc0e98437d80b0ecb467c0e68c",
        reference="常务会议纪要〔2023〕4号",
        issued_on=dt.date(2023, 2, 13),
        items=(Item("听取政府系统承办市十七届人大二次会议代表建议"),),
    ),
    "linyi_zhujian_2021_2.txt": Expected(
        url="http://lyjs.linyi.gov.cn/info/1531/68945.htm",
        reference="局长办公会会议纪要【2021】第2号",
        issued_on=dt.date(2021, 8, 16),
        items=(
            Item("会议原则同意《临沂市扶持建筑业骨干企业发展实施方案》"),
            Item("会议听取了关于城市(县城)清洁取暖建设情况的汇报"),
            Item("会议原则同意《住建领域防汛紧急处置方案》"),
        ),
    ),
    "anhui_haihang_xietiao.txt": Expected(
        url="http://www.xuexila.com/fanwen/huiyijiyao/2094019.html",
        directory={"省有关部门": "省有关部门", "海航集团": "海航集团有限公司"},
        items=(
            Item("原则同意省有关部门及海航集团", leads=("省有关部门", "海航集团有限公司")),
            Item("请海航集团结合会议讨论的意见", leads=("海航集团有限公司",)),
        ),
    ),
    "yulin_pishi_2004.txt": Expected(
        url="http://news.sina.com.cn/s/2004-09-01/04583550275s.shtml",
        directory={"外贸局": "市外贸局"},
        issued_on=dt.date(2004, 9, 1),
        leaders=("周一波",),
        items=(Item("请外贸局了解清楚，如属实认真依法处理", leads=("市外贸局",)),),
    ),
    "shibing_xiangmu_2020.txt": Expected(
        url="http://xianyu.chinaxiaokang.com/qiandongnanmiaozudongzuzizhizhou/shibingxian/huizhan/2020/0210/986465.html",
        directory={"县发改局": "县发展和改革局"},
        issued_on=dt.date(2020, 2, 10),
        items=(
            Item("张双红要求，各单位要深刻领悟省州相关会议精神"),
            # 报县发改局汇总: the bureau receives the reports, it does not write them.
            Item("各单位会后抓紧将《施秉县应对疫情防控针对领域项目储备清单》", deadline=dt.date(2020, 2, 9)),
            Item("县发改局要按照张双红县长的指示", leads=("县发展和改革局",)),
        ),
    ),
    "luquan_pingshen_2022.txt": Expected(
        url="http://www.kmlq.gov.cn/c/2022-04-28/5925997.shtml",
        directory={"县乡村振兴局": "县乡村振兴局"},
        issued_on=dt.date(2022, 4, 28),
        items=(
            Item("要高度重视，加强衔接沟通"),
            Item("县乡村振兴局要紧扣国家", leads=("县乡村振兴局",)),
            Item("按时上报项目规划表"),  # the byline (县乡村振兴局 供稿) names no one to do it
        ),
    ),
    "xinhua_quzhang_2024.txt": Expected(
        url="https://xinhuaqu.gov.cn/contents/36106/649699.html",
        issued_on=dt.date(2024, 3, 4),
        items=(
            Item("会议听取了参会领导本周重点工作安排"),
            Item("要快速推进镇、街道创文指挥部实体化运作"),
            Item("要提升要素保障水平"),
            Item("要力促12345民生热线服务质效提升"),
        ),
    ),
    "erqi_louyuan_2017.txt": Expected(
        url="http://henan.kjzch.com/zhengzhou/2017-05-22/228078.html",
        directory={"区委办": "区委办公室"},
        issued_on=dt.date(2017, 5, 22),
        items=(
            # 一是建议…二是建议…: a participant's suggestions, not what was decided.
            Item("最后，区委办冯沛主任针对下阶段", leads=("区委办公室",)),
            Item("冯主任强调：无主管楼院治理问题", leads=("区委办公室",)),
        ),
    ),
    "wencheng_xianzhang_2020.txt": Expected(
        url="http://www.66wc.com/system/2020/07/03/013820030.shtml",
        issued_on=dt.date(2020, 7, 3),
        items=(Item("就各副县长1-6月份“六重清单”进展情况"),),
    ),
    "pingjiang_changshou_2018.txt": Expected(
        url="http://www.pingjiang.gov.cn/35048/35049/34957/36222/36229/content_1430223.html",
        directory={"各村": "各村（居）"},
        issued_on=dt.date(2018, 10, 14),
        items=(
            Item(
                "流动会现场，常务副镇长方仁良要求各村", leads=("各村（居）",), deadline=dt.date(2018, 10, 15)
            ),
            Item("镇长吴友谊向各村交代了油菜种植需要注意事项", leads=("各村（居）",)),
        ),
    ),
}
