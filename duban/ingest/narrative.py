"""Plans written as text: numbered lists with their units, and multi-year action plans.

Offices write two kinds of prose plan. A notice lists its work as numbered
items (一、/（一）/1./(1)), each followed by 牵头单位：…/责任单位：… lines or
ending in an inline （牵头部门：…；责任部门：…）; an inline unit note on the
last item of a block covers the items above it that have none. An action plan
(三年行动实施方案) adds 具体目标 whose numbered items carry the plan's goals.
Items that never get units (指导思想, 保障措施 …) are prose, not tasks.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from duban.core.deadlines import parse_deadline
from duban.core.plan import GoalDoc, SectionDoc, SourceRef, TaskDoc
from duban.core.quantities import extract_indicators
from duban.ingest.cleaning import split_people, split_units
from duban.ingest.headers import score_header
from duban.ingest.model import Paragraph

_CN = "一二三四五六七八九十"
_NUMBERING = (
    (1, re.compile(rf"^([{_CN}]+)\s*[、.．]\s*(.*)$", re.S)),
    (2, re.compile(rf"^[（(]\s*([{_CN}]+)\s*[)）]\s*[、.．]?\s*(.*)$", re.S)),
    (3, re.compile(r"^(\d{1,3})\s*(?:[.．、](?!\d)|\s)\s*(.*)$", re.S)),
    (4, re.compile(r"^[（(]\s*(\d+)\s*[)）]\s*(.*)$", re.S)),
)
_UNIT_KEYS = {
    "leaders": ("牵头负责领导", "责任领导", "分管领导", "牵头领导", "负责领导"),
    "lead": ("牵头责任单位", "牵头单位", "牵头部门", "牵头"),
    "responsible": (
        "协同责任单位",
        "配合责任单位",
        "责任单位",
        "责任部门",
        "配合单位",
        "配合部门",
        "协办单位",
        "协同单位",
        "责任主体",
        "承办单位",
    ),
    "deadline": ("完成时限", "时间节点", "完成时间", "时限"),
}
_KEY = "|".join(k for keys in _UNIT_KEYS.values() for k in keys)
_UNIT_LINE = re.compile(rf"^\s*({_KEY})\s*[:：]\s*(.*)$", re.S)
_TERMINAL = "。！？；：”’）)」』…"
# Traditional forms of the characters in unit keys, one for one, so positions stay the same:
# matching runs on the simplified copy, the text is kept as written.
_SIMPLIFIED = str.maketrans("牽頭責單門協辦時間節點負擔務實職", "牵头责单门协办时间节点负担务实职")
# （列第一位者为牵头单位，下同）, (列第一位的为工作牵头单位或汇总单位,下同): who leads, not a unit.
_LEAD_RULE = re.compile(r"[（(]\s*列(?:在)?第一位[^（()）]*?牵头[^（()）]*?[)）]")
# X牵头，Y按职责分工负责 / X牵头，Y配合
_LEADS_WITH = re.compile(
    r"^(.+?)牵头[，,、；;]?\s*(.*?)\s*"
    r"(?:按职责分工负责|按职责分工落实|按职责负责|配合|参与|协同|协助|负责)?[。.]?$",
    re.S,
)
_OPENING = {"）": "（", ")": "(", "〕": "〔", "】": "【"}
# 农村道路畅通工程，牵头部门：市交通局。建设进度…: the key inline after the item's name.
_INLINE_KEY = re.compile(
    rf"^([^，,。:：]{{2,40}}?)[，,]\s*({_KEY})\s*[:：]\s*([^。；;]+)[。；;]?\s*(.*)$", re.S
)
# 一、县示范区管委会牵头工作(8项): the heading names the lead unit of its items.
_LEAD_HEADING = re.compile(
    r"^(.{2,30}?(?:局|委|办|院|府|中心|管委会|公司|镇|街道|乡|部|会))牵头(?:的)?(?:重点)?工作"
)
# 一、洪湖鹏市长主抓重点工作: the heading names the leader of its items.
_LEADER_HEADING = re.compile(
    r"^([\u4e00-\u9fff]{2,3}?)(?:常务)?副?(?:市长|县长|区长|州长|镇长|乡长)(?:主抓|分管|牵头|负责)"
)
# A heading that says its items report progress (二、部分项目进展情况).
_PROGRESS_HEADING = re.compile(r"进展|进度|完成情况|推进情况|落实情况")
# The issuing office's name left after the last sentence (…市本级。 六安市民生办).
_SIGNATURE = re.compile(r"(?<=。)\s+[\u4e00-\u9fff]{2,12}$")
# Words that make a bracketed note at the end of an item look like an owner note.
_OWNERISH = ("单位", "部门", "牵头", "责任", "负责", "配合")
_JOINING = "，、（(“—"


@dataclass
class Item:
    level: int
    seq: str
    text: str
    paragraph: Paragraph
    units: dict[str, str] = field(default_factory=dict)  # lead/responsible/deadline -> as written
    parents: list[Item] = field(default_factory=list)
    first_listed: str = ""  # "this" or "following" (下同) when a note says the first unit listed leads
    unclear_note: bool = False  # ends in an owner-like note that was not understood
    pending_key: str = ""  # a unit key on a line of its own: its value is the next paragraph
    record: dict[str, str] = field(default_factory=dict)  # 项目名称：/项目内容：/进展与成效： fields
    record_key: str = ""  # the record field the next paragraphs belong to


def join_broken_paragraphs(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """Join paragraphs split by a page break inside a sentence or a word (市\\n\\n委组织部)."""
    joined: list[Paragraph] = []
    width, last_line = _line_width(paragraphs), ""
    for paragraph in (p for p in paragraphs if p.text.strip()):
        text = paragraph.text.strip()
        wrapped = joined and _wrapped(last_line, text, width)
        last_line = text
        if joined and (_continues(joined[-1].text, text) or wrapped):
            last = joined[-1]
            joined[-1] = Paragraph(text=last.text + text, number=last.number, line=last.line)
        else:
            joined.append(Paragraph(text=text, number=paragraph.number, line=paragraph.line))
    return joined


_MIN_WRAP = 20


def _line_width(paragraphs: list[Paragraph]) -> int:
    """The width of a page's full lines (a PDF's text layer): the commonest long line length."""
    lengths = Counter(len(p.text.strip()) for p in paragraphs if len(p.text.strip()) >= _MIN_WRAP)
    if not lengths:
        return 0
    width, count = lengths.most_common(1)[0]
    return width if count >= 3 else 0


def _wrapped(previous: str, text: str, width: int) -> bool:
    """A line (``previous``) as wide as the page's full lines, not ending a sentence, wraps on."""
    return (
        width > 0
        and len(previous) >= width - 2
        and not previous.endswith(tuple(_TERMINAL))
        and not numbering(text)
        and not _UNIT_LINE.match(text)
    )


