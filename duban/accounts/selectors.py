"""Reading accounts for the administrators' pages."""

from __future__ import annotations

from dataclasses import dataclass

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Exists, OuterRef, QuerySet, Sum
from django_otp.plugins.otp_totp.models import TOTPDevice

from duban.accounts.models import User
from duban.common.roles import Role
from duban.core import clock


def locked_usernames() -> set[str]:
    """Names (accounts or unknown) refused at login right now from at least one address."""
    cool_off = get_cool_off()
    attempts = AccessAttempt.objects.all()
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=clock.now() - cool_off)
    per_address = attempts.values("username", "ip_address").annotate(failures=Sum("failures_since_start"))
    return {
        row["username"]
        for row in per_address.filter(failures__gte=settings.AXES_FAILURE_LIMIT)
        if row["username"]
    }


@dataclass(frozen=True)
class AccountRow:
    """An account on the administrators' list, and whether it has a confirmed authenticator."""

    account: User
    has_otp: bool


def account_list() -> list[AccountRow]:
    """Every account with its unit and whether it has a confirmed authenticator, in one query."""
    confirmed = TOTPDevice.objects.filter(user=OuterRef("pk"), confirmed=True)
    accounts = (
        User.objects.select_related("unit")
        .annotate(has_otp=Exists(confirmed))
        .order_by("-is_active", "role", "username")
    )
    return [AccountRow(account, account.has_otp) for account in accounts]


def leader_accounts() -> QuerySet[User]:
    """Active 领导 accounts by name: those a task's leader or a 批示 may be linked to."""
    return User.objects.filter(role=Role.LEADER, is_active=True).order_by("full_name", "username")
