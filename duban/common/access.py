"""The shape every app's access rules share.

Each app decides who may see and change its objects in its own ``access`` module, with one
visibility rule in two forms: a queryset of what a user may see, and ``get_<thing>_for_user``
that returns one object or refuses. Objects a user may not see answer 404, as if they did
not exist; pages or writes a role may not use answer 403. Every refusal is sent as
``access_denied``, which the audit log records as a denial.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, Concatenate, ParamSpec, Protocol, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.dispatch import Signal
from django.http import Http404, HttpRequest
from django.http.response import HttpResponseBase

P = ParamSpec("P")
R = TypeVar("R", bound=HttpResponseBase)
T = TypeVar("T")

# Sent with user= and what= (a short Chinese description of what was refused).
access_denied = Signal()


class Person(Protocol):
    """The signed-in user as the apps below accounts know it (accounts.User is one)."""

    pk: int
    role: str
    unit_id: int | None

    @property
    def sees_all_tasks(self) -> bool: ...

    @property
    def is_unit_user(self) -> bool: ...

    @property
    def can_manage_units(self) -> bool: ...

    @property
    def can_read_audit_log(self) -> bool: ...

    def get_username(self) -> str: ...

    def get_role_display(self) -> str: ...


def request_person(request: HttpRequest) -> Person:
    """The logged-in user, for the apps below accounts (accounts.access.request_user gives the
    model to the apps above); views behind login_required/role_required only."""
    user = request.user
    if not user.is_authenticated:
        raise PermissionDenied("请先登录")  # a view that asks for the user without login_required
    return user


def deny(user: Person, what: str) -> None:
    """Record that user was refused what (the audit log listens)."""
    access_denied.send(sender=deny, user=user, what=what)


def role_required(
    check: Callable[[Any], bool], what: str
) -> Callable[[Callable[Concatenate[HttpRequest, P], R]], Callable[Concatenate[HttpRequest, P], R]]:
    """Login first, then the role's permission; refuse with 403 and a denial.

    `check` receives the signed-in user model, which this layer cannot name (it lives in accounts).
    """

    def decorator(view: Callable[Concatenate[HttpRequest, P], R]) -> Callable[Concatenate[HttpRequest, P], R]:
        # request positional-only, as Django passes it and as Concatenate types it.
        @wraps(view)
        def wrapped(request: HttpRequest, /, *args: P.args, **kwargs: P.kwargs) -> R:
            user = request_person(request)
            if not check(user):
                deny(user, f"{what}：{request.path}")
                raise PermissionDenied(f"您的角色（{user.get_role_display()}）不能{what}")
            return view(request, *args, **kwargs)

        return login_required(wrapped)

    return decorator


def found_or_404(obj: T | None, user: Person, what: str, message: str = "没有找到该内容") -> T:
    """obj, or a denial and 404 when the user may not see it (or it does not exist)."""
    if obj is None:
        deny(user, what)
        raise Http404(message)
    return obj


def writable_or_403(allowed: bool, user: Person, what: str) -> None:
    """Refuse a read-only user's write with 403 and a denial."""
    if not allowed:
        deny(user, f"修改{what}")
        raise PermissionDenied(f"您的角色（{user.get_role_display()}）只能查看，不能修改{what}")
