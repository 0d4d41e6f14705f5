"""The key acts a target asks for (开工, 竣工, 投入运营, 签约 …) and where they sit in a project's life.

A project passes through stages in order, so a report that some step is still
pending says every later step is not done either:

    0 设计    规划 设计 方案 论证
    1 前期    审批 报批 审查 评审 施工许可 施工图 招标 定标 考古 文勘 征地 征迁 供地 拿地 签约
    2 开工    开工 动工 开建 启动…建设/施工/改造
    3 施工    施工 浇筑 桩基 基础工程; 主体完工 (the structure, not the project)
    4 完工    完工 竣工 建成 完成…建设/改造/提升 …建设已完成
    5 装修    装修 装饰 设备安装 设备进场
    6 调试    调试 试生产 试运行
    7 验收    验收 交工; 交付 投入使用 通车 并网 移交
    8 运营    投入运营 投运 投产 试运营 试营业 营业 开业 开街 运营

揭牌, 成立 and 招商 are key acts outside that ladder: they match by name only.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from duban.core.consistency.text import clauses

# (pattern, canonical act, stage); earlier entries win where patterns overlap.
_ACTS: tuple[tuple[str, str, int | None], ...] = (
    (r"主体[^，。；、]{0,6}(?:完工|竣工|封顶)", "主体完工", 3),
    (r"启动[^，。；]{0,20}?(?:建设|施工|改造)|开工|动工|开建|施工建设|进场施工", "开工", 2),
    (
        r"完成[^，。；]{0,30}?(?:建设|改造|提升)|(?:建设|改造|提升)(?:工作|任务|工程)?(?:均已|已经|已|基本|全部)?完成"
        r"|完工|竣工|建成|封顶",
        "完工",
        4,
    ),
    (r"施工许可证?|施工图|报批|审批|审查|评审|立项|批复", "审批", 1),
    (r"招标|定标|中标", "招标", 1),
    (r"文勘|考古", "考古", 1),
    (r"征地|征迁|拆迁|征收", "征迁", 1),
    (r"供地|拿地|摘牌|土地出让", "供地", 1),
    (r"签约|签订|签署", "签约", 1),
    (r"规划|设计|方案|论证", "设计", 0),
    (r"施工|浇筑|桩基|基础工程", "施工", 3),
    (r"装修|装饰|设备(?:安装|进场|入驻)", "装修", 5),
    (r"调试|试生产|试运行", "调试", 6),
    (r"验收|交工", "验收", 7),
    (r"交付|投入使用|通车|并网|移交", "交付", 7),
    (r"投入运营|投运|投产|试运营|试营业|营业|开业|开街|运营", "运营", 8),
    (r"揭牌|挂牌", "揭牌", None),
    (r"成立|组建", "成立", None),
    (r"招商", "招商", None),
)
_ACT_RE = re.compile("|".join(f"(?P<a{i}>{pattern})" for i, (pattern, _, _) in enumerate(_ACTS)))
# Words that make what follows them preparation or ongoing work (筹备开工建设, 持续推进…运营):
# the target then asks for the effort, not for the act itself.
_PREPARATION_RE = re.compile(r"推进|推动|加快|持续|筹备|谋划|准备|做好|协助|配合|支持|探索|鼓励|引导")


@dataclass(frozen=True)
class Act:
    """A key act as written (surface) and what it is (name, stage)."""

    name: str
    stage: int | None
    surface: str


def find_acts(text: str) -> list[Act]:
    """Return the key acts named in text, in order."""
    acts: list[Act] = []
    for match in _ACT_RE.finditer(text):
        _, name, stage = _ACTS[int((match.lastgroup or "a0")[1:])]
        acts.append(Act(name, stage, match.group()))
    return acts


def target_acts(target: str) -> list[Act]:
    """Return the acts a target asks to be done, leaving out those it only asks to prepare or push.

    In 推进前期手续办理，年内开工建设 only 开工 is asked for; in 推动概念验证中心完成揭牌
    the 完成 after 推动 makes 揭牌 the act asked for again.
    """
    asked: list[Act] = []
    for span in clauses(target):
        for match in _ACT_RE.finditer(span.text):
            if _prepared_only(span.text[: match.start()]):
                continue
            _, name, stage = _ACTS[int((match.lastgroup or "a0")[1:])]
            asked.append(Act(name, stage, match.group()))
    return asked


def _prepared_only(before: str) -> bool:
    """Tell whether the words before an act make it preparation (筹备…) with no 完成 after them."""
    preparations = list(_PREPARATION_RE.finditer(before))
    return bool(preparations) and "完成" not in before[preparations[-1].end() :]


def final_stage(acts: list[Act]) -> int | None:
    """Return the latest ladder stage among acts, or None when none is on the ladder."""
    stages = [act.stage for act in acts if act.stage is not None]
    return max(stages) if stages else None
