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
from typing import Any, Protocol, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.dispatch import Signal
from django.http import Http404, HttpRequest, HttpResponse

View = TypeVar("View", bound=Callable[..., HttpResponse])
T = TypeVar("T")

# Sent with user= and what= (a short Chinese description of what was refused).
access_denied = Signal()


class Person(Protocol):
    """The signed-in user as the apps below accounts know it (accounts.User is one)."""

    pk: Any
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
    model to the apps above)."""
    return request.user  # type: ignore[return-value]


def deny(user: Person, what: str) -> None:
    """Record that user was refused what (the audit log listens)."""
    access_denied.send(sender=deny, user=user, what=what)


def role_required(check: Callable[[Any], bool], what: str) -> Callable[[View], View]:
    """Login first, then the role's permission; refuse with 403 and a denial."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            if not check(request.user):
                deny(request.user, f"{what}：{request.path}")
                raise PermissionDenied(f"您的角色（{request.user.get_role_display()}）不能{what}")  # type: ignore[union-attr]
            return view(request, *args, **kwargs)

        return login_required(wrapped)  # type: ignore[return-value]

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
