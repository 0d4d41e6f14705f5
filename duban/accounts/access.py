"""The signed-in user, typed, and who may manage accounts."""

from __future__ import annotations

from django.http import HttpRequest

from duban.accounts.models import User


def request_user(request: HttpRequest) -> User:
    """The logged-in user, typed (the views behind login_required/role_required only)."""
    return request.user  # type: ignore[return-value]
