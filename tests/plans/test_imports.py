"""Re-importing a plan never destroys what duban holds, and an import's writes do not grow with its rows."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from duban.accounts.models import User
from duban.auditlog.models import AuditEntry
from duban.core.plan import MilestoneDoc
from duban.demo import KEY_WORK_2025
from duban.ingest import parse_file, read_document
from duban.ingest.interpret import interpret_document
from duban.ingest.layout import ColumnMap, Layout
from duban.intake.services import intake_apply
from duban.plans.models import ImportBatch, Plan, Task
from duban.plans.previews import ImportPreview, import_preview
from duban.plans.services.imports import PlanImporter, plan_import_apply, plan_import_file
from duban.plans.services.tasks import section_get_or_create, task_create
from duban.reporting.choices import Claim
from duban.reporting.models import ProgressReport
from duban.reporting.services.rounds import round_open
from duban.reporting.services.transitions import ReportContent, report_transition
from tests.builders import spec_from_text_table, write_docx

KEY_WORK_COLUMNS = {"category": 2, "title": 3, "lead": 7, "responsible": 8}
REPORTED = ReportContent("张九房自然村余下民房已全部签约，拆除完成。", Claim.DONE)


@pytest.fixture
def office_docx(tmp_path: Path) -> Path:
    """The office's own 2025 table as the .docx it keeps, with Word's merges."""
    spec = spec_from_text_table(KEY_WORK_2025.read_text("utf-8"), merge_columns=KEY_WORK_COLUMNS)
    return write_docx(spec, tmp_path / "霞客湾科学城2025年重点工作安排表.docx")


@pytest.fixture
def imported(office_docx: Path, wang: User) -> Plan:
    return plan_import_file_and_apply(wang, office_docx)


def plan_import_file_and_apply(actor: User, path: Path, take_table: tuple[int, ...] = ()) -> Plan:
    batch = plan_import_file(actor=actor, path=path)
    return plan_import_apply(actor=actor, batch=batch, unit_choices={}, take_table=take_table)


def task_54(plan: Plan) -> Task:
    return plan.tasks.get(seq="54", section__position=1)


def accept_a_report_on_54(plan: Plan, wang: User, li: User) -> Task:
    """青阳镇 (li) reports 第54项 done in the November round; the office (wang) accepts it."""
    november = round_open(actor=wang, plan=plan, label="2025年11月", due_date=dt.date(2025, 11, 25))
    report = november.reports.get(task=task_54(plan))
    for actor, action, content in ((li, "save", REPORTED), (li, "submit", REPORTED), (wang, "accept", None)):
        report = ProgressReport.objects.get(pk=report.pk)
        report_transition(
            actor=actor, report=report, action=action, expected_version=report.version, content=content
        )
    return task_54(plan)


def preview_of(actor: User, path: Path) -> ImportPreview:
    return import_preview(plan_import_file(actor=actor, path=path))


def test_the_preview_names_task_54_as_changed_and_counts_what_it_lists(
    imported: Plan, office_docx: Path, wang: User, li: User
) -> None:
    accept_a_report_on_54(imported, wang, li)
    preview = preview_of(wang, office_docx)
    changed = preview.changes_of("changed")
    assert [c.seq for c in changed] == ["54"]
    assert preview.counts["changed"] == 1 and preview.counts["unchanged"] == 72
    assert preview.counts["added"] == preview.counts["missing"] == 0
    fields = {f.label: f for f in changed[0].fields}
    assert set(fields) == {"完成情况", "是否完成", "未完成理由"}
    assert all(f.kept for f in fields.values())
    segments = set(fields["完成情况"].segments)
    assert {("insert", "完成50%"), ("equal", "签约"), ("delete", "已全部")} <= segments
    assert fields["是否完成"].old == "是" and fields["是否完成"].new == "否"
    assert changed[0].overwrite_note == "第54项 完成情况、是否完成、未完成理由（来自2025年11月填报通过）"


def test_an_accepted_report_survives_a_reimport_with_the_defaults(
    imported: Plan, office_docx: Path, wang: User, li: User
) -> None:
    accepted = accept_a_report_on_54(imported, wang, li)
    assert accepted.progress_origin == "2025年11月填报通过"
    plan_import_file_and_apply(wang, office_docx)
    kept = task_54(imported)
    assert kept.pk == accepted.pk
    assert kept.progress == REPORTED.progress and kept.completed is True and kept.status == "done"
    assert kept.progress_origin == "2025年11月填报通过"


class _ReportAcceptedMeanwhile(PlanImporter):
    """The office's confirmation, during which 青阳镇's report on 第54项 is accepted: after the
    preview was worked out, before the write lock (as another user's save would be)."""

    def __init__(self, actor: User, meanwhile: Callable[[], object]) -> None:
        super().__init__(actor=actor)
        self.meanwhile, self.previews = meanwhile, 0

    def preview(self, batch: ImportBatch) -> ImportPreview:
        self.previews += 1
        return super().preview(batch)

    def prepare(self, preview: ImportPreview) -> None:
        super().prepare(preview)
        self.meanwhile()


def test_a_confirmation_works_its_preview_out_once_when_nothing_changed_meanwhile(
    imported: Plan, office_docx: Path, wang: User
) -> None:
    importer = _ReportAcceptedMeanwhile(wang, meanwhile=lambda: None)
    intake_apply(importer=importer, batch=plan_import_file(actor=wang, path=office_docx))
    assert importer.previews == 1


def test_a_report_accepted_while_the_confirmation_reads_its_file_is_kept(
    imported: Plan, office_docx: Path, wang: User, li: User
) -> None:
    batch = plan_import_file(actor=wang, path=office_docx)
    importer = _ReportAcceptedMeanwhile(wang, meanwhile=lambda: accept_a_report_on_54(imported, wang, li))
    intake_apply(importer=importer, batch=batch)
    assert importer.previews == 2  # the basis changed: worked out again inside the write lock
    kept = task_54(imported)
    assert kept.progress == REPORTED.progress and kept.completed is True
    assert kept.progress_origin == "2025年11月填报通过"


def test_ticking_take_the_table_replaces_the_reported_values(
    imported: Plan, office_docx: Path, wang: User, li: User
) -> None:
    accepted = accept_a_report_on_54(imported, wang, li)
    plan_import_file_and_apply(wang, office_docx, take_table=(accepted.pk,))
    taken = task_54(imported)
    assert taken.progress == "江南大学（江阴校区）周边张九房自然村余下民房完成50%签约工作。"
    assert taken.completed is False and taken.status == "not_done" and taken.progress_origin == ""
    entry = AuditEntry.objects.filter(object_type="plans.Task", object_id=str(taken.pk)).latest("id")
    assert entry.message == "重新导入（采用表格内容）" and entry.changes["completed"] == [True, False]
    assert AuditEntry.objects.filter(action="import").latest("id").changes["taken_from_table"] == ["54"]


def write_csv(path: Path, title: str, rows: list[list[str]]) -> Path:
    header = ["序号", "主要任务", "重点工作", "年度主要目标", "年度任务完成情况", "是否完成"]
    header += ["牵头单位", "责任单位"]
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows([[title], header, *rows])
    return path


def seed_rows(count: int, *, number_titles: bool = True) -> list[list[str]]:
    """count rows cycling through the 2025 table's tasks, numbered 1…count (their titles too)."""
    tasks = parse_file(KEY_WORK_2025).sections[0].tasks
    rows = []
    for n in range(count):
        task = tasks[n % len(tasks)]
        claim = {True: "是", False: f"否（{task.shortfall_reason}）", None: ""}[task.completed]
        lead, responsible = "、".join(task.lead_units), "、".join(task.responsible_units)
        title = f"{task.title}（{n + 1}）" if number_titles else task.title
        rows.append([str(n + 1), task.category, title, task.target, task.progress, claim, lead, responsible])
    return rows


def test_a_reimport_keeps_carried_over_tasks_and_rows_the_file_no_longer_has(
    plan_2025: Plan, wang: User, tmp_path: Path
) -> None:
    carried = task_create(
        section=section_get_or_create(plan=plan_2025, title="上年结转任务", position=0),
        title="上年度未完成的校地合作项目",
        source_ref={"carried_from": 1},
    )
    path = write_csv(tmp_path / "安排表.csv", plan_2025.title, seed_rows(54, number_titles=False))
    preview = preview_of(wang, path)
    assert preview.counts["kept"] == 1 and preview.counts["missing"] == 19  # 第55项 and the 18 of 八个一
    plan_import_file_and_apply(wang, path)
    assert Task.objects.get(pk=carried.pk).section.title == "上年结转任务"
    dropped = plan_2025.tasks.get(seq="55", section__position=1)
    assert dropped.missing_from_file and not Task.objects.get(pk=carried.pk).missing_from_file
    assert plan_2025.tasks.count() == 74 and plan_2025.sections.count() == 3


def queries_to_apply(actor: User, path: Path) -> int:
    batch = plan_import_file(actor=actor, path=path)
    with CaptureQueriesContext(connection) as queries:
        plan_import_apply(actor=actor, batch=batch, unit_choices={})
    return len(queries)


def test_applying_twice_the_rows_takes_the_same_number_of_queries(
    plan_2025: Plan, wang: User, tmp_path: Path
) -> None:
    """Units of the seed exist (plan_2025); two new plans of 20 and 40 rows, then each again.

    Both sizes fit one bulk statement (SQLite takes 999 parameters a statement, about 45 tasks):
    a larger import adds one statement per such batch, never one per row."""
    small = write_csv(tmp_path / "small.csv", "二十项重点工作安排表", seed_rows(20))
    large = write_csv(tmp_path / "large.csv", "四十项重点工作安排表", seed_rows(40))
    assert queries_to_apply(wang, small) == queries_to_apply(wang, large)
    assert queries_to_apply(wang, small) == queries_to_apply(wang, large)  # re-imports, nothing changed
    assert Plan.objects.get(title="四十项重点工作安排表").tasks.count() == 40


LEADERS_TABLE = """2025年民生实事项目推进情况表
序号,重点工作,牵头单位,责任领导,进度安排,1-10月完成情况,1-11月完成情况,是否达序
1,城区老旧小区改造,市住建局,张明、李华,①3月底前完成设计；②11月底前完工,已完成设计,已开工,滞后
2,新建公办幼儿园3所,市教育局,{leaders},①12月底前建成,已选址,主体完工,达序
3,农村道路提档升级,市交通运输局,赵敏,①12月底前完成100公里,完成60公里,完成100公里,已完成
"""
# The mapping step's layout for it: people, steps, one progress column per period, schedule.
LEADERS_LAYOUT = Layout(
    header_rows=(2,),
    columns=(
        ColumnMap(1, "seq"),
        ColumnMap(2, "title"),
        ColumnMap(3, "lead"),
        ColumnMap(4, "leaders"),
        ColumnMap(5, "milestones"),
        ColumnMap(6, "progress_entry", "1-10月"),
        ColumnMap(7, "progress_entry", "1-11月"),
        ColumnMap(8, "status"),
    ),
)
STEPS = [MilestoneDoc("完成设计", dt.date(2025, 3, 31)), MilestoneDoc("完工", dt.date(2025, 11, 30))]


def leaders_batch(actor: User, tmp_path: Path, *, leaders: str = "王强") -> ImportBatch:
    """The 民生实事 table uploaded, then read with the office's layout, as the mapping step does.
    Row 1's 进度安排 is given as its steps (the parser's step reading is another part's work)."""
    path = tmp_path / "民生实事.csv"
    path.write_text(LEADERS_TABLE.format(leaders=leaders), encoding="utf-8")
    batch = plan_import_file(actor=actor, path=path)
    doc = interpret_document(read_document(path), LEADERS_LAYOUT)
    doc.sections[0].tasks[0].milestones = STEPS
    batch.parsed = doc.as_dict()
    batch.save(update_fields=["parsed"])
    return ImportBatch.objects.get(pk=batch.pk)


def test_leaders_steps_period_progress_and_schedule_are_stored(wang: User, tmp_path: Path) -> None:
    plan = plan_import_apply(actor=wang, batch=leaders_batch(wang, tmp_path), unit_choices={})
    first, second, third = plan.tasks.order_by("position")
    assert [(leader.name, leader.kind, leader.user) for leader in first.leaders.all()] == [
        ("张明", "", None),
        ("李华", "", None),
    ]
    assert [(m.date, m.text) for m in first.milestones.all()] == [(s.date, s.text) for s in STEPS]
    assert [(e.period, e.text) for e in second.progress_entries.all()] == [
        ("1-10月", "已选址"),
        ("1-11月", "主体完工"),
    ]
    assert first.behind_schedule and first.completed is None and first.status == "in_progress"
    assert not second.behind_schedule and second.completed is None
    assert third.completed is True and third.status == "done"


def test_a_reimport_shows_a_changed_leader_and_keeps_the_other_rows_details(
    wang: User, tmp_path: Path
) -> None:
    plan = plan_import_apply(actor=wang, batch=leaders_batch(wang, tmp_path), unit_choices={})
    batch = leaders_batch(wang, tmp_path, leaders="王强、周勇")
    preview = import_preview(batch)
    [changed] = preview.changes_of("changed")
    assert changed.seq == "2" and [(f.label, f.old, f.new) for f in changed.fields] == [
        ("责任领导", "王强", "王强、周勇")
    ]
    assert preview.counts["unchanged"] == 2
    plan_import_apply(actor=wang, batch=batch, unit_choices={})
    first, second, _ = plan.tasks.order_by("position")
    assert list(second.leaders.values_list("name", flat=True)) == ["王强", "周勇"]
    assert (
        first.milestones.count() == 2 and first.leaders.count() == 2 and second.progress_entries.count() == 2
    )
    entry = AuditEntry.objects.filter(object_type="plans.Task", object_id=str(second.pk)).get()
    assert entry.changes == {"leaders": ["王强", "王强、周勇"]}


def test_the_preview_shows_each_rows_leaders_and_dated_steps_before_they_are_written(
    wang: User, tmp_path: Path, client_for: Callable[[User], Client]
) -> None:
    batch = leaders_batch(wang, tmp_path)
    page = client_for(wang).get(reverse("plans:import_preview", args=[batch.pk])).content.decode()
    table = page[page.index('data-testid="preview-table"') :]
    first_row = table[table.index("城区老旧小区改造") : table.index("新建公办幼儿园3所")]
    assert '<td class="leaders"><div>张明</div><div>李华</div></td>' in first_row
    assert "2025-03-31</span> 完成设计" in first_row and "2025-11-30</span> 完工" in first_row
    assert "<th>责任领导</th>" in table and "<th>进度安排</th>" in table
