"""二次分解: 青阳镇 leads row 14 and splits it for its villages 青阳村 and 湖东村; the villages
report on their parts, the reports roll up into 青阳镇's draft, and the office sees who is late.

The suite's day is 2025-11-20; the November round is due on the 25th."""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Callable

import openpyxl
import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.auditlog.models import AuditEntry
from duban.common.roles import Role
from duban.plans.models import Plan, SubTask, Task
from duban.plans.services.breakdown import subtask_create
from duban.reporting.breakdown import task_breakdown
from duban.reporting.choices import Claim, ReportStatus
from duban.reporting.models import ProgressReport, ReportingRound, ReportVersion, SubTaskReport
from duban.reporting.services.breakdown import SubTaskContent, subtask_report_submit
from duban.reporting.services.rounds import round_close
from duban.reporting.services.transitions import ReportContent, StaleReport, report_transition
from duban.units.models import Unit
from duban.units.services import unit_merge
from duban.web.inbox import Inbox
from tests.reporting.conftest import task

TODAY = dt.date(2025, 11, 20)


@pytest.fixture
def villages(qingyang: Unit) -> tuple[Unit, Unit]:
    return (
        Unit.objects.create(name="青阳村", parent=qingyang),
        Unit.objects.create(name="湖东村", parent=qingyang),
    )


@pytest.fixture
def cun(villages: tuple[Unit, Unit]) -> User:
    """青阳村's 填报员."""
    return User.objects.create(username="cun", full_name="陈村", role=Role.REPORTER, unit=villages[0])


@pytest.fixture
def hudong(villages: tuple[Unit, Unit]) -> User:
    """湖东村's 填报员, a sibling of 青阳村."""
    return User.objects.create(username="hudong", full_name="胡东", role=Role.REPORTER, unit=villages[1])


@pytest.fixture
def row14(plan_2025: Plan) -> Task:
    return task(plan_2025, "14")


@pytest.fixture
def survey(row14: Task, li: User, villages: tuple[Unit, Unit], november: ReportingRound) -> SubTask:
    """青阳村's part: a survey whose first step was due on the 15th."""
    return subtask_create(
        actor=li,
        task=row14,
        unit=villages[0],
        title="走访摸底",
        milestones="2025-11-15 完成走访\n2025-12-10 形成台账",
    )


def test_the_lead_splits_its_task_for_a_village_with_milestones(
    row14: Task, li: User, villages: tuple[Unit, Unit], client_for: Callable[[User], Client]
) -> None:
    url = reverse("plans:task_split", args=[row14.pk])
    client = client_for(li)
    form = client.get(url).content.decode()
    assert "青阳村" in form and "湖东村" in form and "月城镇" not in form
    data = {"unit": villages[1].pk, "title": "设备进场", "milestones": "2025年12月1日 进场\n2025-12-20 调试"}
    response = client.post(url, data)
    assert response.url == reverse("plans:task", args=[row14.pk])
    subtask = SubTask.objects.get()
    assert (subtask.unit, subtask.owner, subtask.created_by) == (
        villages[1],
        row14.named_units and li.unit,
        li,
    )
    assert [(m.date, m.text) for m in subtask.milestones.all()] == [
        (dt.date(2025, 12, 1), "进场"),
        (dt.date(2025, 12, 20), "调试"),
    ]
    entry = AuditEntry.objects.get(object_type="plans.Task", object_id=str(row14.pk), action="create")
    assert entry.message == "分解任务给湖东村：设备进场（2个进度节点）"


def test_the_town_reviewer_may_split_too(
    row14: Task, qing_reviewer: User, villages: tuple[Unit, Unit]
) -> None:
    subtask = subtask_create(
        actor=qing_reviewer, task=row14, unit=villages[0], title="宣传", milestones="2025-12-01 入户宣传"
    )
    assert subtask.owner.name == "青阳镇"


def test_a_bad_milestone_line_is_named_and_nothing_is_written(
    row14: Task, li: User, villages: tuple[Unit, Unit], client_for: Callable[[User], Client]
) -> None:
    data = {"unit": villages[0].pk, "title": "摸底", "milestones": "2025-12-01 走访\n月底前完成"}
    response = client_for(li).post(reverse("plans:task_split", args=[row14.pk]), data)
    assert response.status_code == 200
    assert "进度节点第2行：请以日期开头" in response.content.decode()
    assert not SubTask.objects.exists()