def _continues(previous: str, text: str) -> bool:
    if numbering(text) or _UNIT_LINE.match(text):
        return False
    if _unbalanced(previous) or previous.endswith(tuple(_JOINING)):
        return True
    return len(previous) > 40 and not previous.endswith(tuple(_TERMINAL))


def _unbalanced(text: str) -> bool:
    return text.count("（") + text.count("(") > text.count("）") + text.count(")") or text.count(
        "“"
    ) > text.count("”")


def numbering(text: str) -> tuple[int, str, str] | None:
    """(level, number, rest) when a paragraph starts with 一、/（一）/1./(1)."""
    for level, pattern in _NUMBERING:
        match = pattern.match(text)
        if match and match.group(2).strip():
            return level, match.group(1), match.group(2).strip()
    return None


def read_items(paragraphs: list[Paragraph]) -> list[Item]:
    """Numbered items with their parents, unit lines and inline unit notes attached."""
    items: list[Item] = []
    stack: list[Item] = []
    for paragraph in paragraphs:
        found = numbering(paragraph.text)
        if found:
            level, seq, text = found
            stack = [i for i in stack if i.level < level]
            item = Item(level, seq, text, paragraph, parents=list(stack))
            _take_record_name(item)
            _take_unit_note(item)
            _take_heading_owners(item)
            items.append(item)
            stack.append(item)
        elif items:
            _attach(items[-1], paragraph.text)
    return items


