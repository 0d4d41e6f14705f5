"""A returned 填报表 (回收表): its rows read from the table model, and matched to the unit's tasks.

A copy duban sent out carries a key per row (``duban.exports.unit_form``) and a line naming its
unit and round; a copy of the office's own table that never came from duban has neither, and its
rows are matched by 序号 and title similarity instead. Nothing here guesses: a row whose title is
as close to two tasks as to one is reported as ambiguous, a row that matches nothing is listed.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from rapidfuzz import fuzz

from duban.ingest.cleaning import clean_text, compact, parse_completed, to_simplified
from duban.ingest.errors import IngestError, Where
from duban.ingest.headers import find_header, score_header
from duban.ingest.model import Document, Row, Table

# The key duban.exports.unit_form.row_key writes (round id, task id); exports and ingest share no code.
KEY = re.compile(r"dbk-(\d+)-(\d+)")
_IDENTITY = re.compile(r"填报单位\s*[:：]\s*(\S+?)\s*(?:填报轮次\s*[:：]\s*(\S+?))?(?:\s|截止日期|$)")
# Columns the office's headers do not name (headers.py): the report's other parts.
_EXTRA_FIELDS = (
    ("reason", ("未完成理由", "理由", "原因")),
    ("problems", ("存在问题",)),
    ("next_steps", ("下步计划", "下一步计划", "下步打算")),
)
_IN_PROGRESS = ("推进中", "正在推进", "进行中", "在建", "未到期")
TITLE_MATCH = 85  # title similarity (0–100) that matches a row on its own
TITLE_WITH_SEQ = 60  # … or together with the same 序号
SEQ_BONUS = 15
AMBIGUOUS_GAP = 3  # two tasks whose scores are this close cannot be told apart
# What a unit may not change in its copy: flagged, never applied.
GUARDED = {"target": "年度目标", "deadline": "完成时限", "lead": "牵头单位", "responsible": "责任单位"}


@dataclass(frozen=True)
class ReturnedRow:
    """One data row of a returned table, its cells as written, its key if it kept one."""

    table: str
    row: int
    key: tuple[int, int] | None  # (round id, task id)
    seq: str
    title: str
    values: dict[
        str, str
    ]  # target, deadline, lead, responsible, progress, completed, reason, problems, next_steps

    def where(self, file: str) -> Where:
        return Where(file=file, table=self.table, row=self.row)

    def claim(self) -> tuple[str, str] | None:
        """("done" | "not_done" | "in_progress", reason) from 是否完成 and 未完成理由; None if unreadable."""
        text = self.values.get("completed", "")
        reason = self.values.get("reason", "")
        if compact(text) in _IN_PROGRESS or not compact(text):
            return "in_progress", reason
        done, written_reason, understood = parse_completed(text)
        if not understood:
            return None
        return ("done", reason) if done else ("not_done", reason or written_reason)


@dataclass
class ReturnedTable:
    """What a returned file says: whose it is, for which round, and its rows."""

    file: str
    unit: str = ""  # 填报单位, "" when the file does not say
    round_label: str = ""  # 填报轮次
    columns: list[str] = field(default_factory=list)  # the fields the file has columns for
    rows: list[ReturnedRow] = field(default_factory=list)

    def round_ids(self) -> set[int]:
        return {row.key[0] for row in self.rows if row.key}

    def as_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> ReturnedTable:
        rows = [ReturnedRow(**{**r, "key": tuple(r["key"]) if r["key"] else None}) for r in data["rows"]]
        return cls(data["file"], data["unit"], data["round_label"], list(data["columns"]), rows)


def read_returned(document: Document) -> ReturnedTable:
    """The rows of every table with a key-work header; IngestError with the file if there is none."""
    returned = ReturnedTable(file=document.file)
    _identity(returned, [p.text for p in document.paragraphs()])
    for table in document.tables():
        header = find_header(table.rows)
        if header is None:
            continue
        _identity(returned, [row_text(r) for r in table.rows[: header.row]])
        columns = _columns(table.rows[header.row])
        returned.columns = sorted(set(returned.columns) | set(columns))
        returned.rows.extend(_rows(table, header.row, header.signature, columns))
    if not returned.columns:
        raise IngestError(
            "文件中没有找到填报表（需有“序号”“重点工作”“完成情况”等列）", where=Where(file=document.file)
        )
    return returned


def row_text(row: Row) -> str:
    return " ".join(dict.fromkeys(c.text for c in row.cells if c.text.strip()))


def _identity(returned: ReturnedTable, lines: Sequence[str]) -> None:
    for line in lines:
        found = _IDENTITY.search(line)
        if found and not returned.unit:
            returned.unit, returned.round_label = found.group(1), found.group(2) or ""


def _columns(header: Row) -> dict[str, int]:
    """Field -> 1-based column, the office's names first, then the report's other parts."""
    columns: dict[str, int] = {}
    for cell in header.cells:
        name = _extra_field(cell.text) or score_header(cell.text).field
        if name and name not in columns and not cell.merged:
            columns[name] = cell.column
    return columns


def _extra_field(text: str) -> str | None:
    flat = to_simplified(compact(text))
    if "回收标识" in flat:
        return "key"
    return next((name for name, words in _EXTRA_FIELDS if any(flat.startswith(w) for w in words)), None)


def _rows(
    table: Table, header_index: int, signature: tuple[str, ...], columns: dict[str, int]
) -> list[ReturnedRow]:
    rows = []
    for row in table.rows[header_index + 1 :]:
        if row.spanning or tuple(compact(c.text) for c in row.cells) == signature:
            continue  # a section title, or the header repeated after a page break
        read = _row(table.name, row, columns)
        if read is not None:
            rows.append(read)
    return rows


def _row(table: str, row: Row, columns: dict[str, int]) -> ReturnedRow | None:
    def text(name: str) -> str:
        column = columns.get(name)
        return clean_text(row.cells[column - 1].text) if column and column <= len(row.cells) else ""

    keys = [KEY.search(c.text) for c in row.cells]
    key = next(((int(k.group(1)), int(k.group(2))) for k in keys if k), None)
    seq, title = KEY.sub("", text("seq")).strip(), text("title")
    values = {
        name: KEY.sub("", text(name)).strip() for name in columns if name not in ("seq", "title", "key")
    }
    if not (title or key or any(values.get(n) for n in ("progress", "problems", "next_steps"))):
        return None  # an empty line
    return ReturnedRow(table, row.number, key, seq, title, values)


@dataclass(frozen=True)
class Candidate:
    """A task the unit owes a report for in the round."""

    task_id: int
    seq: str
    title: str


@dataclass(frozen=True)
class Match:
    row: ReturnedRow
    task_id: int | None
    how: str = ""  # "key" or "title"; "" for a row that matched nothing
    note: str = ""  # why a row did not match, in Chinese


def match_rows(rows: Sequence[ReturnedRow], candidates: Sequence[Candidate], *, round_id: int) -> list[Match]:
    """Each row matched to a task: by its key first, then by 序号 and title; in the rows' order."""
    by_id = {c.task_id: c for c in candidates}
    matches: dict[int, Match] = {}
    taken: dict[int, int] = {}  # task id -> index of the row that has it
    for index, row in enumerate(rows):
        if row.key and row.key[0] == round_id and row.key[1] in by_id and row.key[1] not in taken:
            matches[index], taken[row.key[1]] = Match(row, row.key[1], "key"), index
        elif row.key and row.key[0] != round_id:
            matches[index] = Match(row, None, note="该行的回收标识属于另一轮次的填报表")
    open_rows = [i for i in range(len(rows)) if i not in matches]
    free = [c for c in candidates if c.task_id not in taken]
    for index, match in _by_title(rows, open_rows, free).items():
        matches[index] = match
    return [matches[i] for i in range(len(rows))]


