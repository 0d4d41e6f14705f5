"""会议纪要 and 领导批示 split into 议定事项: proposed items with units and deadlines.

A document comes in as its paragraphs (from any reader, or pasted text). The masthead, the
文号, the attendance list and the web page's furniture are dropped; the items are the
paragraphs that carry the top level of numbering (一、 / （一） / 1. / ①), or the 一是 / 二是
runs inside one paragraph, or else one paragraph each. Units come from the directory the
caller passes in (names and aliases → the unit's name): a unit named before 配合 / 协助 /
参与, or after 配合 / 会同, is 配合 (responsible); any other is 牵头 (lead). Names the
directory does not know but the text assigns (由 X 牵头, 请 X) are kept apart, for a person to
match. The deadline is the first one an item states, read against the document's date.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from duban.core.deadlines import Deadline, find_deadline

# Top-level numbering styles, most senior first; the first one the document uses makes items.
_STYLES = (
    re.compile(r"^[一二三四五六七八九十]{1,3}[、.．]"),
    re.compile(r"^[（(][一二三四五六七八九十]{1,3}[)）]"),
    re.compile(r"^\d{1,2}[、.．](?!\d)"),
    re.compile(r"^[（(]\d{1,2}[)）]"),
    re.compile(r"^[①-⑳]"),
)
# 一是……；二是…… (or 一要 / 二要) inside one paragraph.
_INLINE = re.compile(r"(?:^|(?<=[：:；;。，,]))\s*[一二三四五六七八九十][是要]")
_REFERENCE = re.compile(
    r"[\u4e00-\u9fa5A-Za-z]*[〔\[【［(（]\s*((?:19|20)\d{2})\s*[〕\]】］)）]\s*第?\s*\d{1,4}\s*号"
)
_DATE = re.compile(r"((?:19|20)\d{2})\s*[年\-/.]\s*(\d{1,2})\s*[月\-/.]\s*(\d{1,2})\s*日?")
_LEADER = re.compile(
    r"([\u4e00-\u9fa5]{2,3})同志(?:作出|做出)?(?:重要)?批示"
    r"|(?:书记|市长|县长|区长|镇长|主任)([\u4e00-\u9fa5]{2,3})(?:同志)?(?:作出|做出)?批示"
)
# Lines that are the page or the masthead, not what the meeting decided.
_FURNITURE = re.compile(
    r"^(?:当前位置|来源|时间|地点|主持|出席|列席|参加|记录|缺席|抄送|分送|印发|本期发|发布时间|"
    r"发布日期|发布机构|生成日期|公开日期|成文日期|主题分类|关\s*键\s*词|文\s*号|索\s*引\s*号|浏览|"
    r"扫一扫|打印|关闭|附件|联系人|责任编辑|编辑|作者|图文解读|据悉|\[|https?[：:])"
    r"|访问量|字号|【字体|\[打印|参加了?(?:相关议题|会议)|印发?$"
)
# A paragraph with none of these gives no work to anyone (会上…汇报了…): not an item.
_DIRECTIVE = re.compile(
    r"要|请|负责(?!人|同志)|牵头|务必|确保|抓紧|尽快|同意|明确|落实|完成|按时|严格按照|做好|加强"
)
# What a paragraph starting so reports or suggests, rather than decides.
_NARRATIVE = re.compile(r"^(?:会上|据悉|建议)")
# The words of a 批示 are what it quotes: 批示“请外贸局了解清楚……”.
_QUOTED = re.compile(r"批示(?:要求|指出)?[：:]?[“\"]([^”\"]{4,})[”\"]")
_INTRO = re.compile(
    r"纪要如下|议定(?:了)?(?:以下|如下)|确定事项|主持召开|召开了?.{0,30}会议?|会议由.{2,12}主持"
)
_CLOSING = re.compile(r"^会议(?:还)?研究了其他事项|^以上|^特此")
_ENDS = "。；！？：”」）)"
_FULL_LINE = 0.9  # of the longest line: a printed line this long was cut by the page, not the writer
_FULL_WIDTH_MARKS = str.maketrans({",": "，", ";": "；", ":": "：", "!": "！", "?": "？"})
# Who does the work: a name the text assigns work to, when the directory does not know it.
_UNIT_WORDS = "局|委|办|中心|镇|乡|街道|公司|集团|部|室|院|所|站|厅|处|科|队|会|行"
_ASSIGNED = re.compile(
    rf"(?:由|请|^)((?:(?!同意|及|和|与|的|在)[\u4e00-\u9fa5]){{2,16}}?(?:{_UNIT_WORDS}))(?=牵头|负责|会同|要|抓紧|尽快|做好|结合|了解|按照|组织|对)"
)
_RESPONSIBLE_AFTER = re.compile(r"^(?:等(?:有关|相关)?(?:单位|部门))?(?:配合|协助|参与|参加)")
_RESPONSIBLE_BEFORE = re.compile(r"(?:配合|会同|协助)$")
# A unit the work is sent to (报县发改局汇总) or that wrote the page (县乡村振兴局供稿) does no work.
_RECIPIENT_BEFORE = re.compile(r"(?:报|报送|送|交|向)$")
_BYLINE = re.compile(r"[（(][^（）()]*供稿[)）]")


@dataclass(frozen=True)
class MinutesItem:
    """One 议定事项: its text as written, its units by role, and the deadline it states."""

    text: str
    lead_units: tuple[str, ...] = ()
    responsible_units: tuple[str, ...] = ()
    unmatched_units: tuple[str, ...] = ()  # assigned work in the text, unknown to the directory
    deadline: Deadline | None = None

    @property
    def title(self) -> str:
        """The item's first sentence, as a title for the 督办件."""
        first = re.split(r"[。；;]", self.text, maxsplit=1)[0]
        return first[:200]


