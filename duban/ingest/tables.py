"""Reading the rows of a key-work table into sections and tasks.

The rules (docs/ingest.md) are the ones offices apply when they read their own
tables: blank cells continue the cell above, a row with one cell across the
table starts a new section, a repeated header after a page break is skipped.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from duban.core.deadlines import parse_deadline
from duban.core.plan import ParseWarning, ProgressEntryDoc, SectionDoc, SourceRef, TaskDoc
from duban.core.quantities import extract_indicators
from duban.ingest.boxdrawing import BULLETS
from duban.ingest.cleaning import (
    clean_text,
    join_label,
    parse_completed,
    parse_schedule_status,
    split_milestones,
    split_people,
    split_units,
)
from duban.ingest.errors import IngestError, Where
from duban.ingest.headers import Header, match_header
from duban.ingest.model import Cell, Row, Table


class MisalignedRow(IngestError):
    """A row with cells beyond its header's last column: the grid as read is out of line."""


@dataclass(frozen=True)
class ReadOptions:
    """What a person said in the mapping step about reading rows (defaults: detect)."""

    section_rows: frozenset[int] = frozenset()  # Row.number of rows that start a section
    unit_separator: str = ""  # "" splits on any of 、，,；; and line breaks
    first_listed_leads: bool = False  # 列第一位者为牵头单位, even in a 牵头 column of several units
    all_lead: bool = False  # every unit of the owner column leads
    periods: tuple[tuple[int, str], ...] = ()  # (column, period) of each dated progress column
    header_texts: tuple[str, ...] = ()  # each column's header, for cells read in its light (是否达序)
    more_responsible: tuple[int, ...] = ()  # 配合单位 beside 责任单位: further columns of responsible units


_LABEL_FIELDS = ("seq", "category", "title")
# (一) / （二） / 1. / 2、 / △ in front of a task's name: its number or bullet, not its name.
_TITLE_NUMBER = re.compile(
    r"^\s*(?:[（(]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|\d{1,3}\s*[.、．](?!\d)"
    rf"|[{BULLETS}])\s*(?=\S)"
)


@dataclass
class _Above:
    """What a blank cell continues: the values (and their cells) of the rows above."""

    category: tuple[str, tuple[int, int]] | None = None
    title: tuple[str, tuple[int, int]] | None = None
    lead: tuple[list[str], tuple[int, int]] | None = None
    responsible: tuple[list[str], tuple[int, int]] | None = None


