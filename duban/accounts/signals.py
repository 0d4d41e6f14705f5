"""Logins, logouts, failures and lockouts go into the audit log; a login stamps its session."""

from __future__ import annotations

from typing import Any

from axes.signals import user_locked_out
from django.conf import settings
from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver
from django.http import HttpRequest

from duban.accounts.models import AccountSource, User
from duban.accounts.notices import lockout_notify
from duban.accounts.policy import session_start
from duban.auditlog.choices import Action, Result
from duban.auditlog.services import audit_record

LOGIN_KINDS: dict[str, str] = {AccountSource.DIRECTORY: "目录登录", AccountSource.OIDC: "统一身份认证登录"}


@receiver(user_logged_in)
def _logged_in(sender: type[User], request: HttpRequest | None, user: User, **kwargs: Any) -> None:
    if request is not None and hasattr(request, "session"):
        session_start(request.session, user)
    audit_record(actor=user, action=Action.LOGIN, message=LOGIN_KINDS.get(user.source, ""))


@receiver(user_logged_out)
def _logged_out(sender: type[User], request: HttpRequest | None, user: User | None, **kwargs: Any) -> None:
    if user is not None:
        audit_record(actor=user, action=Action.LOGOUT)


@receiver(user_login_failed)
def _login_failed(sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any) -> None:
    username = str(credentials.get("username", ""))[:150]
    audit_record(actor=None, action=Action.LOGIN_FAILED, result=Result.FAILURE, message=f"用户名：{username}")


@receiver(user_locked_out)
def _locked_out(sender: Any, request: Any = None, username: str | None = None, **kwargs: Any) -> None:
    """The failure that sets a lock is told; attempts refused while it lasts are not told again."""
    if getattr(request, "axes_failures_since_start", None) != settings.AXES_FAILURE_LIMIT:
        return
    lockout_notify(username=str(username or "")[:150], address=kwargs.get("ip_address"))