@dataclass(frozen=True)
class Minutes:
    """What the splitter found: the title, 文号, the document's date, the instructing leaders, the items."""

    title: str
    reference: str
    issued_on: dt.date | None
    leaders: tuple[str, ...]
    items: tuple[MinutesItem, ...] = field(default_factory=tuple)


def split_minutes(
    paragraphs: Sequence[str], *, directory: Mapping[str, str] | None = None, today: dt.date
) -> Minutes:
    """Split a 纪要 or 批示 into items; deadlines count from its date, or from today without one."""
    lines = _unwrapped([line for line in map(_clean, paragraphs) if line])
    whole = "\n".join(lines)
    issued_on = _issued_on(lines) or today
    body = [line for line in _without_heading(lines) if not _is_masthead(line)]
    names = dict(directory or {})
    quoted = _QUOTED.findall(whole)
    texts = quoted or [t for t in _item_texts(body) if _DIRECTIVE.search(t) and not _NARRATIVE.match(t)]
    items = tuple(_item(text, names, issued_on) for text in texts)
    return Minutes(
        title=lines[0] if lines else "",
        reference=_reference(whole),
        issued_on=_issued_on(lines),
        leaders=_leaders(whole),
        items=tuple(item for item in items if item.text),
    )


def split_text(text: str, *, directory: Mapping[str, str] | None = None, today: dt.date) -> Minutes:
    """The same for pasted text, one paragraph a line."""
    return split_minutes(text.splitlines(), directory=directory, today=today)


def _clean(paragraph: str) -> str:
    """Full-width digits and letters folded (NFKC), the sentence marks kept full width as the
    office writes them, ① kept (NFKC would make it 1), spaces gone."""
    folded = (c if "①" <= c <= "⑳" else unicodedata.normalize("NFKC", c) for c in paragraph)
    text = "".join(folded).translate(_FULL_WIDTH_MARKS)
    return re.sub(r"\s+", "", text)


def _unwrapped(lines: list[str]) -> list[str]:
    """A PDF gives one paragraph per printed line: a full line that does not end a sentence
    runs on into the next (a short heading or a Word paragraph is never full)."""
    full = max((len(line) for line in lines), default=0) * _FULL_LINE
    joined: list[str] = []
    for line in lines:
        previous = joined[-1] if joined else ""
        if len(previous) >= full and previous[-1] not in _ENDS and not _numbered(line):
            joined[-1] = previous + line
        else:
            joined.append(line)
    return joined


def _reference(text: str) -> str:
    match = _REFERENCE.search(text)
    return re.sub(r"\s+", "", match.group()) if match else ""


