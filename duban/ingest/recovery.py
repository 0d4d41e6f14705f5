"""Structure recovery: text that lost its grid becomes the table model again, guesses marked.

Tables copied from a web page or a PDF arrive as plain lines:

- ``|``-separated rows (markdown-ish, with ``---|---`` rules);
- one cell per line, after a header of one column name per line (a name may be split over
  two lines: 责任 / 领导), rows separated by blank lines or each starting with its 序号;
- rows with merged cells simply missing, so a row has fewer cells than the header.

The row width is inferred from the data rows (the header is a hint). A short row is
aligned by content, not from the left: unit-like names go to unit columns, people's names
to leader columns, dates to deadline columns. Every cell placed by such a guess carries its
confidence (``Cell.guess``), which the table reader copies into ``SourceRef.guessed``.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

from duban.core.deadlines import parse_deadline
from duban.ingest.cleaning import compact, split_units
from duban.ingest.headers import is_header, score_header
from duban.ingest.model import Block, Cell, Paragraph, Row, Table

_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)+\|?\s*$")
_SEQ = re.compile(r"^\s*\d{1,4}\s*[.、．]?\s*$")
_UNIT = re.compile(
    r"(局|委|办|厅|院|府|政府|中心|公司|集团|部|会|所|站|队|社|处|科|室|镇|街道|乡|管委会|分局|支队|大队|银行|学校|医院)"
    r"([（(].*[)）])?$"
)
# A value opening with an action is a task, whatever it ends with (新建城乡养老服务中心).
_ACTION = re.compile(
    r"^(新建|推进|建成|建设|完成|实施|开展|加快|提升|改造|打造|落实|深化|强化|优化|组织|做好|启动|扩大|新增|实现"
    r"|确保|全面|持续|争取|举办|创建|筹建|改扩建|提高|完善|健全|巩固|培育|引进|招引|谋划)(?!局|委|办|厅|中心$)"
)
_PERSON = re.compile(r"^[\u4e00-\u9fff]{2,3}(同志)?$")
_DATE_HINT = re.compile(r"\d{1,2}\s*月|年底|年内|季度|半年|长期|持续|每月|\d{4}\s*年")
_MAX_HEADER_CELL = 12
# Confidence of a cell placed by content (a unit, a person, a date) and of one placed by elimination.
TYPED, LEFTOVER = 0.8, 0.6

_KINDS = {
    "lead": "unit",
    "responsible": "unit",
    "leaders": "person",
    "deadline": "date",
    "seq": "seq",
}


def pipe_rows_to_tabs(text: str) -> str:
    """``| a | b |`` rows become tab-separated rows; ``---|---`` rules go. Lone ``|`` lines stay."""
    lines = text.split("\n")
    piped = [line.count("|") >= 1 and len(_pipe_cells(line)) >= 2 for line in lines]
    out = []
    for i, line in enumerate(lines):
        neighbours = (i > 0 and piped[i - 1]) or (i + 1 < len(lines) and piped[i + 1])
        if _RULE.match(line) and neighbours:
            continue
        if piped[i] and neighbours and "\t" not in line:
            out.append("\t".join(_pipe_cells(line)))
        else:
            out.append(line)
    return "\n".join(out)


_CELL_END = re.compile(r"^(.*?)\s*\|\s*$")
_MIN_STREAM = 6


def pipe_cell_stream_to_tabs(text: str) -> str:
    """One cell per line, each ending in `` |`` (a lone ``|`` an empty cell): rows as tab lines.

    Pages copied this way give every cell, empty ones too, so after the header (the run of
    cells that name columns) the rows are read off by the header's width; each must start
    with its 序号, else the run is left as it was for the other recoveries.
    """
    lines = text.split("\n")
    cells = [_stream_cell(line) for line in lines]
    out: list[str] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and cells[j] is not None:
            j += 1
        run = [c for c in cells[i:j] if c is not None]
        rows = _stream_rows(run) if j - i >= _MIN_STREAM else None
        if rows is not None:
            out.extend(rows)
            i = j
        else:
            out.append(lines[i])
            i += 1
    return "\n".join(out)


_NUMBERED = re.compile(r"^\s*(\d{1,3}\s*[.、．]|[（(][一二三四五六七八九十\d]{1,3}[)）])")
_PIPES_ALONE = re.compile(r"^\s*\|+\s*$")
_MIN_TERMINATED_ROWS = 3


def pipe_terminated_rows_to_tabs(text: str) -> str:
    """One cell per line ending in `` |``, each row ended by a line of pipes alone, as many as the
    row lacks of the table's width (a page's copy of a table with merged cells): tab-separated
    rows of the cells given, the missing ones left empty at the end of the row. Where they were
    is not written down: a layout says how to align such rows (``Layout.short_rows``)."""
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        rows, end = _terminated_rows(lines, i)
        if not _is_terminated_table(rows):
            out.append(lines[i])
            i += 1
            continue
        out.extend("\t".join([*cells, *[""] * missing]) for cells, missing in rows)
        i = end
    return "\n".join(out)


def _terminated_rows(lines: list[str], start: int) -> tuple[list[tuple[list[str], int]], int]:
    """The rows from ``start``: (cells, pipes of the line that ends the row); the line after them."""
    rows: list[tuple[list[str], int]] = []
    cells: list[str] = []
    i = start
    while i < len(lines) and "\t" not in lines[i]:
        line = lines[i]
        if _PIPES_ALONE.match(line) and cells:
            rows.append((cells, line.count("|")))
            cells = []
        elif _PIPES_ALONE.match(line) or line.count("|") != 1 or not (found := _CELL_END.match(line)):
            break
        else:
            cells.append(found.group(1).strip())
        i += 1
    return rows, i - len(cells) if cells else i


def _is_terminated_table(rows: list[tuple[list[str], int]]) -> bool:
    """Every row as wide (cells given + cells lacking), and some row lacking more than one."""
    widths = {len(cells) + missing for cells, missing in rows}
    return (
        len(rows) >= _MIN_TERMINATED_ROWS
        and len(widths) == 1
        and min(widths) >= 3
        and any(missing > 1 for _, missing in rows)
    )


_WORD_SPACE = re.compile(r"(?<=\d)[ \u3000]+(?=[年月日])")


def space_rows_to_tabs(text: str) -> str:
    """A header of column names separated by spaces, then rows of as many space-separated values
    each starting with its 序号 (a yearbook page's text layer): tab-separated rows.

    Only spaces between a number and 年/月/日 are taken as part of a name (2020 年目标值).
    """
    lines = text.split("\n")
    out: list[str] = []
    i = 0
    while i < len(lines):
        names = _space_cells(lines[i])
        fields = {score_header(n).field for n in names} if len(names) >= 3 and "\t" not in lines[i] else set()
        if not is_header({f: 1 for f in fields if f}):
            out.append(lines[i])
            i += 1
            continue
        j = i + 1
        while j < len(lines) and "\t" not in lines[j]:
            cells = _space_cells(lines[j])
            if len(cells) != len(names) or not _SEQ.match(cells[0]):
                break
            j += 1
        if j == i + 1:
            out.append(lines[i])
            i += 1
            continue
        out.extend("\t".join(_space_cells(line)) for line in lines[i:j])
        i = j
    return "\n".join(out)


def _space_cells(line: str) -> list[str]:
    return _WORD_SPACE.sub("", line.strip()).split()


def _stream_cell(line: str) -> str | None:
    """The cell a `` |``-ended line holds (lone ``|``: an empty one), None for any other line."""
    if "\t" in line or line.count("|") != 1:
        return None
    found = _CELL_END.match(line)
    return found.group(1).strip() if found else None


def _stream_rows(cells: list[str]) -> list[str] | None:
    """The header is the run of short names just before the first row's 序号 1."""
    end = next((k for k, c in enumerate(cells) if _SEQ.match(c) and int(c.strip(" .、．")) == 1), None)
    if end is None:
        return None
    start = end
    while start > 0 and cells[start - 1] and len(compact(cells[start - 1])) <= _MAX_HEADER_CELL:
        start -= 1
    width = end - start
    fields = {score_header(c).field for c in cells[start:end]}
    if width < 3 or not is_header({f: 1 for f in fields if f}) or (len(cells) - end) % width:
        return None
    rows = [cells[k : k + width] for k in range(end, len(cells), width)]
    if not all(_SEQ.match(row[0]) for row in rows):
        return None
    return [*cells[:start], "\t".join(cells[start:end]), *("\t".join(row) for row in rows)]


def _pipe_cells(line: str) -> list[str]:
    body = line.strip()
    body = body.removeprefix("|").removesuffix("|")
    return [c.strip() for c in body.split("|")]


def recover_tables(blocks: list[Block], table_count: int) -> list[Block]:
    """Runs of paragraphs that are a table written one cell per line become tables."""
    out: list[Block] = []
    i = 0
    while i < len(blocks):
        header = _header_run(blocks, i)
        if header is None:
            out.append(blocks[i])
            i += 1
            continue
        names, end = header
        rows, end = _data_rows(blocks, end, len(names))
        if not rows:
            out.append(blocks[i])
            i += 1
            continue
        table_count += 1
        out.append(_build(f"表{table_count}", names, rows, _line(blocks[i])))
        i = end
    return out


def _line(block: Block) -> int | None:
    return block.line if isinstance(block, Paragraph) else None


def _paragraph(blocks: list[Block], index: int) -> Paragraph | None:
    block = blocks[index] if index < len(blocks) else None
    return block if isinstance(block, Paragraph) else None


def _header_run(blocks: list[Block], start: int) -> tuple[list[str], int] | None:
    """Column names one per line from ``start`` (two lines joined when only together they name one)."""
    names: list[str] = []
    fields: dict[str, int] = {}
    i = start
    while True:
        paragraph = _paragraph(blocks, i)
        if paragraph is None or len(compact(paragraph.text)) > _MAX_HEADER_CELL:
            break
        text = compact(paragraph.text)
        scored = score_header(text)
        following = _paragraph(blocks, i + 1)
        joined = text + compact(following.text) if following else ""
        if following and _consecutive(paragraph, following) and _names_better(text, joined):
            names.append(joined)
            fields.setdefault(score_header(joined).field or "", len(names))
            i += 2
            continue
        if scored.field is None:
            break
        names.append(text)
        fields.setdefault(scored.field, len(names))
        i += 1
    fields.pop("", None)
    if len(names) < 3 or not is_header(fields):
        return None
    return names, i


def _names_better(alone: str, joined: str) -> bool:
    """责任 / 领导: the two lines name a column only together (or name it more surely)."""
    first, both = score_header(alone), score_header(joined)
    if both.field is None or len(joined) > _MAX_HEADER_CELL:
        return False
    return first.field is None or (both.field != first.field and both.confidence > first.confidence)


def _consecutive(a: Paragraph, b: Paragraph) -> bool:
    return a.line is not None and b.line is not None and b.line == a.line + 1


def _data_rows(blocks: list[Block], start: int, width: int) -> tuple[list[list[Paragraph]], int]:
    """The rows after the header: groups separated by blank lines, else each starting with its 序号."""
    run: list[Paragraph] = []
    i = start
    while (paragraph := _paragraph(blocks, i)) is not None:
        run.append(paragraph)
        i += 1
    if not run:
        return [], start
    groups: list[list[Paragraph]] = [[run[0]]]
    for previous, paragraph in itertools.pairwise(run):
        if _consecutive(previous, paragraph):
            groups[-1].append(paragraph)
        else:
            groups.append([paragraph])
    usual = Counter(len(g) for g in groups).most_common(1)[0][0]
    # One group, groups far longer than a row, or every cell its own group (a blank line
    # after each cell, as pages copy): the rows start at their 序号 instead.
    if len(groups) <= 1 or usual > width * 2 or (usual == 1 and width > 1):
        groups = _split_at_numbers(run)
    else:
        groups = _join_cells_split_by_blank_lines(groups, width)
    # Stop at the first group that is prose (a long sentence after the table).
    kept: list[list[Paragraph]] = []
    for group in groups:
        if len(group) == 1 and group[0].text.strip().endswith("。") and len(group[0].text) > 40:
            break
        kept.append(group)
    used = sum(len(g) for g in kept)
    return kept, start + used


def _join_cells_split_by_blank_lines(groups: list[list[Paragraph]], width: int) -> list[list[Paragraph]]:
    """A row that starts with its 序号 but stops short, followed by lines that start with none,
    had a blank line inside a cell: those lines are the rest of the row (a long cell's paragraphs).
    A single line there is a section row, not a cell, and is left alone."""
    joined: list[list[Paragraph]] = []
    for group in groups:
        previous = joined[-1] if joined else None
        continues = (
            previous is not None
            and _SEQ.match(previous[0].text)
            and len(previous) < width
            and len(group) > 1
            and not _SEQ.match(group[0].text)
        )
        if continues and previous is not None:
            previous.extend(group)
        else:
            joined.append(list(group))
    return joined


def _split_at_numbers(run: list[Paragraph]) -> list[list[Paragraph]]:
    groups: list[list[Paragraph]] = []
    for paragraph in run:
        if _SEQ.match(paragraph.text) or not groups:
            groups.append([paragraph])
        else:
            groups[-1].append(paragraph)
    return groups


def _build(name: str, names: list[str], groups: list[list[Paragraph]], line: int | None) -> Table:
    table = Table(name=name)
    header = Row(
        cells=[Cell(text=n, row=1, column=c) for c, n in enumerate(names, start=1)], number=1, line=line
    )
    table.rows.append(header)
    fields = [score_header(n).field for n in names]
    for group in groups:
        number = len(table.rows) + 1
        values = [p.text.strip() for p in group]
        if len(values) == 1 and not _SEQ.match(values[0]):
            cell = Cell(text=values[0], row=number, column=1)
            table.rows.append(Row(cells=[cell], number=number, line=group[0].line, spanning=True))
            continue
        placed = align_by_content(values, fields)
        cells = [
            Cell(text=text, row=number, column=c, guess=guess)
            for c, (text, guess) in enumerate(placed, start=1)
        ]
        table.rows.append(Row(cells=cells, number=number, line=group[0].line))
    return table


def kind_of(text: str) -> str:
    """What a value looks like: seq, date, unit, person or text."""
    flat = compact(text)
    if _SEQ.match(flat):
        return "seq"
    if (
        len(flat) <= 16
        and _DATE_HINT.search(flat)
        and parse_deadline(flat, default_year=2000).kind != "unparsed"
    ):
        return "date"
    parts = split_units(text)
    if parts and all(_PERSON.match(compact(p)) for p in parts) and not any(_UNIT.search(p) for p in parts):
        return "person"
    if parts and len(flat) <= 60 and all(_UNIT.search(compact(p)) and not _ACTION.match(p) for p in parts):
        return "unit"
    return "text"


def align_by_content(values: list[str], fields: list[str | None]) -> list[tuple[str, float | None]]:
    """Place a row's values in the header's columns; a short row by what each value looks like.

    A full row keeps its order. A short one is placed left to right, each value in the
    next column whose field takes its kind (a unit in 牵头/责任单位, a person in 责任领导,
    a date in 完成时限, a number in 序号), words in the next text column; surplus lines of
    a long row join the last text column they follow.
    """
    width = len(fields)
    if len(values) == width:
        return [(v, None) for v in values]
    if len(values) > width:
        head, rest = values[: width - 1], values[width - 1 :]
        return [(v, None) for v in head] + [("\n".join(rest), LEFTOVER)]
    placed: list[tuple[str, float | None]] = [("", None)] * width
    column = 0
    for index, value in enumerate(values):
        kind = kind_of(value)
        left = len(values) - index - 1  # values still to place after this one
        target = _next_column(fields, column, kind, width - left)
        placed[target] = (value, TYPED if _KINDS.get(fields[target] or "", "text") == kind else LEFTOVER)
        column = target + 1
    return placed


def _next_column(fields: list[str | None], start: int, kind: str, limit: int) -> int:
    """The first column from ``start`` (leaving room for the values after) that takes ``kind``."""
    last = max(start, min(limit, len(fields)) - 1)
    for column in range(start, last + 1):
        if _KINDS.get(fields[column] or "", "text") == kind:
            return column
    return min(start, len(fields) - 1)


def align_short_rows(table: Table, after: int, fields: dict[int, str]) -> Table:
    """The rows below index ``after`` (the header) that stop short of the last mapped column,
    aligned as a page's copy of merged cells needs (``ShortRows.MERGED_LEFT``): the row's last
    cell under the last mapped column, each unit, person or date moved left to the nearest column
    that takes it, and the columns left of the row's first cell taken from the row above
    (vertically merged). fields: column (1-based) → field of the layout."""
    last = max(fields)
    kinds = [_KINDS.get(fields.get(column, ""), "text") for column in range(1, last + 1)]
    rows = table.rows[: after + 1]
    above: Row | None = None
    for row in table.rows[after + 1 :]:
        texts = row.texts()
        while texts and not texts[-1].strip():
            texts.pop()
        if not row.spanning and texts and len(texts) < last:
            row = _aligned(row, texts, kinds, above)
        rows.append(row)
        above = row if not row.spanning else above
    return Table(name=table.name, rows=rows)


def _aligned(row: Row, values: list[str], kinds: list[str], above: Row | None) -> Row:
    columns = _columns_from_the_right(values, kinds)
    texts = dict(zip(columns, values, strict=True))
    cells = []
    for column in range(1, len(kinds) + 1):
        if column in texts:
            cells.append(Cell(text=texts[column], row=row.number, column=column, guess=LEFTOVER))
        elif column < columns[0] and above is not None and column <= len(above.cells):
            origin = above.cells[column - 1].origin or (above.number, column)
            cells.append(Cell(above.cells[column - 1].text, row.number, column, merged=True, origin=origin))
        else:
            cells.append(Cell(text="", row=row.number, column=column))
    return Row(cells=cells, number=row.number, line=row.line)


def _columns_from_the_right(values: list[str], kinds: list[str]) -> list[int]:
    """1-based columns for the values, the last under the last column; a typed value (not words)
    goes to the nearest column at or left of its place that takes its kind, leaving room."""
    columns: list[int] = []
    column = len(kinds)
    for index in range(len(values) - 1, -1, -1):
        # A numbered item (1.市政公用城学校, （二）…) is words, whatever it ends with.
        kind = "text" if _NUMBERED.match(values[index]) else kind_of(values[index])
        if kind != "text":
            fits = [c for c in range(column, index, -1) if kinds[c - 1] == kind]
            column = fits[0] if fits else column
        columns.append(column)
        column -= 1
    return columns[::-1]
