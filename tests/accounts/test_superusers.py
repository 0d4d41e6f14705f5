"""No account is a Django superuser at run time: none can be made, and one that exists stops startup."""

from __future__ import annotations

import io

import pytest
from django.core.checks import Error
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from duban.accounts.checks import no_active_superuser
from duban.accounts.models import User
from duban.auditlog.models import AuditEntry
from duban.common.roles import Role


def test_no_superuser_can_be_created(db: None) -> None:
    with pytest.raises(ValidationError, match="不使用超级用户"):
        User.objects.create_superuser("root", "root@example.com", "Root-pass-2025")


def test_createsuperuser_refuses(db: None) -> None:
    with pytest.raises(CommandError, match="不使用超级用户"):
        call_command("createsuperuser", "--noinput", username="root", email="r@example.com")


def test_a_superuser_flag_fails_the_startup_check(li: User) -> None:
    assert no_active_superuser(databases=["default"]) == []
    User.objects.filter(pk=li.pk).update(is_superuser=True)
    problems = no_active_superuser(databases=["default"])
    assert [p.id for p in problems] == ["accounts.E001"] and isinstance(problems[0], Error)
    assert "li" in problems[0].msg
    User.objects.filter(pk=li.pk).update(is_active=False)
    assert no_active_superuser(databases=["default"]) == []  # a deactivated one holds nothing


def test_revoke_superusers_clears_the_flag(li: User) -> None:
    User.objects.filter(pk=li.pk).update(is_superuser=True, is_staff=True)
    out = io.StringIO()
    call_command("revoke_superusers", "--dry-run", stdout=out)
    assert "li" in out.getvalue() and User.objects.get(pk=li.pk).is_superuser
    call_command("revoke_superusers", stdout=io.StringIO())
    li.refresh_from_db()
    assert not li.is_superuser and not li.is_staff
    assert AuditEntry.objects.filter(object_id=str(li.pk), message="取消超级用户").exists()


def test_a_superuser_cannot_be_saved_through_validation(db: None) -> None:
    with pytest.raises(ValidationError):
        User(username="root", role=Role.SYSADMIN, is_superuser=True).full_clean()


@pytest.mark.parametrize("role", ["sysadmin", "secadmin", "auditor"])
def test_admin_account_makes_an_administrator_on_the_server(role: str, db: None) -> None:
    out = io.StringIO()
    call_command("admin_account", f"admin_{role}", "--role", role, "--full-name", "管理员", stdout=out)
    user = User.objects.get(username=f"admin_{role}")
    password = out.getvalue().split("临时密码：")[1].split()[0]
    assert user.role == role and user.check_password(password) and user.must_change_password
    assert not user.is_superuser and not user.is_staff


def test_admin_account_will_not_turn_a_business_account_into_an_administrator(li: User) -> None:
    with pytest.raises(CommandError, match="三员须使用单独的账户"):
        call_command("admin_account", "li", "--role", "auditor", stdout=io.StringIO())


def test_admin_account_dry_run_writes_nothing(db: None) -> None:
    call_command("admin_account", "newadmin", "--role", "secadmin", "--dry-run", stdout=io.StringIO())
    assert not User.objects.filter(username="newadmin").exists()