def _issued_on(lines: Sequence[str]) -> dt.date | None:
    """The first full date in the document: the meeting's or the 批示's day, or the page's."""
    for line in lines:
        if match := _DATE.search(line):
            try:
                return dt.date(*(int(g) for g in match.groups()))
            except ValueError:
                continue
    return None


def _leaders(text: str) -> tuple[str, ...]:
    names = (a or b for a, b in _LEADER.findall(text))
    return tuple(dict.fromkeys(name for name in names if name))


def _is_masthead(line: str) -> bool:
    """A line that is the page, the heading, the 文号, the attendance, or the intro sentence."""
    if _FURNITURE.search(line) or _CLOSING.search(line):
        return True
    if _REFERENCE.fullmatch(line) or _DATE.fullmatch(line):
        return True
    if len(line) <= 40 and re.search(r"纪要$|会议$|批示$|召开$", line) and not _numbered(line):
        return True
    return bool(_INTRO.search(line)) and not _numbered(line) and not _INLINE.search(line)


def _without_heading(lines: Sequence[str]) -> list[str]:
    """The lines after the heading: the short lines before the first sentence (标题, 文号, 日期)."""
    first = next((i for i, line in enumerate(lines) if "。" in line or _numbered(line)), len(lines))
    return [line for i, line in enumerate(lines) if i >= first or len(line) > 60]


def _numbered(line: str) -> bool:
    return any(style.match(line) for style in _STYLES)


def _item_texts(body: Sequence[str]) -> list[str]:
    """The items' texts: by the document's top numbering, else by 一是 runs, else by paragraph."""
    style = next((s for s in _STYLES if any(s.match(line) for line in body)), None)
    if style is None:
        return [part for line in body for part in _inline_parts(line)]
    items: list[str] = []
    for line in body:
        if style.match(line):
            items.append(style.sub("", line, count=1))
        elif items:  # a paragraph under a numbered one belongs to it; the preamble to none
            items[-1] += line
    return items


def _inline_parts(line: str) -> list[str]:
    """一是……二是……三是…… as separate items; the words before 一是 are the run's heading."""
    starts = [m.start() for m in _INLINE.finditer(line)]
    if len(starts) < 2:
        return [line]
    bounds = [*starts, len(line)]
    parts = [line[a:b].strip("：:；;，, ") for a, b in itertools.pairwise(bounds)]
    # 一是 → the text after it; 一要 keeps its 要, which says the work is asked for.
    return [re.sub(r"^[一二三四五六七八九十](?:是|(?=要))", "", part).lstrip("，,：:") for part in parts]


def _item(text: str, names: Mapping[str, str], issued_on: dt.date) -> MinutesItem:
    text = _BYLINE.sub("", text).strip()
    leads, responsible = _directory_units(text, names)
    known = set(names) | set(names.values())
    unmatched = tuple(
        dict.fromkeys(n for n in _ASSIGNED.findall(text) if n not in known and not _covers(n, known))
    )
    return MinutesItem(
        text=text,
        lead_units=leads,
        responsible_units=responsible,
        unmatched_units=unmatched,
        deadline=find_deadline(text, issued_on=issued_on),
    )


def _covers(name: str, known: set[str]) -> bool:
    """Whether a phrase such as 区城管执法局局长 already contains a directory name."""
    return any(k in name for k in known)


def _directory_units(text: str, names: Mapping[str, str]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Directory names in the text, longest first so 市财政局 is not also read as 财政局."""
    taken = [False] * len(text)
    leads: dict[str, None] = {}
    responsible: dict[str, None] = {}
    for written in sorted(names, key=len, reverse=True):
        for match in re.finditer(re.escape(written), text):
            if any(taken[match.start() : match.end()]):
                continue
            taken[match.start() : match.end()] = [True] * len(written)
            if _RECIPIENT_BEFORE.search(text[: match.start()]):
                continue
            role = responsible if _is_responsible(text, match.start(), match.end()) else leads
            role[names[written]] = None
    leads_only = tuple(name for name in leads if name not in responsible)
    return leads_only, tuple(responsible)


def _is_responsible(text: str, start: int, end: int) -> bool:
    clause_start = max((text.rfind(p, 0, start) for p in "，,。；;："), default=-1) + 1
    after = text[end : end + 12]
    before = text[clause_start:start]
    return bool(_RESPONSIBLE_AFTER.match(after) or _RESPONSIBLE_BEFORE.search(before))
