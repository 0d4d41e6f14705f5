"""The signed-in user, typed, and who may manage accounts."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest

from duban.accounts.models import User


def request_user(request: HttpRequest) -> User:
    """The logged-in user, typed (the views behind login_required/role_required only)."""
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied("请先登录")  # a view that asks for the user without login_required
    return user