_RECORD_KEY = re.compile(r"^([\u4e00-\u9fff]{2,8})\s*([:：]?)\s*(.*)$", re.S)


def _take_record_name(item: Item) -> None:
    """01 项目名称：X — a record of keyed fields: X is the name, 项目内容：/进展与成效： follow."""
    found = _RECORD_KEY.match(item.text)
    if found and found.group(2) and found.group(3).strip() and score_header(found.group(1)).field == "title":
        item.text = found.group(3).strip()
        item.record_key = "title"


def _attach_record(item: Item, text: str) -> bool:
    """In a record: a key line (with or without its colon) or more of the current field."""
    found = _RECORD_KEY.match(text.strip())
    field_name = score_header(found.group(1)).field if found else None
    if found and field_name in ("lead", "responsible") and not found.group(3).strip():
        item.pending_key = found.group(1) if found.group(1) in _KEY.split("|") else ""
        item.record_key = "units"
        return bool(item.pending_key)
    if found and field_name in ("title", "target", "progress") and (found.group(2) or not found.group(3)):
        item.record_key = "target" if field_name == "title" else field_name
        if found.group(3).strip():
            item.record[item.record_key] = found.group(3).strip()
        return True
    if item.record_key in ("target", "progress") and not _UNIT_LINE.match(text.translate(_SIMPLIFIED)):
        previous = item.record.get(item.record_key, "")
        item.record[item.record_key] = f"{previous}\n{text.strip()}" if previous else text.strip()
        return True
    return False


def _attach(item: Item, text: str) -> None:
    """A paragraph after an item: a unit line, a unit note, or more of the item's text."""
    text = _strip_lead_rule(item, text)
    if item.record_key and not item.pending_key and _attach_record(item, text):
        return
    line = _UNIT_LINE.match(text.translate(_SIMPLIFIED))
    note = _trailing_note(text.strip())
    if item.pending_key and text.strip():  # 牵头单位： on one line, the units on the next
        _store_units(item, f"{item.pending_key}：{text.strip()}")
        item.pending_key = ""
    elif line and not line.group(2).strip():
        item.pending_key = line.group(1)
    elif line:
        _store_units(item, f"{line.group(1)}：{text[line.start(2) :]}")
    elif note is not None and note[0] == 0 and _parse_note(note[1]):  # a paragraph that is only a note
        item.units.update(_parse_note(note[1]))
    elif not item.units:
        item.text = f"{item.text}\n{text}"


def states_lead_rule(text: str) -> bool:
    """Whether the text holds a note such as （列第一位者为牵头单位）."""
    return _LEAD_RULE.search(text.translate(_SIMPLIFIED)) is not None


def _strip_lead_rule(item: Item, text: str) -> str:
    """Take （列第一位者为牵头单位，下同） out of the text and remember what it says."""
    match = _LEAD_RULE.search(text.translate(_SIMPLIFIED))
    if match is None:
        return text
    item.first_listed = "following" if "下同" in match.group(0) else "this"
    return (text[: match.start()] + text[match.end() :]).strip()


def _take_unit_note(item: Item) -> None:
    item.text = _strip_lead_rule(item, item.text)
    note = _trailing_note(item.text)
    if note is None:
        _take_inline_key(item)
        return
    start, inner = note
    units = _parse_note(inner)
    if units:
        item.text = item.text[:start].strip()
        item.units.update(units)
    elif any(word in inner.translate(_SIMPLIFIED) for word in _OWNERISH):
        item.unclear_note = True


