"""Reading accounts for the administrators' pages."""

from __future__ import annotations

from dataclasses import dataclass

from axes.helpers import get_cool_off
from axes.models import AccessAttempt
from django.conf import settings
from django.db.models import Exists, OuterRef
from django_otp.plugins.otp_totp.models import TOTPDevice

from duban.accounts.models import User
from duban.core import clock


def locked_usernames() -> set[str]:
    """Accounts (or unknown names) refused at login right now after too many failures."""
    cool_off = get_cool_off()
    attempts = AccessAttempt.objects.filter(failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
    if cool_off is not None:
        attempts = attempts.filter(attempt_time__gte=clock.now() - cool_off)
    return {name for name in attempts.values_list("username", flat=True) if name}


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
