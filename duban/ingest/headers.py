"""Finding the header row of a key-work table by the names offices give its columns."""

from __future__ import annotations

import re
from dataclasses import dataclass

from duban.ingest.cleaning import compact, parse_schedule_status, to_simplified
from duban.ingest.model import Row

# The names offices give each column. A header cell is scored against every field: the
# longest name it contains wins (目标任务 is a target, not a task; 牵头领导 names people,
# not the 牵头单位; 年度任务完成情况 is progress), ties going to the field listed first.
SYNONYMS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("seq", ("序号", "编号")),
    ("completed", ("是否完成", "完成与否")),
    ("status", ("是否达序", "达序推进", "达序", "滞后", "推进状态", "进度状态", "序时进度", "是否滞后")),
    (
        "progress",
        (
            "完成情况",
            "进展情况",
            "推进情况",
            "落实情况",
            "进度情况",
            "工作进展",
            "进展",
            "实施进度",
            "当前进度",
            "完成进度",
            "实际完成",
            "预计值",
            "实际值",
            "完成值",
            "进度",
        ),
    ),
    ("milestones", ("进度安排", "推进计划", "节点安排", "时序进度", "进度计划")),
    ("deadline", ("完成时限", "时间节点", "完成时间", "时限", "时间安排", "完成期限")),
    (
        "leaders",
        ("分管领导", "责任领导", "牵头领导", "联系领导", "包抓领导", "县级领导", "市级领导", "责任人"),
    ),
    ("lead", ("牵头单位", "牵头部门", "牵头科室", "主办单位", "牵头")),
    (
        "responsible",
        (
            "责任主体与协同单位",
            "责任单位",
            "责任部门",
            "配合单位",
            "配合部门",
            "协办单位",
            "协办部门",
            "责任科室",
            "责任主体",
            "协同单位",
            "承办单位",
            "业主单位",
            "实施单位",
            "责任股室",
        ),
    ),
    ("category", ("主要任务", "工作类别", "任务类别", "类别", "板块", "领域")),
    (
        "target",
        (
            "全年目标任务",
            "攻坚目标任务",
            "年度主要目标",
            "工作目标",
            "目标任务",
            "主要目标",
            "年度目标",
            "建设内容及规模",
            "建设内容",
            "建设规模",
            "目标",
        ),
    ),
    (
        "title",
        (
            "重点工作",
            "工作任务",
            "工作事项",
            "工作内容",
            "民生实事",
            "项目名称",
            "实事项目",
            "任务名称",
            "事项名称",
            "具体任务",
            "具体工作",
            "主要内容",
            "指标名称",
            "任务",
            "项目",
            "内容",
            "事项",
        ),
    ),
    ("note", ("备注", "说明")),
)
FIELDS = tuple(name for name, _ in SYNONYMS)
# A name inside these words is not the field: 实事项目数量 counts projects, it is no task column.
EXCLUSIONS: dict[str, tuple[str, ...]] = {
    "title": ("数量", "个数", "金额", "投资", "资金", "万元", "比例", "占比", "完成率"),
    "target": ("完成比例", "完成率"),
    "progress": ("完成比例", "完成率"),
    "completed": ("达序", "序时"),
    "leaders": ("单位", "部门"),
    "responsible": ("牵头",),  # 牵头组织实施单位 names the lead, whatever else it says
}
# 1-10月, 1—11月, 第二季度, 二季度, 上半年, 前三季度, 3月份: the period a progress column reports.
_PERIOD = re.compile(
    r"(\d{1,2}\s*[-—–~～至]\s*\d{1,2}\s*月|第?[一二三四1-4]季度|前[一二三]季度|[上下]半年|\d{1,2}\s*月份?|截至\S{2,12}?(?=完成|进展|推进))"
)
_LONGEST_HEADER = 30
_SHORT_STATUS = 8  # 达序推进, 进度滞后: a status cell is a few words, not a report


@dataclass(frozen=True)
class Scored:
    field: str | None
    confidence: float  # 0..1
    period: str = ""


