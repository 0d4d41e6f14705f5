"""Small text rules shared by table and list interpretation."""

from __future__ import annotations

import itertools
import re

from duban.core.deadlines import parse_deadline
from duban.core.plan import MilestoneDoc

_ARTEFACT = re.compile(r"\[bookmark:[^\]]*\]")
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}
_OPEN, _CLOSE = "（(〔【[《“‘", "）)〕】]》”’"
_UNIT_SEPARATORS = "\n、，,；;"
_UNIT_SPLIT = re.compile(f"[{_UNIT_SEPARATORS}]")
_NO_UNITS = {"", "—", "——", "-", "--", "/", "无", "暂无"}
_REASON_PREFIX = re.compile(r"^(原因|理由|说明)\s*[:：]\s*")
_AFTER_NO = re.compile(r"^\s*(否|未完成|部分完成|尚未完成)\s*[，,:：。]?")
_DONE = ("是", "已完成", "完成", "已办结", "办结")
_NOT_DONE = ("否", "未完成", "部分完成", "尚未完成")


# Traditional forms of the characters in column names and unit keys, one for one, so that
# positions stay the same: matching runs on the simplified copy, the text is kept as written.
_TRADITIONAL = str.maketrans(
    "號編項稱標務況進際備註領導責單門協辦時間節點負擔實職計劃內類別達滯後狀態體與規設資額數個總報縣級聯繫業處關牽頭",
    "号编项称标务况进际备注领导责单门协办时间节点负担实职计划内类别达滞后状态体与规设资额数个总报县级联系业处关牵头",
)
# 區(qū), 實(shí): pinyin in brackets after a character, as some government pages print them.
_PINYIN = re.compile(r"[(（]\s*[a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,6}\s*[)）]")
_TONE = re.compile(r"[āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]")


def to_simplified(text: str) -> str:
    """Traditional characters of column names and unit keys in simplified form (for matching only)."""
    return text.translate(_TRADITIONAL)


def strip_pinyin(text: str) -> str:
    """Pinyin readings in brackets after characters (區(qū)) removed; brackets of words kept."""
    if not _TONE.search(text):
        return text
    return _PINYIN.sub(lambda m: "" if _TONE.search(m.group(0)) else m.group(0), text)


def to_half_width(text: str) -> str:
    """Full-width ASCII and the ideographic space as their half-width forms (for matching)."""
    return text.translate(_FULL_WIDTH)


def remove_artefacts(text: str) -> str:
    """Drop conversion leftovers such as ``[bookmark: OLE_LINK4]``."""
    return _ARTEFACT.sub("", text)


def clean_text(text: str) -> str:
    """A free-text cell: artefacts removed, each line trimmed, empty lines dropped."""
    if "\n" not in text and "[" not in text:
        return text.strip()  # the common case, without splitting
    lines = (line.strip() for line in remove_artefacts(text).split("\n"))
    return "\n".join(line for line in lines if line)


def join_label(text: str) -> str:
    """A short label wrapped across lines joins without a separator (基础设施\\n提升)."""
    return "".join(line.strip() for line in remove_artefacts(text).split("\n"))


def compact(text: str) -> str:
    """Text with every kind of whitespace removed, in half-width form (for comparisons)."""
    return re.sub(r"\s+", "", to_half_width(text))


def split_units(text: str, separators: str = "") -> list[str]:
    """Unit names from a cell: split on lines and 、，,；; (or on ``separators``), never inside brackets."""
    text = remove_artefacts(text)
    separators = separators or _UNIT_SEPARATORS
    if not any(char in _OPEN for char in text):  # no brackets: a plain split will do
        split = _UNIT_SPLIT.split(text) if separators == _UNIT_SEPARATORS else _split_on(text, separators)
        return _kept_units(split)
    names: list[str] = []
    depth, current = 0, list[str]()
    for char in text:
        depth += (char in _OPEN) - (char in _CLOSE and depth > 0)
        if depth == 0 and char in separators:
            names.append("".join(current))
            current = []
        else:
            current.append(char)
    names.append("".join(current))
    return _kept_units(names)


def _split_on(text: str, separators: str) -> list[str]:
    return re.split(f"[{re.escape(separators)}]", text)


def split_people(text: str) -> list[str]:
    """People's names from a 分管领导/责任领导 cell: 张三、李四 / 张三，李四 / one per line or space."""
    names = re.split(r"[\n、，,；;/\s]+", remove_artefacts(text))
    return [n.strip("。.") for n in names if n.strip("。.") and n.strip() not in _NO_UNITS]


# Checked in this order: 未达序 is behind, though it contains 达序.
_SCHEDULE_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("not_done", ("未完成", "否")),
    ("behind", ("滞后", "未达序", "未达到序时", "落后", "慢于序时", "进度偏慢", "未按序时")),
    ("done", ("已完成", "已办结", "完成", "是")),
    ("on_schedule", ("达序", "序时", "正常推进", "有序推进", "按计划推进", "超序时", "快于序时", "推进中")),
)


