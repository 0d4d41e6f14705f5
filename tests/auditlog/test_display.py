"""Audit rows in the office's words: the task's history names fields as the table does, people by
name and unit, 是/否/（空） for yes/no, with a character diff of each changed text."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.auditlog.display import entries_in_words, entry_changes
from duban.auditlog.models import AuditEntry
from duban.plans.models import Plan, Task
from duban.reporting.choices import Claim
from duban.reporting.models import ReportingRound
from duban.reporting.services.extensions import extension_decide, extension_request
from duban.reporting.services.transitions import ReportContent, report_transition
from tests.reporting.conftest import task


def _accept_row54_as_done(round_: ReportingRound, plan: Plan, li: User, wang: User) -> Task:
    report = round_.reports.get(task=task(plan, "54"))
    content = ReportContent("安置房主体完工，征迁全部完成。", Claim.DONE)
    report_transition(actor=li, report=report, action="submit", expected_version=1, content=content)
    report_transition(actor=wang, report=report, action="accept", expected_version=2)
    return task(plan, "54")


def test_the_task_history_speaks_the_offices_words(
    november: ReportingRound, plan_2025: Plan, li: User, wang: User, client_for: Callable[[User], Client]
) -> None:
    wang.full_name = "王芳"
    wang.save()
    row54 = _accept_row54_as_done(november, plan_2025, li, wang)
    page = client_for(li).get(reverse("plans:task", args=[row54.pk])).content.decode()
    history = page.split('data-testid="history"')[1]
    assert "王芳（霞科办） 修改：2025年11月填报通过" in history
    changes = re.findall(r'<div data-testid="history-change">(.*?)</div>', history)
    labels = re.findall(r'<div data-testid="history-change"><strong>(.*?)</strong>', history)
    assert labels == ["完成情况", "是否完成", "未完成理由"]
    assert '<span class="diff-old">否</span> → <span class="diff-new">是</span>' in changes[1]
    assert (
        '<span class="diff-old">毓秀园二期安置房建设缓慢</span> → <span class="diff-new">（空）</span>'
        in changes[2]
    )
    assert (
        '<span class="diff-new">' in changes[0] and '<span class="diff-old">' in changes[0]
    )  # the text's diff
    for code in ("progress", "completed", "shortfall_reason", "True", "False", "None", ">wang<"):
        assert code not in history


def test_a_report_status_and_a_granted_deadline_read_as_the_pages_show_them(
    november: ReportingRound, plan_2025: Plan, li: User, wang: User
) -> None:
    row14 = task(plan_2025, "14")
    extension = extension_request(
        actor=li, task=row14, new_deadline=dt.date(2026, 3, 31), reason="设备到货晚"
    )
    extension_decide(actor=wang, extension=extension, approve=True)
    granted = (
        AuditEntry.objects.filter(object_type="plans.Task", object_id=str(row14.pk)).order_by("pk").last()
    )
    assert granted is not None
    [deadline] = entry_changes(granted)
    assert (deadline.label, deadline.new) == ("完成时限", "2026年3月31日")
    report = november.reports.get(task=row14)
    report_transition(
        actor=li,
        report=report,
        action="submit",
        expected_version=1,
        content=ReportContent("投产", Claim.DONE),
    )
    submitted = AuditEntry.objects.filter(object_type="reporting.ProgressReport").order_by("pk").last()
    assert submitted is not None
    [view] = entries_in_words([submitted])
    [status] = view.changes
    assert (status.label, status.old, status.new, status.diff) == ("状态", "草稿", "待督办审核", [])


def test_the_audit_lines_of_reporting_say_what_was_done_in_chinese(
    november: ReportingRound, plan_2025: Plan, wang: User
) -> None:
    opened = AuditEntry.objects.filter(object_type="reporting.ReportingRound").get()
    assert opened.message == "发起“2025年11月”填报，截止2025年11月25日"
    [due, count] = entry_changes(opened)
    assert (due.label, due.new, count.label, count.new) == ("截止日期", "2025年11月25日", "填报项数", "73")