def score_header(text: str) -> Scored:
    """The field a header cell names, how sure that is (the name's share of the cell), and a period."""
    if len(text) > _LONGEST_HEADER * 2:  # cheap first: long cells are data, not names
        return Scored(None, 0.0)
    flat = to_simplified(compact(text))
    if not flat or len(flat) > _LONGEST_HEADER:
        return Scored(None, 0.0)
    best: tuple[int, int, str] | None = None
    for rank, (name, words) in enumerate(SYNONYMS):
        if any(word in flat for word in EXCLUSIONS.get(name, ())):
            continue
        length = max((len(w) for w in words if w in flat), default=0)
        if length and (best is None or length > best[0]):
            best = (length, rank, name)
    if best is None:
        return Scored(None, 0.0)
    length, _rank, name = best
    period = ""
    if name == "progress":
        found = _PERIOD.search(flat)
        period = found.group(1) if found else ""
    return Scored(name, round(0.5 + 0.5 * min(length / len(flat), 1.0), 2), period)


@dataclass(frozen=True)
class Header:
    row: int  # index in the table's rows of the (last) header row
    columns: dict[str, int]  # field -> 1-based column
    signature: tuple[str, ...]  # the header texts, to recognise a repeat after a page break
    periods: tuple[tuple[int, str], ...] = ()  # (column, period) of dated progress columns


def field_of(text: str) -> str | None:
    """The field a header cell names, or None."""
    return score_header(text).field


def match_header(texts: list[str]) -> dict[str, int]:
    """Field -> column for one row of header texts; the first column wins a repeated field."""
    return _match(texts)[0]


def _match(texts: list[str]) -> tuple[dict[str, int], tuple[tuple[int, str], ...]]:
    """(field -> column, (column, period) of each dated progress column) for one header row.

    Several progress columns each reporting a period (1-10月完成情况 / 1-11月完成情况) are
    dated progress entries; a single one stays the task's progress.
    """
    columns: dict[str, int] = {}
    dated: list[tuple[int, str]] = []
    for column, text in enumerate(texts, start=1):
        scored = score_header(text)
        if scored.field == "progress" and scored.period:
            dated.append((column, scored.period))
        if scored.field and scored.field not in columns:
            columns[scored.field] = column
        elif scored.field == "title" and columns["title"] == column - 1 and texts[column - 2] == text:
            columns["title"] = column  # 项目名称 across two columns: the group, then the item
    if len(dated) > 1:
        if columns.get("progress") in {c for c, _ in dated}:
            del columns["progress"]
        return columns, tuple(dated)
    return columns, ()


def is_header(columns: dict[str, int]) -> bool:
    return "title" in columns and len(columns) >= 3


def find_header(rows: list[Row]) -> Header | None:
    """The first row (or pair of rows, for headers split across cells) that names the columns."""
    for index, row in enumerate(rows):
        texts = [c.text for c in row.cells]
        columns, periods = _match(texts)
        if _may_continue_below(row) and index + 1 < len(rows) and not _starts_with_number(rows[index + 1]):
            below = [c.text for c in rows[index + 1].cells]
            joined = [a + b if a != b else a for a, b in zip(texts, below, strict=False)]
            joined_columns, joined_periods = _match(joined)
            spanned = _merged_from(rows[index + 1], row)
            more = len(joined_columns) > len(columns) or (spanned and len(joined_columns) == len(columns))
            if more and is_header(joined_columns):
                _status_by_content(rows, index + 1, joined, joined_columns)
                return Header(index + 1, joined_columns, _signature(rows[index + 1]), joined_periods)
        if is_header(columns):
            _status_by_content(rows, index, texts, columns)
            return Header(index, columns, _signature(row), periods)
    return None


def _status_by_content(rows: list[Row], index: int, texts: list[str], columns: dict[str, int]) -> None:
    """A second 完成情况 column whose cells all say 达序推进 / 滞后 / 已完成 is the status column."""
    if "status" in columns:
        return
    taken = set(columns.values())
    for column, text in enumerate(texts, start=1):
        if column in taken or score_header(text).field != "progress":
            continue
        values = [compact(r.cells[column - 1].text) for r in rows[index + 1 :] if column <= len(r.cells)]
        values = [v for v in values if v]
        if values and all(len(v) <= _SHORT_STATUS and parse_schedule_status(v) for v in values):
            columns["status"] = column
            return


def _merged_from(below: Row, row: Row) -> bool:
    """The row below holds cells merged down from this one: a header of two rows."""
    return any(c.merged and c.origin is not None and c.origin[0] == row.number for c in below.cells)


def _may_continue_below(row: Row) -> bool:
    """A title row (one value, often merged across) never joins the row below into a header."""
    return len({c.text for c in row.cells if c.text.strip()}) > 1


def _signature(row: Row) -> tuple[str, ...]:
    return tuple(compact(c.text) for c in row.cells)


def _starts_with_number(row: Row) -> bool:
    first = compact(row.cells[0].text) if row.cells else ""
    return first.isdigit()
