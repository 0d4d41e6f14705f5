"""A layout (版式): which column of a document's grid holds which field, and how to read its rows.

Auto-detection proposes one for every grid it finds (``propose_layouts``); the office's
mapping step corrects it; ``interpret_document(doc, layout=…)`` reads the grid with it, and
a confirmed layout is remembered under the fingerprint of its header, so that next month's
return of the same table imports without asking again.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from duban.ingest.cleaning import compact
from duban.ingest.errors import IngestError
from duban.ingest.headers import Header, field_of, find_header, score_header
from duban.ingest.model import Document, Row, Table

# The fields a column can hold, in the office's words (the mapping step's choices).
FIELD_LABELS: dict[str, str] = {
    "seq": "序号",
    "category": "类别",
    "title": "工作任务",
    "target": "目标",
    "progress": "完成情况",
    "progress_entry": "分期进展",
    "completed": "是否完成",
    "status": "推进状态",
    "deadline": "完成时限",
    "milestones": "进度安排",
    "lead": "牵头单位",
    "responsible": "责任单位",
    "leaders": "责任领导",
    "note": "备注",
}
# Fields that several columns may hold: one progress column per period.
REPEATABLE = frozenset({"progress_entry"})

UNIT_SEPARATORS: dict[str, str] = {
    "": "自动",
    "、": "顿号（、）",
    "，": "逗号（，）",
    "；": "分号（；）",
    " ": "空格",
    "\n": "换行",
}


class LeadRule(StrEnum):
    """Who leads when the document does not say in a column of its own."""

    COLUMN = "column"  # the 牵头单位 column; with only 责任单位, nobody leads (unless a note says)
    FIRST_LISTED = "first_listed"  # 列第一位者为牵头单位: the first unit of the owner column
    ALL_LEAD = "all_lead"  # every unit named in the owner column leads


LEAD_RULE_LABELS: dict[LeadRule, str] = {
    LeadRule.COLUMN: "按“牵头单位”列（只有责任单位时均为责任单位，不指定牵头）",
    LeadRule.FIRST_LISTED: "列第一位者为牵头单位",
    LeadRule.ALL_LEAD: "所列单位均为牵头单位",
}


class ShortRows(StrEnum):
    """Where the cells a short row lacks were (a page's copy drops merged cells)."""

    AS_READ = ""  # at the end of the row, as the file gives it
    MERGED_LEFT = "merged_left"  # merged from the row above on the left: align by content to the right


SHORT_ROW_LABELS: dict[ShortRows, str] = {
    ShortRows.AS_READ: "按原样（缺的格在行尾）",
    ShortRows.MERGED_LEFT: "缺的格是上方合并的单元格：按内容靠右对齐，左侧沿用上一行",
}


class LayoutError(IngestError):
    """A layout that cannot be applied; the message is Chinese and says what to change."""


@dataclass(frozen=True)
class ColumnMap:
    column: int  # 1-based column of the grid
    field: str | None  # a key of FIELD_LABELS, or None: 忽略
    period: str = ""  # for progress_entry: the period the column reports (1-10月, 第二季度)

    def as_dict(self) -> dict[str, Any]:
        return {"column": self.column, "field": self.field, "period": self.period}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> ColumnMap:
        return cls(column=int(data["column"]), field=data.get("field"), period=str(data.get("period", "")))


@dataclass(frozen=True)
class Layout:
    header_rows: tuple[int, ...]  # Row.number of each header row (a header may span rows)
    columns: tuple[ColumnMap, ...]
    table: int = 1  # 1-based, among the document's tables (a workbook's sheets)
    section_rows: tuple[int, ...] = ()  # Row.number of rows that start a section, besides those detected
    unit_separator: str = ""  # a key of UNIT_SEPARATORS; "" splits on any of them
    lead_rule: LeadRule = LeadRule.COLUMN
    name: str = ""
    short_rows: ShortRows = ShortRows.AS_READ

    def __post_init__(self) -> None:
        _check(self)

    def field_columns(self) -> dict[str, int]:
        """Field -> column for the fields one column holds (the first column wins a repeat)."""
        columns: dict[str, int] = {}
        for mapped in self.columns:
            if mapped.field and mapped.field not in REPEATABLE:
                columns.setdefault(mapped.field, mapped.column)
        return columns

    def period_columns(self) -> list[tuple[int, str]]:
        return [(m.column, m.period) for m in self.columns if m.field == "progress_entry"]

    def as_dict(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "table": self.table,
            "header_rows": list(self.header_rows),
            "columns": [c.as_dict() for c in self.columns],
            "section_rows": list(self.section_rows),
            "unit_separator": self.unit_separator,
            "lead_rule": self.lead_rule.value,
            "short_rows": self.short_rows.value,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Layout:
        """A layout from its stored or exported form; LayoutError says what is wrong with it."""
        try:
            return cls(
                name=str(data.get("name", "")),
                table=int(data.get("table", 1)),
                header_rows=tuple(int(n) for n in data["header_rows"]),
                columns=tuple(ColumnMap.from_dict(c) for c in data["columns"]),
                section_rows=tuple(int(n) for n in data.get("section_rows", ())),
                unit_separator=str(data.get("unit_separator", "")),
                lead_rule=LeadRule(data.get("lead_rule", LeadRule.COLUMN)),
                short_rows=ShortRows(data.get("short_rows", ShortRows.AS_READ)),
            )
        except LayoutError:
            raise
        except (KeyError, TypeError, ValueError) as exc:
            raise LayoutError(f"版式文件格式不正确（{type(exc).__name__}：{exc}）") from exc


def _check(layout: Layout) -> None:
    if not layout.header_rows or min(layout.header_rows) < 1:
        raise LayoutError("版式未指定表头行")
    if layout.table < 1:
        raise LayoutError("版式的表格序号应从 1 开始")
    unknown = sorted({c.field for c in layout.columns if c.field and c.field not in FIELD_LABELS})
    if unknown:
        raise LayoutError(f"版式中有无法识别的字段：{'、'.join(unknown)}")
    if len({c.column for c in layout.columns}) != len(layout.columns):
        raise LayoutError("版式中同一列被指定了多次")
    if not any(c.field == "title" for c in layout.columns):
        raise LayoutError("请指定哪一列是“工作任务”（每行一项任务的那一列）")
    if layout.unit_separator not in UNIT_SEPARATORS:
        raise LayoutError(f"单位分隔符“{layout.unit_separator}”不在可选范围内")


def header_fingerprint(texts: Sequence[str]) -> str:
    """The same header (spaces and line breaks aside) gives the same fingerprint, whatever the file."""
    joined = "\x1f".join(compact(t) for t in texts)
    return hashlib.sha256(joined.encode()).hexdigest()[:32]


@dataclass(frozen=True)
class ColumnProposal:
    column: int
    header: str  # the header text as read (rows of a split header joined)
    field: str | None
    confidence: float  # 0..1: how sure auto-detection is of ``field``
    period: str = ""


@dataclass
class GridProposal:
    """What auto-detection makes of one grid: the layout it would apply, and how sure it is."""

    table: int  # 1-based among the document's tables
    name: str  # 表1, or the sheet's name
    layout: Layout | None  # None: no header row found, the office must say which row it is
    columns: list[ColumnProposal] = field(default_factory=list)
    fingerprint: str = ""

    @property
    def readable(self) -> bool:
        """Auto-detection found a header naming the task column and enough others."""
        return self.layout is not None


def propose_layouts(doc: Document) -> list[GridProposal]:
    """One proposal per table of the document, in document order."""
    return [_propose(number, table) for number, table in enumerate(doc.tables(), start=1)]


def _propose(number: int, table: Table) -> GridProposal:
    header = find_header(table.rows)
    if header is None:
        return GridProposal(table=number, name=table.name, layout=None)
    rows = header_rows(table, header)
    texts = header_texts(table, rows)
    columns = [_column(column, text, header) for column, text in enumerate(texts, start=1)]
    layout = Layout(
        header_rows=tuple(r.number for r in rows),
        columns=tuple(ColumnMap(c.column, c.field, c.period) for c in columns),
        table=number,
    )
    return GridProposal(number, table.name, layout, columns, header_fingerprint(texts))


def _column(column: int, text: str, header: Header) -> ColumnProposal:
    """The field auto-detection gives a column, with the header score as its confidence."""
    scored = score_header(text)
    period = dict(header.periods).get(column)
    if period is not None:
        return ColumnProposal(column, text, "progress_entry", scored.confidence, period)
    named = next((name for name, col in header.columns.items() if col == column), None)
    if named is None and scored.field == "responsible":  # 配合单位 beside 责任单位: more responsible units
        return ColumnProposal(column, text, "responsible", scored.confidence)
    if named is None:
        # A second column naming a field already taken (two 责任单位 columns) is left to the office.
        return ColumnProposal(column, text, None, round(scored.confidence / 2, 2) if scored.field else 0.0)
    confidence = scored.confidence if scored.field == named else 0.5
    return ColumnProposal(column=column, header=text, field=named, confidence=confidence)


def header_rows(table: Table, header: Header) -> list[Row]:
    """The rows that make up a detected header: its last row, and the one above when joined."""
    last = table.rows[header.row]
    above = table.rows[header.row - 1] if header.row > 0 else None
    if above is not None and _joined_into(above, last, header):
        return [above, last]
    return [last]


def _joined_into(above: Row, last: Row, header: Header) -> bool:
    return header.signature == tuple(compact(c.text) for c in last.cells) and any(
        field_of(a.text + b.text) != field_of(b.text)
        for a, b in zip(above.cells, last.cells, strict=False)
        if a.text != b.text
    )


def header_texts(table: Table, rows: Sequence[Row]) -> list[str]:
    """Each column's header text, the rows of a split header joined (责任 / 领导 → 责任领导)."""
    width = max((len(r.cells) for r in table.rows), default=0)
    texts = []
    for column in range(width):
        parts: list[str] = []
        for row in rows:
            text = row.cells[column].text.strip() if column < len(row.cells) else ""
            if text and (not parts or parts[-1] != text):
                parts.append(text)
        texts.append("".join(parts))
    return texts