def _take_heading_owners(item: Item) -> None:
    """An item under 一、X牵头工作 is led by X; one under 一、X市长主抓重点工作 has X as its leader."""
    for parent in item.parents:
        lead = _LEAD_HEADING.match(parent.text.translate(_SIMPLIFIED))
        if lead and not item.units.get("lead"):
            item.units["lead"] = parent.text[: lead.end(1)]
        leader = _LEADER_HEADING.match(parent.text)
        if leader and not item.units.get("leaders"):
            item.units["leaders"] = leader.group(1)


def _take_inline_key(item: Item) -> None:
    """名称，牵头部门：X。其余: the units from the inline key, the name and the rest kept apart."""
    match = _INLINE_KEY.match(item.text.translate(_SIMPLIFIED))
    if match is None:
        return
    for name, keys in _UNIT_KEYS.items():
        if match.group(2) in keys:
            item.units[name] = item.text[match.start(3) : match.end(3)].strip()
    name, rest = item.text[: match.end(1)].strip(), item.text[match.start(4) :].strip()
    item.text = f"{name}。{rest}" if rest else name


def _trailing_note(text: str) -> tuple[int, str] | None:
    """(start, content) of the bracketed note ending ``text``, brackets inside it balanced."""
    body = text.rstrip().rstrip("。.；;")
    if not body or body[-1] not in _OPENING:
        return None
    depth = 0
    for index in range(len(body) - 1, -1, -1):
        char = body[index]
        if char in _OPENING:
            depth += 1
        elif char in _OPENING.values() or char in "（(〔【":
            depth -= 1
            if depth == 0:
                return index, body[index + 1 : -1].strip()
    return None


def _parse_note(note: str) -> dict[str, str]:
    """Units from a note: 牵头单位：X；责任单位：Y, or X牵头，Y按职责分工负责 / X牵头，Y配合."""
    units: dict[str, str] = {}
    _store_into(units, note)
    if units:
        return units
    simplified = note.translate(_SIMPLIFIED)
    match = _LEADS_WITH.match(simplified)
    if match and match.group(1).strip() and ":" not in match.group(1) and "：" not in match.group(1):
        units["lead"] = note[match.start(1) : match.end(1)].strip()
        if match.group(2).strip():
            units["responsible"] = note[match.start(2) : match.end(2)].strip()
    return units


def _store_units(item: Item, note: str) -> None:
    _store_into(item.units, note)


def _store_into(units: dict[str, str], note: str) -> None:
    for part in _split_outside_brackets(note):
        match = re.match(r"\s*([^:：]+?)\s*[:：]\s*(.*)$", part.translate(_SIMPLIFIED), re.S)
        if not match:
            continue
        for name, keys in _UNIT_KEYS.items():
            # 责任单位：Y。以下任务均需…: the units end with the sentence.
            value = _first_sentence(part[match.start(2) :]).strip()
            if match.group(1) in keys and value:
                units[name] = value


def _first_sentence(text: str) -> str:
    """Text up to its first 。 outside brackets."""
    depth = 0
    for index, char in enumerate(text):
        depth += (char in "（(〔【") - (char in _OPENING and depth > 0)
        if char == "。" and depth == 0:
            return text[:index]
    return text


def _split_outside_brackets(note: str) -> list[str]:
    """Split on ；; that are not inside brackets (各县（市；区）… stays whole)."""
    parts, depth, start = [], 0, 0
    for index, char in enumerate(note):
        if char in "（(〔【":
            depth += 1
        elif char in _OPENING:
            depth -= 1
        elif char in "；;" and depth <= 0:
            parts.append(note[start:index])
            start = index + 1
    parts.append(note[start:])
    return parts


