"""The gates between a password login and the rest of the site."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect
from django_otp import user_has_device

from duban.accounts.models import User
from duban.accounts.policy import (
    otp_required,
    otp_verified,
    password_change_due,
    session_too_old,
    session_touch,
)

# Pages a user held at a gate may still open.
OTP_PAGES = frozenset({"accounts:otp_verify", "accounts:otp_setup", "accounts:logout"})
PASSWORD_PAGES = frozenset({"accounts:password_change", "accounts:logout"})


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    """A plain redirect, or for an htmx request one that reloads the whole page."""
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url)


class AccountGateMiddleware:
    """Ends sessions past their absolute age and pushes the idle deadline on, then holds a user
    at the second factor and at a due password change: every other page redirects there.
    Install after OTPMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(self, request: HttpRequest, view: Any, args: Any, kwargs: Any) -> HttpResponse | None:
        user: User = request.user  # type: ignore[assignment]
        if not user.is_authenticated:
            return None
        if session_too_old(request.session):
            logout(request)
            messages.info(request, "登录时间已超过上限，请重新登录")
            return redirect_to_login(request.get_full_path())
        session_touch(request.session)
        page = request.resolver_match.view_name if request.resolver_match else ""
        if otp_required(user, request.session) and not otp_verified(user):
            if page in OTP_PAGES:
                return None
            step = "accounts:otp_verify" if user_has_device(user) else "accounts:otp_setup"
            return _redirect(request, f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
        if page not in PASSWORD_PAGES and password_change_due(user):
            return _redirect(request, reverse("accounts:password_change"))
        return None
