"""Field-level scoring of the parser on the other-offices corpus (tests/ingest/corpus).

``score(name)`` parses one corpus file with ``duban.ingest.parse_file`` and compares it,
field by field, with the hand-written expectation in ``corpus/expected.py``; ``compare``
does the comparison for a plan (or a refusal) already in hand. Tasks are matched by
order. Only the fields an expectation fills are counted, plus the plan's title and the
number of tasks. Every miss is a line "file task#n field: expected X got Y".

Texts are compared as the office reads them: whitespace ignored, full-width letters,
digits and brackets taken as their half-width forms, a trailing full stop ignored.
Fields TaskDoc does not have yet (``leaders``, ``status``, ``milestones``,
``progress_entries``) are read with ``getattr``; until ``status`` exists, a task's
``completed`` stands for it (True → done, False → not_done).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from duban.core.plan import PlanDoc, TaskDoc
from duban.ingest import IngestError, parse_file
from tests.ingest.corpus.expected import CORPUS, Doc, T

CORPUS_DIR = Path(__file__).parent / "corpus"
TASK_FIELDS = (
    "title",
    "target",
    "lead",
    "responsible",
    "leaders",
    "deadline",
    "progress",
    "status",
    "milestones",
    "progress_entries",
)
_TRAILING = "。．.;；,，"


@dataclass
class Score:
    document: str
    right: int = 0
    total: int = 0
    mismatches: list[str] = field(default_factory=list)

    @property
    def accuracy(self) -> float:
        return self.right / self.total if self.total else 1.0

    def check(self, where: str, expected: str, got: str) -> None:
        self.total += 1
        if normalise(expected) == normalise(got):
            self.right += 1
        else:
            self.mismatches.append(f"{self.document} {where}: expected {expected} got {got or '(空)'}")

    def miss(self, where: str, expected: str, got: str) -> None:
        self.total += 1
        self.mismatches.append(f"{self.document} {where}: expected {expected} got {got}")


def normalise(text: str) -> str:
    """Whitespace gone, compatibility forms folded (（ → (), a trailing full stop dropped."""
    folded = re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))
    return folded.rstrip(_TRAILING)


def score(doc_name: str) -> Score:
    """Parse one corpus document and score it against its expectation."""
    expected = CORPUS[doc_name]
    try:
        result: PlanDoc | IngestError = parse_file(CORPUS_DIR / doc_name)
    except IngestError as error:
        result = error
    except Exception as error:  # a crash scores as a refusal nobody asked for, never stops the run
        result = IngestError(f"解析程序异常：{type(error).__name__}: {error}")
    return compare(doc_name, expected, result)


def compare(doc_name: str, expected: Doc, result: PlanDoc | IngestError) -> Score:
    """Score a parse (or a refusal) against an expectation."""
    outcome = Score(doc_name)
    if expected.kind == "refuse":
        _score_refusal(outcome, expected, result)
        return outcome
    if isinstance(result, IngestError):
        message = str(result)
        if expected.title:
            outcome.miss("title", expected.title, f"refusal: {message}")
        outcome.miss("task count", str(len(expected.tasks)), f"refusal: {message}")
        for n, task in enumerate(expected.tasks, start=1):
            for name, value in _filled(task):
                outcome.miss(f"task#{n} {name}", value, "(拒收)")
        return outcome
    if expected.title:
        outcome.check("title", expected.title, result.title)
    tasks = result.tasks()
    outcome.check("task count", str(len(expected.tasks)), str(len(tasks)))
    for n, task in enumerate(expected.tasks, start=1):
        parsed = tasks[n - 1] if n <= len(tasks) else None
        for name, value in _filled(task):
            got = _field(parsed, name) if parsed is not None else None
            if got is None:
                outcome.miss(f"task#{n} {name}", value, "(无此任务)")
            else:
                outcome.check(f"task#{n} {name}", value, got)
    return outcome


def _score_refusal(outcome: Score, expected: Doc, result: PlanDoc | IngestError) -> None:
    want = f"a refusal that says {expected.refuse_hint}"
    if not isinstance(result, IngestError):
        outcome.miss("refusal", want, f"a plan of {len(result.tasks())} tasks")
    elif expected.refuse_hint not in str(result):
        outcome.miss("refusal", want, f"refusal: {result}")
    else:
        outcome.total += 1
        outcome.right += 1


def _filled(task: T) -> list[tuple[str, str]]:
    """The expectation's filled fields, each as the text it is compared as."""
    filled: list[tuple[str, str]] = []
    for name in TASK_FIELDS:
        value = getattr(task, name)
        if value:
            filled.append((name, _text(name, value)))
    return filled


def _text(name: str, value: object) -> str:
    if name in ("lead", "responsible", "leaders"):
        return " | ".join(normalise(str(v)) for v in _seq(value))  # a unit may itself hold 、
    if name in ("milestones", "progress_entries"):
        return " | ".join(f"{when}:{normalise(what)}" for when, what in (_pair(item) for item in _seq(value)))
    return _scalar(value)


def _field(task: TaskDoc, name: str) -> str:
    """The parsed task's value for an expectation field, as text."""
    if name == "lead":
        return _text(name, task.lead_units)
    if name == "responsible":
        return _text(name, task.responsible_units)
    if name == "deadline":
        return task.deadline.isoformat() if task.deadline else ""
    if name == "status":
        status = _scalar(getattr(task, "status", ""))
        if status:
            return status
        if task.completed is None:
            return ""
        return "done" if task.completed else "not_done"
    if name in ("leaders", "milestones", "progress_entries"):
        return _text(name, getattr(task, name, ()))
    return _text(name, getattr(task, name))


def _seq(value: object) -> Sequence[object]:
    if isinstance(value, (list, tuple)):
        return value
    return () if value is None or value == "" else (value,)


def _scalar(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    enum_value = getattr(value, "value", None)
    return str(enum_value if isinstance(enum_value, str) else value)


_WHEN = ("date", "day", "due", "when", "period", "label")
_WHAT = ("text", "description", "what", "progress", "content")


def _pair(item: object) -> tuple[str, str]:
    """A milestone or period entry, whatever shape the parser gives it, as (when, what)."""
    if isinstance(item, (list, tuple)) and len(item) == 2:
        return _scalar(item[0]), _scalar(item[1])
    when = next((getattr(item, a) for a in _WHEN if getattr(item, a, None) is not None), "")
    what = next((getattr(item, a) for a in _WHAT if getattr(item, a, None) is not None), "")
    return _scalar(when), _scalar(what)


def score_all(names: Iterable[str] | None = None) -> list[Score]:
    return [score(name) for name in (names if names is not None else CORPUS)]


def overall(scores: Iterable[Score]) -> tuple[int, int]:
    right = total = 0
    for s in scores:
        right, total = right + s.right, total + s.total
    return right, total