def test_a_sub_task_may_not_end_after_its_task_nor_have_a_milestone_after_its_deadline(
    row14: Task, li: User, villages: tuple[Unit, Unit]
) -> None:
    Task.objects.filter(pk=row14.pk).update(deadline=dt.date(2025, 12, 31))
    row14.refresh_from_db()
    with pytest.raises(ValidationError, match="不能晚于原任务的完成时限（2025年12月31日）"):
        subtask_create(
            actor=li,
            task=row14,
            unit=villages[0],
            title="摸底",
            milestones="2025-12-01 走访",
            deadline=dt.date(2026, 1, 31),
        )
    with pytest.raises(ValidationError, match="节点日期2025年12月20日晚于完成时限2025年12月15日"):
        subtask_create(
            actor=li,
            task=row14,
            unit=villages[0],
            title="摸底",
            milestones="2025-12-20 走访",
            deadline=dt.date(2025, 12, 15),
        )
    with pytest.raises(ValidationError, match="请至少填写一个进度节点"):
        subtask_create(actor=li, task=row14, unit=villages[0], title="摸底", milestones=" \n")
    assert not SubTask.objects.exists()


def test_a_unit_cannot_split_a_task_it_does_not_lead_nor_for_a_unit_not_under_it(
    plan_2025: Plan,
    row14: Task,
    li: User,
    zhou: User,
    wang: User,
    zhang: User,
    yuecheng: Unit,
    villages: tuple[Unit, Unit],
    client_for: Callable[[User], Client],
) -> None:
    shared = task(plan_2025, "6")  # 青阳镇 is only responsible on row 6
    assert client_for(li).get(reverse("plans:task_split", args=[shared.pk])).status_code == 403
    assert client_for(zhou).get(reverse("plans:task_split", args=[row14.pk])).status_code == 404
    assert client_for(wang).get(reverse("plans:task_split", args=[row14.pk])).status_code == 403
    assert client_for(zhang).get(reverse("plans:task_split", args=[row14.pk])).status_code == 403
    with pytest.raises(ValidationError, match="只有牵头单位的填报员或审核人可以分解该任务"):
        subtask_create(actor=li, task=shared, unit=villages[0], title="摸底", milestones="2025-12-01 走访")
    with pytest.raises(ValidationError, match="“月城镇”不是本单位的下级单位"):
        subtask_create(actor=li, task=row14, unit=yuecheng, title="摸底", milestones="2025-12-01 走访")
    assert not SubTask.objects.exists()


def test_the_villages_report_rolls_up_into_the_towns_draft_without_overwriting_it(
    survey: SubTask, cun: User, li: User, qingyang_report: ProgressReport
) -> None:
    ProgressReport.objects.filter(pk=qingyang_report.pk).update(
        progress="镇里已完成方案。", problems="资金未到位"
    )
    content = SubTaskContent(progress="已走访32户\n发现问题5处", problems="部分农户不在家")
    report = subtask_report_submit(actor=cun, subtask=survey, content=content)
    assert report.rolled_up and report.unit.name == "青阳村"
    qingyang_report.refresh_from_db()
    assert (
        qingyang_report.progress == "镇里已完成方案。\n【分解任务】青阳村“走访摸底”：已走访32户 发现问题5处"
    )
    assert qingyang_report.problems == "资金未到位\n【分解任务】青阳村“走访摸底”：部分农户不在家"
    assert qingyang_report.status == ReportStatus.DRAFT and qingyang_report.version == 2
    assert ReportVersion.objects.get(report=qingyang_report, version=2).action == "roll_up"
    audit = AuditEntry.objects.get(object_type="reporting.ProgressReport", object_id=str(qingyang_report.pk))
    assert audit.message == "汇入青阳村的分解任务填报（第2版）"

    # The lead edits the draft; the village files again: only its own line changes.
    edited = qingyang_report.progress + "\n镇里补充：已汇总。"
    report_transition(
        actor=li,
        report=qingyang_report,
        action="save",
        expected_version=2,
        content=ReportContent(progress=edited, claim=Claim.IN_PROGRESS),
    )
    subtask_report_submit(actor=cun, subtask=survey, content=SubTaskContent(progress="已走访40户"))
    qingyang_report.refresh_from_db()
    assert qingyang_report.progress == (
        "镇里已完成方案。\n【分解任务】青阳村“走访摸底”：已走访40户\n镇里补充：已汇总。"
    )
    assert SubTaskReport.objects.get().progress == "已走访40户"  # one row per round, filed again


