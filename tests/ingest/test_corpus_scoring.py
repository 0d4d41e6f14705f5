"""The corpus scoring itself: what it counts, and how it words a miss."""

from __future__ import annotations

import datetime as dt

from duban.core.plan import PlanDoc, SectionDoc, TaskDoc
from duban.ingest import IngestError
from tests.ingest.corpus.expected import CORPUS, STATUSES, Doc, T
from tests.ingest.corpus_scoring import CORPUS_DIR, TASK_FIELDS, compare, normalise, score

EXPECTED = Doc(
    kind="tasks",
    title="2025年民生实事项目进展情况表",
    tasks=(
        T(
            seq="1",
            title="新建城区公办幼儿园2所",
            lead=("市教育局",),
            responsible=("市住建局", "各县(市、区)人民政府"),
            deadline="2025-12-31",
            progress="主体完工",
            status="done",
        ),
    ),
)


def _plan(*, lead: list[str], title: str = "新建城区公办幼儿园2所。") -> PlanDoc:
    task = TaskDoc(
        seq="1",
        title=title,
        lead_units=lead,
        responsible_units=["市住建局", "各县（市、区）人民政府"],
        deadline=dt.date(2025, 12, 31),
        progress="主体 完工",
        completed=True,
    )
    return PlanDoc(
        title="2025年民生实事项目进展情况表",
        file="demo.docx",
        sha256="0" * 64,
        sections=[SectionDoc(title="一、教育", tasks=[task])],
    )


def test_a_parse_that_reads_every_field_as_the_clerk_did_scores_one() -> None:
    result = compare("demo.docx", EXPECTED, _plan(lead=["市教育局"]))

    # plan title + task count + six filled fields; brackets, spaces and a full stop do not count
    assert (result.right, result.total, result.mismatches) == (8, 8, [])
    assert result.accuracy == 1.0


def test_a_neighbours_unit_is_one_miss_with_a_readable_line() -> None:
    result = compare("demo.docx", EXPECTED, _plan(lead=["市财政局"]))

    assert (result.right, result.total) == (7, 8)
    assert result.mismatches == ["demo.docx task#1 lead: expected 市教育局 got 市财政局"]


def test_a_missing_task_counts_every_field_it_should_have_had() -> None:
    empty = PlanDoc(title="2025年民生实事项目进展情况表", file="demo.docx", sha256="0" * 64)

    result = compare("demo.docx", EXPECTED, empty)

    assert (result.right, result.total) == (1, 8)
    assert "demo.docx task count: expected 1 got 0" in result.mismatches
    assert "demo.docx task#1 title: expected 新建城区公办幼儿园2所 got (无此任务)" in result.mismatches


def test_a_refusal_scores_only_when_it_says_what_the_document_is() -> None:
    bulletin = Doc(kind="refuse", refuse_hint="通报")

    said = compare("t.html", bulletin, IngestError("这是一份通报，所附台账不在文件中"))
    vague = compare("t.html", bulletin, IngestError("未找到重点工作表格"))
    accepted = compare("t.html", bulletin, _plan(lead=["市教育局"]))

    assert (said.right, said.total) == (1, 1)
    assert vague.mismatches == [
        "t.html refusal: expected a refusal that says 通报 got refusal: 未找到重点工作表格"
    ]
    assert accepted.mismatches == ["t.html refusal: expected a refusal that says 通报 got a plan of 1 tasks"]


def test_a_refused_task_list_loses_every_field() -> None:
    result = compare("demo.docx", EXPECTED, IngestError("未找到重点工作表格"))

    assert (result.right, result.total) == (0, 8)


def test_texts_compare_as_the_office_reads_them() -> None:
    assert normalise("各县（市、区）人民政府 ") == normalise("各县(市、区)人民政府")
    assert normalise("主体完工。") == normalise("主体完工")
    assert normalise("市教育局") != normalise("市财政局")


def test_every_corpus_expectation_names_a_file_that_is_there_and_uses_known_words() -> None:
    for name, doc in CORPUS.items():
        assert (CORPUS_DIR / name).is_file(), name
        assert doc.kind in ("tasks", "refuse"), name
        assert (doc.kind == "refuse") == bool(doc.refuse_hint) == (not doc.tasks), name
        assert doc.source and doc.office, name
        for task in doc.tasks:
            assert task.title and task.status in STATUSES, (name, task)
            assert not task.deadline or dt.date.fromisoformat(task.deadline), (name, task)
    assert len(CORPUS) >= 22


def test_every_document_is_scored_on_the_same_fields_however_the_parser_did() -> None:
    for name, doc in CORPUS.items():
        result = score(name)

        if doc.kind == "refuse":
            assert result.total == 1, name
        else:
            filled = sum(bool(getattr(t, f)) for t in doc.tasks for f in TASK_FIELDS)
            assert result.total == bool(doc.title) + 1 + filled, name
        assert 0 <= result.right <= result.total, name
        assert len(result.mismatches) == result.total - result.right, name
