"""The column-mapping step of an import: the grid as read, with each column's field, and the
office's corrections read back into a layout (版式).

``mapping_step`` builds what the page shows (a selector: it reads the kept file again, and
stores nothing); ``MappingChoice`` reads the submitted form into a layout, keeping every
value typed so that a mapping that does not read is shown again as the person left it.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.http import QueryDict

from duban.ingest import IngestError, read_document
from duban.ingest.headers import field_of
from duban.ingest.interpret import interpret_document
from duban.ingest.layout import (
    FIELD_LABELS,
    LEAD_RULE_LABELS,
    SHORT_ROW_LABELS,
    UNIT_SEPARATORS,
    ColumnMap,
    GridProposal,
    LeadRule,
    ShortRows,
    propose_layouts,
)
from duban.ingest.layout import Layout as LayoutSpec
from duban.ingest.model import Document, Row, Table
from duban.intake.choices import ImportStatus, LayoutOrigin
from duban.intake.services import batch_layout
from duban.intake.storage import upload_path
from duban.plans.models import ImportBatch

SHORT_ROWS = frozenset(r.value for r in ShortRows)
GRID_ROWS = 15  # the first rows of the grid shown to the office
IGNORE = ""  # the select's value for 忽略
CONFIDENCE_LABELS = ((0.9, "高", "success"), (0.5, "中", "warning"), (0.0, "低", "danger"))


@dataclass(frozen=True)
class MappingChoice:
    """What the office chose in the mapping step, as submitted (every value kept as typed)."""

    table: int
    header_rows: tuple[int, ...]
    fields: dict[int, str]  # column -> field key, or IGNORE
    periods: dict[int, str]
    section_rows: tuple[int, ...] = ()
    unit_separator: str = ""
    lead_rule: str = LeadRule.COLUMN.value
    name: str = ""
    short_rows: str = ShortRows.AS_READ.value

    @classmethod
    def from_post(cls, data: QueryDict) -> MappingChoice:
        """The submitted form, every value kept as typed."""

        def numbers(name: str) -> tuple[int, ...]:
            return tuple(sorted({int(v) for v in data.getlist(name) if str(v).isdigit()}))

        fields: dict[int, str] = {}
        periods: dict[int, str] = {}
        for key, value in data.items():
            if key.startswith("field_") and key[6:].isdigit():
                fields[int(key[6:])] = str(value)
            elif key.startswith("period_") and key[7:].isdigit():
                periods[int(key[7:])] = str(value).strip()[:40]
        table = str(data.get("table", "1"))
        return cls(
            table=int(table) if table.isdigit() else 1,
            header_rows=numbers("header_rows"),
            fields=fields,
            periods=periods,
            section_rows=numbers("section_rows"),
            unit_separator=str(data.get("unit_separator", "")),
            lead_rule=str(data.get("lead_rule", LeadRule.COLUMN.value)),
            name=str(data.get("name", "")).strip()[:100],
            short_rows=str(data.get("short_rows", ShortRows.AS_READ.value)),
        )

    def layout(self) -> LayoutSpec:
        """The layout the choice describes; LayoutError (Chinese) says what is missing."""
        columns = tuple(
            ColumnMap(column, self.fields.get(column) or None, self.periods.get(column, ""))
            for column in sorted(self.fields)
        )
        lead_rule = self.lead_rule if self.lead_rule in {r.value for r in LeadRule} else LeadRule.COLUMN
        return LayoutSpec(
            header_rows=self.header_rows,
            columns=columns,
            table=self.table,
            section_rows=self.section_rows,
            unit_separator=self.unit_separator,
            lead_rule=LeadRule(lead_rule),
            name=self.name,
            short_rows=ShortRows(self.short_rows if self.short_rows in SHORT_ROWS else ShortRows.AS_READ),
        )


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    selected: bool


@dataclass(frozen=True)
class GridColumn:
    column: int
    header: str  # the header text as read from the rows ticked as header
    options: list[Option]
    period: str
    confidence: str  # 高 / 中 / 低, how sure auto-detection is of its field; "" once a person chose another
    tone: str  # the badge's colour


@dataclass(frozen=True)
class GridCell:
    text: str
    guessed: bool  # recovered, not read as written: the preview marks it


@dataclass(frozen=True)
class GridRow:
    number: int
    cells: list[GridCell]
    header: bool
    section: bool  # marked by the office
    spanning: bool  # one value across the row: read as a section title by itself
    task: bool  # the row became a task in the current reading


@dataclass
class MappingStep:
    batch: ImportBatch
    tables: list[Option]
    table: int
    columns: list[GridColumn]
    rows: list[GridRow]
    rows_more: int  # rows of the grid not shown
    separators: list[Option]
    lead_rules: list[Option]
    short_rows: list[Option]
    name: str
    refusal: str = ""  # why auto-detection could not read the file
    error: str = ""  # why the office's last mapping did not read
    saved_name: str = ""  # the saved layout the file was read with (按已保存版式「…」识别)
    origin: str = ""
    other_tables: int = 0  # tables of the file besides the one mapped (a mapping reads one only)
    unfolded: bool = False  # shown open: the file waits for a mapping, or was mapped


def mapping_step(
    batch: ImportBatch, choice: MappingChoice | None = None, error: str = ""
) -> MappingStep | None:
    """The mapping step for a kept batch; None when its file has no grid to map, or the batch
    is no longer waiting (imported or discarded)."""
    if batch.status not in (ImportStatus.NEEDS_MAPPING, ImportStatus.PENDING):
        return None
    document = read_document(upload_path(batch.stored_path), display_name=batch.file_name)
    tables = document.tables()
    if not tables:
        return None
    proposals = propose_layouts(document)
    current = batch_layout(batch)
    if choice is None or not 1 <= choice.table <= len(tables):
        choice = _choice_of(current, proposals, tables)
    table = tables[choice.table - 1]
    proposal = proposals[choice.table - 1]
    header_rows = set(choice.header_rows)
    guessed, task_rows = _guessed_cells(batch, table.name)
    rows = [
        GridRow(
            number=row.number,
            cells=[GridCell(c.text, (row.number, c.column) in guessed) for c in row.cells],
            header=row.number in header_rows,
            section=row.number in choice.section_rows,
            spanning=row.spanning,
            task=row.number in task_rows,
        )
        for row in table.rows[:GRID_ROWS]
    ]
    refusal = _refusal(document) if batch.status == ImportStatus.NEEDS_MAPPING else ""
    return MappingStep(
        batch=batch,
        tables=[Option(str(n), t.name, n == choice.table) for n, t in enumerate(tables, start=1)],
        table=choice.table,
        columns=_columns(table, choice, proposal),
        rows=rows,
        rows_more=max(0, len(table.rows) - GRID_ROWS),
        separators=[Option(k, v, k == choice.unit_separator) for k, v in UNIT_SEPARATORS.items()],
        lead_rules=[
            Option(r.value, label, r.value == choice.lead_rule) for r, label in LEAD_RULE_LABELS.items()
        ],
        short_rows=[
            Option(r.value, label, r.value == choice.short_rows) for r, label in SHORT_ROW_LABELS.items()
        ],
        name=choice.name or _default_name(batch),
        refusal=refusal,
        error=error,
        other_tables=len(tables) - 1,
        saved_name=current.name if current and batch.layout_origin == LayoutOrigin.SAVED else "",
        origin=batch.get_layout_origin_display() if batch.layout_origin else "",
        unfolded=bool(error)
        or batch.status == ImportStatus.NEEDS_MAPPING
        or batch.layout_origin == LayoutOrigin.MAPPED,
    )


def _choice_of(
    current: LayoutSpec | None, proposals: list[GridProposal], tables: list[Table]
) -> MappingChoice:
    """What the form starts from: the batch's layout, else auto-detection's, else a first guess."""
    layout = current or next((p.layout for p in proposals if p.layout is not None), None)
    if layout is not None and layout.table <= len(tables):
        return MappingChoice(
            table=layout.table,
            header_rows=layout.header_rows,
            fields={c.column: c.field or IGNORE for c in layout.columns},
            periods={c.column: c.period for c in layout.columns},
            section_rows=layout.section_rows,
            unit_separator=layout.unit_separator,
            lead_rule=layout.lead_rule.value,
            name=layout.name,
            short_rows=layout.short_rows.value,
        )
    number = next((n for n, t in enumerate(tables, start=1) if len(t.rows) >= 2), 1)
    first = _first_header_like(tables[number - 1])
    fields = {c.column: field_of(c.text) or IGNORE for c in first.cells} if first else {}
    return MappingChoice(
        table=number, header_rows=(first.number,) if first else (), fields=fields, periods={}
    )


def _first_header_like(table: Table) -> Row | None:
    """The first row with two values or more: a header, most likely."""
    return next((r for r in table.rows if len(r.non_empty()) >= 2), table.rows[0] if table.rows else None)


def _columns(table: Table, choice: MappingChoice, proposal: GridProposal) -> list[GridColumn]:
    width = max((len(r.cells) for r in table.rows), default=0)
    header = [r for r in table.rows if r.number in choice.header_rows]
    proposed = {c.column: c for c in proposal.columns}
    columns = []
    for column in range(1, width + 1):
        chosen = choice.fields.get(column, IGNORE)
        texts: list[str] = []
        for row in header:
            text = row.cells[column - 1].text.strip() if column <= len(row.cells) else ""
            if text and (not texts or texts[-1] != text):
                texts.append(text)
        guess = proposed.get(column)
        # Auto-detection's field and how sure it is; without a header it found, the lexicon's
        # reading of this column's name, unsure.
        guessed_field = guess.field if guess is not None else field_of("".join(texts))
        level = guess.confidence if guess is not None else 0.0
        confidence, tone = "", "secondary"  # a person chose another field: no confidence to show
        if (guessed_field or IGNORE) == chosen:
            confidence, tone = next((label, t) for floor, label, t in CONFIDENCE_LABELS if level >= floor)
        options = [Option(IGNORE, "忽略", chosen == IGNORE)]
        options += [Option(key, label, key == chosen) for key, label in FIELD_LABELS.items()]
        columns.append(
            GridColumn(column, "".join(texts), options, choice.periods.get(column, ""), confidence, tone)
        )
    return columns


def _guessed_cells(batch: ImportBatch, table: str) -> tuple[set[tuple[int, int]], set[int]]:
    """The cells the current reading guessed (recovered rows, realigned cells), and its task rows."""
    if batch.status == ImportStatus.NEEDS_MAPPING or not batch.parsed:
        return set(), set()
    guessed: set[tuple[int, int]] = set()
    rows: set[int] = set()
    for task in batch.doc.tasks():
        ref = task.source_ref
        if ref is None or ref.table != table:
            continue
        rows.add(ref.row)
        guessed.update(ref.cells[name] for name in ref.guessed if name in ref.cells)
    return guessed, rows


def _refusal(document: Document) -> str:
    try:
        interpret_document(document)
    except IngestError as error:
        return str(error)
    return ""


def _default_name(batch: ImportBatch) -> str:
    if batch.status != ImportStatus.NEEDS_MAPPING and batch.parsed:
        return batch.doc.title
    return batch.file_name.rsplit(".", 1)[0]