def parse_schedule_status(text: str, *, header: str = "") -> str:
    """done / on_schedule / behind / not_done from a 推进状态 or 是否达序 cell, "" when not understood.

    Under a 是否达序 header 是 and 否 answer "on schedule?", not "done?".
    """
    flat = compact(clean_text(text))
    if flat in ("是", "否") and ("达序" in header or "序时" in header):
        return "on_schedule" if flat == "是" else "behind"
    for status, words in _SCHEDULE_WORDS:
        if any(flat.startswith(w) for w in words) or any(w in flat for w in words if len(w) > 1):
            return status
    return ""


def _kept_units(names: list[str]) -> list[str]:
    stripped = (_TRAILING_DENG.sub("", n.strip().strip("。.").strip()) for n in names)
    kept = _rejoin([n for n in stripped if n not in _NO_UNITS])
    return [_TRAILING_NOTE.sub("", piece) for name in kept for piece in _split_and(name)]


def _rejoin(names: list[str]) -> list[str]:
    """Pieces that are no unit of their own go back into the name they were cut from.

    各县、市、区政府 lists three levels of one name (a piece of one character is a level,
    the piece after it ends the name); 市直有关部门、单位 ends in a generic noun.
    """
    joined: list[str] = []
    open_level = False
    for name in names:
        if joined and (len(name) == 1 or open_level or name in _GENERIC):
            open_level = len(name) == 1
            joined[-1] = f"{joined[-1]}、{name}"
        else:
            open_level = False
            joined.append(name)
    return joined


def _split_and(name: str) -> list[str]:
    """市级各有关部门及各县市区政府: two units joined by 及 (or 和, 以及)."""
    match = _AND.search(to_simplified(name))
    if match is None:
        return [name]
    return [name[: match.start()], name[match.end() :]]


# A trailing note on who builds the project is not part of the unit's name:
# 区教体局（区国资公司代建）, 南昌市政大道房地产有限公司（开发商配建学校项目）.
_TRAILING_NOTE = re.compile(r"\s*[（(][^（()）]*(?:代建|配建|承建|项目|负责|牵头|配合|协助)[^（()）]*[)）]$")
_GENERIC = {"单位", "部门", "单位等", "部门等"}
_UNIT_END = "局委办厅院府门心会司部室所站队处科镇道乡行校"
# 及 between two units: the name before ends like a unit, the one after starts like one.
_AND = re.compile(rf"(?<=[{_UNIT_END}])(?:以及|及|和)(?=[各市区县镇乡街].{{1,20}}[{_UNIT_END}]$)")


# 市卫生健康委等: a trailing 等 ("and others") is not part of the unit's name.
_TRAILING_DENG = re.compile(r"(?<=[局委办厅院府心会司部室所站队处科镇道乡行校])等$")


def parse_completed(text: str) -> tuple[bool | None, str, bool]:
    """(claim, shortfall reason, understood) from a 是否完成 cell."""
    flat = compact(clean_text(text))
    if not flat:
        return None, "", True
    reason = _reason(clean_text(text))
    if flat.startswith(_NOT_DONE):
        return False, reason, True
    if flat.startswith(_DONE):
        return True, "", True
    return None, "", False


def _reason(text: str) -> str:
    """The reason in the parenthesis after 否 (or the text after it), 原因： dropped."""
    match = re.search(r"[（(](.*)[）)]\s*$", text, flags=re.S)
    body = match.group(1) if match else _AFTER_NO.sub("", text)
    return _REASON_PREFIX.sub("", body.strip()).strip()


# ①②③…, (1)(2), 1. 1、 or ；-separated steps of a 进度安排 cell.
_STEP_MARK = re.compile(r"[①-⑳]|[（(]\s*\d{1,2}\s*[)）]|(?:^|(?<=[；;。\n]))\s*\d{1,2}\s*[.、．]")
_STEP_DATE = re.compile(
    r"(?:20\d{2}\s*年\s*)?(?:\d{1,2}\s*月(?:\s*\d{1,2}\s*日)?(?:底|末|上旬|中旬|下旬)?|年底|年内|[一二三四]季度|[上下]半年)"
)

_DATE_LEAD = re.compile(r"^\s*(?:前|以前|之前)?\s*[，,:：、]?\s*")


def split_milestones(text: str, default_year: int | None) -> list[MilestoneDoc]:
    """The dated steps of a 进度安排 cell: ①3月底前完成设计；②6月底前开工 → two milestones."""
    cleaned = clean_text(text)
    if not cleaned:
        return []
    marks = list(_STEP_MARK.finditer(cleaned))
    if marks:
        bounds = [m.start() for m in marks] + [len(cleaned)]
        pieces = [cleaned[a:b] for a, b in itertools.pairwise(bounds)]
        head = cleaned[: bounds[0]].strip()
        if head:
            pieces.insert(0, head)
    else:
        pieces = re.split(r"[；;\n]", cleaned)
    steps = []
    for piece in pieces:
        step = _STEP_MARK.sub("", piece, count=1).strip(" ；;。，,\n")
        if not step:
            continue
        found = _STEP_DATE.search(step)
        date = parse_deadline(found.group(0), default_year=default_year).date if found else None
        if found and date and found.start() == 0:  # "3月底前，完成设计": the date is the step's date
            rest = _DATE_LEAD.sub("", step[found.end() :]).strip()
            step = rest or step
        steps.append(MilestoneDoc(text=step, date=date))
    return steps