def sections_from_items(items: list[Item], *, default_year: int | None, table: str) -> list[SectionDoc]:
    """Tasks are the items at the deepest level that carries units; their 一、 heading is the section."""
    level = max((i.level for i in items if i.units), default=0)
    tasks = [i for i in items if i.level == level]
    _cover_blocks(tasks)
    _spread_lead_rule(items)
    sections: dict[str, SectionDoc] = {}
    for item in (i for i in tasks if _has_units(i)):
        heading = next((p for p in item.parents if p.level == 1), None)
        title = _title_of(heading.text) if heading else ""
        section = sections.setdefault(title, SectionDoc(title=title))
        section.tasks.append(_task(item, default_year=default_year, table=table))
    return list(sections.values())


def _has_units(item: Item) -> bool:
    return bool(item.units.get("lead") or item.units.get("responsible"))


def _cover_blocks(tasks: list[Item]) -> None:
    """An item's unit note covers the items above it in the same block that have none."""
    cover: dict[str, str] = {}
    parent: Item | None = None
    for item in reversed(tasks):
        this_parent = item.parents[-1] if item.parents else None
        if this_parent is not parent:
            cover, parent = {}, this_parent
        if _has_units(item):
            cover = item.units
        elif item.unclear_note:
            # A note we could not read is this item's own: never hand it the next item's units.
            cover = {}
        elif cover:
            item.units = dict(cover)


def _spread_lead_rule(items: list[Item]) -> None:
    """列第一位者为牵头单位，下同: the rule holds for its item and every item after it."""
    following = False
    for item in items:
        if item.first_listed == "following":
            following = True
        elif following and not item.first_listed:
            item.first_listed = "this"


def _title_of(text: str) -> str:
    return re.split(r"[。：:]", text, maxsplit=1)[0].strip()


def _task(item: Item, *, default_year: int | None, table: str) -> TaskDoc:
    title, target = _split_title(item.text)
    lead, responsible = (
        split_units(item.units.get("lead", "")),
        split_units(item.units.get("responsible", "")),
    )
    if not lead and item.first_listed:  # only 责任单位, and a note says the first one listed leads
        lead, responsible = responsible[:1], responsible[1:]
    elif item.first_listed and len(lead) > 1:  # 列第一位者为牵头单位
        lead, responsible = lead[:1], lead[1:] + responsible
    deadline = parse_deadline(item.units.get("deadline", ""), default_year=default_year)
    category = next((p.text for p in item.parents if p.level == 2), "")
    progress = item.record.get("progress", "")
    target = item.record.get("target", target)
    if target and not progress and any(_PROGRESS_HEADING.search(_title_of(p.text)) for p in item.parents):
        progress, target = _SIGNATURE.sub("", target), ""  # the items report progress
    return TaskDoc(
        seq=item.seq,
        category=_title_of(category),
        title=title,
        target=target,
        progress=progress,
        lead_units=lead,
        responsible_units=responsible,
        deadline=deadline.date,
        deadline_text=deadline.text,
        deadline_kind=deadline.kind,
        leaders=split_people(item.units.get("leaders", "")),
        indicators=extract_indicators(target or title),
        source_ref=SourceRef(table=table, row=item.paragraph.number, line=item.paragraph.line),
    )


def _split_title(text: str) -> tuple[str, str]:
    """`标题。正文` → (标题, 正文) when the first sentence is a short title."""
    head, sep, rest = text.partition("。")
    if sep and rest.strip() and len(head) <= 40:
        return head.strip(), rest.strip()
    return text.strip().rstrip("。"), ""


def goals_from_items(items: list[Item]) -> list[GoalDoc]:
    """Numbered items under a heading that names 目标 are the plan's goals."""
    goals: list[GoalDoc] = []
    for item in items:
        heading = next((p for p in item.parents if p.level == 1), None)
        if heading and "目标" in heading.text and item.parents[-1] is heading:
            goals.append(GoalDoc(text=item.text, indicators=extract_indicators(item.text)))
    return goals