def test_a_report_after_the_lead_has_filed_is_kept_but_not_rolled_up(
    survey: SubTask, cun: User, li: User, qingyang_report: ProgressReport
) -> None:
    report_transition(
        actor=li,
        report=qingyang_report,
        action="submit",
        expected_version=1,
        content=ReportContent(progress="已完成方案", claim=Claim.IN_PROGRESS),
    )
    report = subtask_report_submit(actor=cun, subtask=survey, content=SubTaskContent(progress="已走访"))
    qingyang_report.refresh_from_db()
    assert not report.rolled_up and qingyang_report.progress == "已完成方案"


def test_only_the_villages_reporter_reports_and_an_empty_report_is_refused(
    survey: SubTask,
    cun: User,
    li: User,
    hudong: User,
    qingyang_report: ProgressReport,
    client_for: Callable[[User], Client],
) -> None:
    with pytest.raises(ValidationError, match="只有承办单位的填报员可以填报该分解任务"):
        subtask_report_submit(actor=li, subtask=survey, content=SubTaskContent(progress="代填"))
    with pytest.raises(ValidationError, match="请填写进展情况"):
        subtask_report_submit(actor=cun, subtask=survey, content=SubTaskContent(progress="  "))
    url = reverse("reporting:subtask_report", args=[survey.pk])
    assert client_for(li).post(url, {"progress": "代填"}).status_code == 403
    assert client_for(hudong).post(url, {"progress": "代填"}).status_code == 404
    assert not SubTaskReport.objects.exists()


def test_a_village_files_through_its_page_and_sees_its_sub_tasks_on_its_own_list(
    survey: SubTask, cun: User, qingyang_report: ProgressReport, client_for: Callable[[User], Client]
) -> None:
    client = client_for(cun)
    mine = client.get(reverse("reporting:mine")).content.decode()
    assert "本单位承担的分解任务" in mine and "走访摸底" in mine and "已过期未报" in mine
    page = client.get(reverse("reporting:subtask", args=[survey.pk])).content.decode()
    assert "2025年11月填报" in page and "节点逾期未报 5 天" in page
    response = client.post(
        reverse("reporting:subtask_report", args=[survey.pk]), {"progress": "已走访32户"}, follow=True
    )
    page = response.content.decode()
    assert "已提交“走访摸底”2025年11月填报，已汇入牵头单位本期填报草稿" in page
    assert "已汇入牵头单位填报" in page and "节点逾期未报" not in page


def test_a_sibling_village_and_another_town_cannot_see_a_sub_task(
    survey: SubTask, hudong: User, zhou: User, client_for: Callable[[User], Client]
) -> None:
    url = reverse("reporting:subtask", args=[survey.pk])
    assert client_for(hudong).get(url).status_code == 404
    assert client_for(zhou).get(url).status_code == 404
    assert "走访摸底" not in client_for(hudong).get(reverse("reporting:mine")).content.decode()


def test_the_village_cannot_open_the_towns_task_but_the_town_and_the_office_see_the_sub_task(
    survey: SubTask,
    row14: Task,
    cun: User,
    li: User,
    wang: User,
    zhang: User,
    client_for: Callable[[User], Client],
) -> None:
    assert client_for(cun).get(reverse("plans:task", args=[row14.pk])).status_code == 404
    for user in (li, wang, zhang):
        assert client_for(user).get(reverse("reporting:subtask", args=[survey.pk])).status_code == 200


def test_the_office_sees_the_breakdown_on_the_task_page_with_who_below_is_late(
    survey: SubTask,
    row14: Task,
    li: User,
    wang: User,
    cun: User,
    villages: tuple[Unit, Unit],
    client_for: Callable[[User], Client],
) -> None:
    subtask_create(actor=li, task=row14, unit=villages[1], title="设备进场", milestones="2025-12-01 进场")
    page = client_for(wang).get(reverse("plans:task", args=[row14.pk])).content.decode()
    assert "分解任务（2 项）" in page and "青阳村" in page and "湖东村" in page
    assert page.count('data-late="1"') == 1 and "节点逾期未报 5 天" in page
    assert "分解给下级单位" not in page  # the office sees, the lead splits
    assert "分解给下级单位" in client_for(li).get(reverse("plans:task", args=[row14.pk])).content.decode()
    rows = task_breakdown(row14, today=TODAY)
    assert [(row.subtask.unit.name, row.late, row.light.label) for row in rows] == [
        ("青阳村", True, "滞后"),
        ("湖东村", False, "临近"),
    ]