def _by_title(rows: Sequence[ReturnedRow], indexes: list[int], free: list[Candidate]) -> dict[int, Match]:
    """Greedy on the best score first, so a row with its own 序号 wins over a look-alike row."""
    scored: list[tuple[float, int, Candidate]] = []
    result: dict[int, Match] = {}
    for index in indexes:
        ranked = sorted(((_score(rows[index], c), c) for c in free), key=lambda s: -s[0])
        ranked = [(s, c) for s, c in ranked if s > 0]
        if len(ranked) > 1 and ranked[0][0] - ranked[1][0] < AMBIGUOUS_GAP:
            names = "、".join(f"第{c.seq}项" for _s, c in ranked[:2])
            result[index] = Match(rows[index], None, note=f"与{names}同样相近，无法确定是哪一项")
        else:
            scored.extend((s, index, c) for s, c in ranked)
    taken: set[int] = set()
    for _points, index, candidate in sorted(scored, key=lambda s: (-s[0], s[1])):
        if index not in result and candidate.task_id not in taken:
            result[index] = Match(rows[index], candidate.task_id, "title")
            taken.add(candidate.task_id)
    for index in indexes:
        result.setdefault(index, Match(rows[index], None, note="没有找到序号和标题相符的任务"))
    return result


def _score(row: ReturnedRow, candidate: Candidate) -> float:
    """Title similarity, with a bonus for the same 序号; 0 below the thresholds."""
    similarity = fuzz.ratio(_plain(row.title), _plain(candidate.title))
    same_seq = bool(row.seq) and compact(row.seq) == compact(candidate.seq)
    if similarity >= TITLE_MATCH or (same_seq and similarity >= TITLE_WITH_SEQ):
        return similarity + (SEQ_BONUS if same_seq else 0)
    return 0.0


def _plain(text: str) -> str:
    return to_simplified(compact(text))


def guarded_changes(row: ReturnedRow, current: dict[str, str]) -> list[str]:
    """The labels of what the row changed that a unit may not change (年度目标, 完成时限 …).

    Units are compared as sets, whatever separator or order the file uses; a column the file
    does not have, or leaves blank, changes nothing.
    """
    changed = []
    for name, label in GUARDED.items():
        new = row.values.get(name, "")
        if not new.strip():
            continue
        if name in ("lead", "responsible"):
            same = set(re.split(r"[\s、，,；;]+", new.strip())) == set(
                re.split(r"[\s、，,；;]+", current.get(name, "").strip())
            )
        else:
            same = _plain(new) == _plain(current.get(name, ""))
        if not same:
            changed.append(label)
    return changed
