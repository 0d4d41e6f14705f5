"""The gates between a password login and the rest of the site."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.http.response import HttpResponseBase
from django.urls import reverse
from django_htmx.http import HttpResponseClientRedirect
from django_otp import user_has_device

from duban.accounts.policy import otp_required, password_change_due, session_too_old, session_touch

# Pages a user held at a gate may still open.
OTP_PAGES = frozenset({"accounts:otp_verify", "accounts:otp_setup", "accounts:logout"})
PASSWORD_PAGES = frozenset({"accounts:password_change", "accounts:logout"})
# An account without a role (a first directory login) sees only the page that says so.
UNGRANTED_PAGES = frozenset({"accounts:ungranted", "accounts:logout"})


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    """A plain redirect, or for an htmx request one that reloads the whole page."""
    if getattr(request, "htmx", False):
        return HttpResponseClientRedirect(url)
    return HttpResponseRedirect(url)


class AccountGateMiddleware:
    """Ends sessions past their absolute age and pushes the idle deadline on, then holds a user
    at the second factor, at a due password change and, without a role, at the page that says
    so: every other page redirects there.
    Install after OTPMiddleware."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_view(
        self,
        request: HttpRequest,
        view: Callable[..., HttpResponseBase],
        args: tuple[Any, ...],
        kwargs: dict[str, Any],
    ) -> HttpResponse | None:
        user = request.user
        if not user.is_authenticated:
            return None
        if session_too_old(request.session):
            logout(request)
            messages.info(request, "登录时间已超过上限，请重新登录")
            return redirect_to_login(request.get_full_path())
        session_touch(request.session)
        page = request.resolver_match.view_name if request.resolver_match else ""
        if otp_required(user, request.session) and not user.is_verified():
            if page in OTP_PAGES:
                return None
            step = "accounts:otp_verify" if user_has_device(user) else "accounts:otp_setup"
            return _redirect(request, f"{reverse(step)}?{urlencode({'next': request.get_full_path()})}")
        if page not in PASSWORD_PAGES and password_change_due(user):
            return _redirect(request, reverse("accounts:password_change"))
        if not user.role and page not in UNGRANTED_PAGES:
            return _redirect(request, reverse("accounts:ungranted"))
        return None