def test_a_responsible_unit_sees_the_task_but_not_its_breakdown(
    plan_2025: Plan,
    row14: Task,
    li: User,
    wang: User,
    client_for: Callable[[User], Client],
    villages: tuple[Unit, Unit],
) -> None:
    shared = task(plan_2025, "6")  # 青阳镇 is responsible on row 6; another unit leads it
    lead = Unit.objects.get(pk=next(iter(shared.named_units["lead"])))
    lead_user = User.objects.create(username="lead6", role=Role.REPORTER, unit=lead)
    village = villages[0]
    village.parent = lead
    village.save()
    subtask_create(actor=lead_user, task=shared, unit=village, title="联络", milestones="2025-12-01 对接")
    page = client_for(li).get(reverse("plans:task", args=[shared.pk])).content.decode()
    assert 'data-testid="breakdown"' not in page
    office = client_for(wang).get(reverse("plans:task", args=[shared.pk])).content.decode()
    assert 'data-testid="breakdown"' in office and "联络" in office


def test_sub_tasks_are_not_rows_of_the_plan_table_nor_of_its_export(
    survey: SubTask, plan_2025: Plan, wang: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(wang)
    count = plan_2025.tasks.count()
    assert "走访摸底" not in client.get(reverse("plans:detail", args=[plan_2025.pk])).content.decode()
    export = client.get(reverse("plans:export", args=[plan_2025.pk, "xlsx"]))
    sheet = openpyxl.load_workbook(
        io.BytesIO(b"".join(export.streaming_content if export.streaming else [export.content]))
    ).active
    assert not any("走访摸底" in str(cell) for row in sheet.iter_rows(values_only=True) for cell in row)
    assert plan_2025.tasks.count() == count


def test_the_breakdown_is_read_in_a_few_queries_whatever_the_number_of_sub_tasks(
    row14: Task,
    li: User,
    villages: tuple[Unit, Unit],
    november: ReportingRound,
    django_assert_max_num_queries: Callable[..., object],
) -> None:
    for n in range(6):
        subtask_create(
            actor=li, task=row14, unit=villages[n % 2], title=f"分项{n}", milestones="2025-12-01 完成"
        )
    with django_assert_max_num_queries(6):  # type: ignore[operator]
        assert len(task_breakdown(row14, today=TODAY)) == 6


def test_the_villages_inbox_counts_its_sub_tasks_until_it_reports_this_round(
    survey: SubTask, cun: User, hudong: User, qingyang_report: ProgressReport
) -> None:
    def waiting(user: User) -> int:
        return {entry.key: entry.count for entry in Inbox(user).entries}["subtasks"]

    assert (waiting(cun), waiting(hudong)) == (1, 0)
    subtask_report_submit(actor=cun, subtask=survey, content=SubTaskContent(progress="已走访"))
    assert waiting(cun) == 0


def test_merging_a_village_moves_its_sub_tasks_and_reports_to_the_unit_it_joined(
    survey: SubTask, cun: User, wang: User, qingyang_report: ProgressReport, qingyang: Unit
) -> None:
    subtask_report_submit(actor=cun, subtask=survey, content=SubTaskContent(progress="已走访"))
    merged_into = Unit.objects.create(name="青阳社区", parent=qingyang)
    unit_merge(actor=wang, source=survey.unit, target=merged_into)
    survey.refresh_from_db()
    assert survey.unit == merged_into and SubTaskReport.objects.get().unit == merged_into


def test_a_lead_saving_a_draft_read_before_the_roll_up_is_told_instead_of_losing_the_block(
    survey: SubTask, cun: User, li: User, qingyang_report: ProgressReport
) -> None:
    subtask_report_submit(actor=cun, subtask=survey, content=SubTaskContent(progress="已走访"))
    with pytest.raises(StaleReport, match="该填报已被 陈村 更新为第 2 版"):
        report_transition(
            actor=li, report=qingyang_report, action="save", expected_version=1,
            content=ReportContent(progress="镇里的旧稿", claim=Claim.IN_PROGRESS),
        )  # fmt: skip
    qingyang_report.refresh_from_db()
    assert "【分解任务】青阳村“走访摸底”：已走访" in qingyang_report.progress


def test_without_an_open_round_a_village_cannot_report(
    survey: SubTask, cun: User, wang: User, november: ReportingRound
) -> None:
    round_close(actor=wang, round_=november)
    with pytest.raises(ValidationError, match="当前没有进行中的填报轮次"):
        subtask_report_submit(actor=cun, subtask=survey, content=SubTaskContent(progress="已走访"))
    assert not SubTaskReport.objects.exists()