@dataclass
class TableReader:
    """Reads one table's rows after its header, section by section."""

    table: Table
    header: Header
    file: str
    default_year: int | None
    sections: list[SectionDoc]
    options: ReadOptions = field(default_factory=ReadOptions)
    warnings: list[ParseWarning] = field(default_factory=list)
    above: _Above = field(default_factory=_Above)

    def read(self) -> None:
        for row in self.table.rows[self.header.row + 1 :]:
            self._read_row(row)
        if not self._has_owner_columns() and any(s.tasks for s in self.sections):
            # One warning for the table, not one per row: the office assigns owners after import.
            message = "表格没有牵头单位或责任单位列，任务已导入但未指定责任单位，请导入后分派"
            self.warnings.append(ParseWarning(str(Where(file=self.file, table=self.table.name)), message))

    def _has_owner_columns(self) -> bool:
        return "lead" in self.header.columns or "responsible" in self.header.columns

    def _where(self, row: Row, column: int | None = None) -> Where:
        return Where(file=self.file, table=self.table.name, row=row.number, column=column, line=row.line)

    def _read_row(self, row: Row) -> None:
        filled = row.non_empty()
        if not filled or self._is_repeated_header(row):
            return
        self._check_width(row)
        if row.number in self.options.section_rows or _is_section_row(row, filled):
            self.sections.append(SectionDoc(title=join_label(filled[0].text)))
            self.above = _Above()
        else:
            self.sections[-1].tasks.append(self._task(row))

    def _is_repeated_header(self, row: Row) -> bool:
        seq = self.header.columns.get("seq")
        if seq and seq <= len(row.cells) and _looks_like_number(row.cells[seq - 1].text):
            return False  # a numbered row is data: skip the costly header match
        columns = match_header([c.text for c in row.cells])
        same = all(self.header.columns.get(name) == col for name, col in columns.items())
        return len(columns) >= 2 and same

    def _check_width(self, row: Row) -> None:
        header = self.table.rows[self.header.row].cells
        texts = self.options.header_texts or tuple(c.text for c in header)
        width = max((i for i, t in enumerate(texts, start=1) if t.strip()), default=len(header))
        # A cell merged from inside the header's width (a section title across the table) is not extra.
        extra = [
            c
            for c in row.cells[width:]
            if c.text.strip() and not (c.merged and c.origin and c.origin[1] <= width)
        ]
        if extra:
            raise MisalignedRow(
                f"该行有 {extra[-1].column} 个单元格，比表头多 {extra[-1].column - width} 个"
                f"（第{extra[0].column}列“{extra[0].text[:20]}”在表头之外），请检查是否有错位或多余的分隔符",
                where=self._where(row, extra[0].column),
            )

    def _text(self, row: Row, name: str) -> tuple[str, tuple[int, int] | None]:
        column = self.header.columns.get(name)
        if column is None or column > len(row.cells):
            return "", None
        cell = row.cells[column - 1]
        return cell.text, cell.origin or (row.number, column)

    def _task(self, row: Row) -> TaskDoc:
        cells: dict[str, tuple[int, int]] = {}
        values: dict[str, str] = {}
        guessed: dict[str, float] = {}
        for name, column in self.header.columns.items():
            text, ref = self._text(row, name)
            values[name] = join_label(text) if name in _LABEL_FIELDS else clean_text(text)
            if ref and values[name]:
                cells[name] = ref
                guess = row.cells[column - 1].guess
                if guess is not None:
                    guessed[name] = guess
        task = TaskDoc(
            seq=values.get("seq", ""),
            title="",
            target=values.get("target", ""),
            progress=values.get("progress", ""),
            source_ref=SourceRef(self.table.name, row.number, row.line, cells, guessed),
        )
        task.category = self._continue("category", values, cells)
        task.title = _TITLE_NUMBER.sub("", self._continue("title", values, cells))
        self._units(task, row, cells)
        self._completed(task, row, values.get("completed", ""))
        self._deadline(task, row, values.get("deadline", ""))
        task.leaders = split_people(values.get("leaders", ""))
        task.status = self._status(values.get("status", ""))
        task.progress_entries = self._progress_entries(row)
        task.milestones = split_milestones(values.get("milestones", ""), self.default_year)
        task.indicators = extract_indicators(task.target or task.title)
        return task

    def _status(self, text: str) -> str:
        column = self.header.columns.get("status")
        headers = self.options.header_texts
        header = headers[column - 1] if column and column <= len(headers) else ""
        return parse_schedule_status(text, header=header)

    def _progress_entries(self, row: Row) -> list[ProgressEntryDoc]:
        entries = []
        for column, period in self.options.periods:
            text = clean_text(row.cells[column - 1].text) if column <= len(row.cells) else ""
            if text:
                entries.append(ProgressEntryDoc(period=period, text=text))
        return entries

    def _continue(self, name: str, values: dict[str, str], cells: dict[str, tuple[int, int]]) -> str:
        """A blank category or title cell means "same as above"."""
        if values.get(name):
            setattr(self.above, name, (values[name], cells[name]))
            return values[name]
        previous = getattr(self.above, name)
        if previous is None:
            return ""
        cells[name] = previous[1]
        return str(previous[0])

    def _units(self, task: TaskDoc, row: Row, cells: dict[str, tuple[int, int]]) -> None:
        has_lead = "lead" in self.header.columns
        owner_text = self._text(row, "lead" if has_lead else "responsible")[0]
        lead, responsible = self._split_owners(row, cells)
        if not owner_text.strip() and self.above.lead:
            lead = self._from_above("lead", cells)
            if not has_lead or not self._text(row, "responsible")[0].strip():
                responsible = self._from_above("responsible", cells)
        elif not lead and has_lead:
            self.warnings.append(
                ParseWarning(str(self._where(row)), "牵头单位为空，上方也没有可沿用的牵头单位")
            )
        if owner_text.strip():
            self.above.lead = (lead, cells.get("lead", (row.number, 0)))
            self.above.responsible = (responsible, cells.get("responsible", (row.number, 0)))
        task.lead_units, task.responsible_units = list(lead), list(responsible)

    def _from_above(self, name: str, cells: dict[str, tuple[int, int]]) -> list[str]:
        """A blank owner cell continues the owners above (a merged cell read as blank)."""
        units, ref = getattr(self.above, name) or ([], None)
        if units and ref:
            cells[name] = ref
        return list(units)

    def _split_owners(self, row: Row, cells: dict[str, tuple[int, int]]) -> tuple[list[str], list[str]]:
        """(lead, responsible) of one row under the lead rule (docs/ingest.md "Who leads")."""
        separator = self.options.unit_separator
        responsible = split_units(self._text(row, "responsible")[0], separator)
        for column in self.options.more_responsible:
            text = row.cells[column - 1].text if column <= len(row.cells) else ""
            responsible += [u for u in split_units(text, separator) if u not in responsible]
        if "lead" in self.header.columns:
            lead = split_units(self._text(row, "lead")[0], separator)
            if self.options.first_listed_leads:
                return lead[:1], lead[1:] + responsible
            return lead, responsible
        # Only 责任单位: nobody leads unless the document (or the person mapping it) says so.
        if "responsible" in cells and (self.options.all_lead or self.options.first_listed_leads):
            cells["lead"] = cells["responsible"]
            return (responsible, []) if self.options.all_lead else (responsible[:1], responsible[1:])
        return [], responsible

    def _completed(self, task: TaskDoc, row: Row, text: str) -> None:
        task.completed, task.shortfall_reason, understood = parse_completed(text)
        if not understood:
            column = self.header.columns.get("completed")
            message = f"“是否完成”一栏写的是“{text[:20]}”，无法判断是或否，已按未填写处理"
            self.warnings.append(ParseWarning(str(self._where(row, column)), message))

    def _deadline(self, task: TaskDoc, row: Row, text: str) -> None:
        deadline = parse_deadline(text, default_year=self.default_year)
        task.deadline, task.deadline_text, task.deadline_kind = deadline.date, deadline.text, deadline.kind
        if deadline.kind == "unparsed":
            column = self.header.columns.get("deadline")
            message = f"完成时限“{text}”无法识别为日期，已保留原文"
            self.warnings.append(ParseWarning(str(self._where(row, column)), message))


def _is_section_row(row: Row, filled: list[Cell]) -> bool:
    """One value across the table (merged, or alone in its row) that is not a number."""
    origins = {c.origin or (c.row, c.column) for c in filled}
    across = row.spanning or (len(origins) == 1 and len(filled) == len(row.cells)) or len(filled) == 1
    return across and not _looks_like_number(filled[0].text)


def _looks_like_number(text: str) -> bool:
    return text.strip().rstrip(".、").isdigit()
