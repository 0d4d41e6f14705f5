"""The auditor's page: filters, CSV export of the filtered rows (audited), chain check on demand."""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from duban.accounts.models import User
from duban.auditlog.choices import Action, Result
from duban.auditlog.models import AuditEntry
from duban.auditlog.services import audit_record
from duban.plans.models import Plan
from tests.auditlog.tamper import tamper
from tests.formulas import FORMULA_LOOKALIKES

LIST = reverse("auditlog:list")


@pytest.fixture
def auditor(shen: User, client_for: Callable[[User], Client]) -> Client:
    return client_for(shen)


@pytest.fixture
def rows(plan_2025: Plan, wang: User, li: User) -> None:
    """The import by wang, plus rows of other days, users and results."""
    old = timezone.make_aware(dt.datetime(2025, 3, 1, 9, 30))
    AuditEntry.objects.create(at=old, actor=li, actor_name="li", action=Action.LOGIN, message="三月的登录")
    audit_record(
        actor=None, action=Action.LOGIN_FAILED, result=Result.FAILURE, message="用户名：=cmd|' /C calc'!A0"
    )


def _listed(client: Client, **params: str) -> str:
    response = client.get(LIST, params)
    assert response.status_code == 200
    return response.content.decode()


def _csv(client: Client, **params: str) -> list[list[str]]:
    response = client.get(reverse("auditlog:export"), params)
    assert response.status_code == 200 and response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    text = b"".join(response.streaming_content).decode("utf-8")
    assert text.startswith("\ufeff")
    return list(csv.reader(io.StringIO(text[1:])))


def test_filters_by_user_action_date_and_object(rows: None, auditor: Client) -> None:
    page = _listed(auditor, user="li")
    assert "三月的登录" in page and "霞客湾科学城2025年重点工作安排表" not in page
    page = _listed(auditor, action="import")
    assert "霞客湾科学城2025年重点工作安排表" in page and "三月的登录" not in page
    page = _listed(auditor, date_from="2025-03-01", date_to="2025-03-01")
    assert "三月的登录" in page and "霞客湾科学城" not in page
    page = _listed(auditor, date_to="2025-02-28")
    assert "暂无记录" in page
    page = _listed(auditor, object="霞客湾科学城2025")
    assert "霞客湾科学城2025年重点工作安排表" in page and "三月的登录" not in page
    page = _listed(auditor, result="failure")
    assert "用户名：" in page and "三月的登录" not in page


def test_a_reversed_date_range_is_explained(rows: None, auditor: Client) -> None:
    assert "起始日期不能晚于截止日期" in _listed(auditor, date_from="2025-03-02", date_to="2025-03-01")


def test_the_csv_holds_the_filtered_rows_and_the_export_is_audited(
    rows: None, auditor: Client, shen: User
) -> None:
    table = _csv(auditor, user="li")
    header, body = table[0], table[1:]
    assert header[:3] == ["编号", "时间", "用户"] and header[-2:] == ["上一条哈希", "哈希"]
    assert [r[2] for r in body] == ["li"] and body[0][1] == "2025-03-01 09:30:00"
    assert len(body[0][-1]) == 64
    export = AuditEntry.objects.get(action=Action.EXPORT, actor=shen)
    assert export.changes == {"rows": 1, "filters": {"user": "li"}}
    assert "导出审计日志（CSV，1 条）" in export.message


def test_csv_cells_never_start_a_formula(rows: None, auditor: Client) -> None:
    table = _csv(auditor, result="failure")
    message = next(r[10] for r in table[1:] if "cmd" in r[10])
    assert message.startswith("用户名：")
    assert all(not cell.startswith(("=", "+", "-", "@")) for row in table[1:] for cell in row)


def test_csv_text_that_looks_like_a_formula_is_exported_quoted(db: None, auditor: Client) -> None:
    for text in FORMULA_LOOKALIKES:
        audit_record(actor=None, action=Action.LOGIN_FAILED, result=Result.FAILURE, message=text)
    messages = [row[10] for row in _csv(auditor, result="failure")[1:]]
    assert messages == ["'" + text for text in FORMULA_LOOKALIKES]


def test_the_chain_is_checked_only_on_demand(rows: None, auditor: Client) -> None:
    assert "尚未校验" in _listed(auditor)
    assert auditor.get(reverse("auditlog:verify")).status_code == 405
    response = auditor.post(reverse("auditlog:verify"), {"query": "action=import"})
    assert response.status_code == 302 and response["Location"].endswith("?action=import")
    page = _listed(auditor)
    assert "审计日志完整" in page and f"共 {AuditEntry.objects.count()} 条" in page


def test_the_page_shows_where_the_chain_is_broken(rows: None, auditor: Client) -> None:
    victim = AuditEntry.objects.get(message="三月的登录")
    tamper("UPDATE auditlog_auditentry SET message = '改过' WHERE id = %s", [victim.pk])
    auditor.post(reverse("auditlog:verify"))
    page = _listed(auditor)
    assert "审计日志已被篡改" in page and f"第一处断点是第 #{victim.pk} 条（2025-03-01 09:30:00）" in page


@pytest.mark.parametrize("persona", ["wang", "li", "zhao"])
def test_only_the_auditor_exports_or_verifies(
    persona: str, request: pytest.FixtureRequest, client_for: Callable[[User], Client]
) -> None:
    user = request.getfixturevalue(persona)
    client = client_for(user)
    assert client.get(reverse("auditlog:export")).status_code == 403
    assert client.post(reverse("auditlog:verify")).status_code == 403
    assert not AuditEntry.objects.filter(action=Action.EXPORT).exists()
    assert AuditEntry.objects.filter(actor=user, action=Action.DENIED).count() == 2
