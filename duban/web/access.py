"""The one place that decides who may open what.

Objects a user may not see answer 404, as if they did not exist; pages a role
may not use answer 403. Both are audited as denials.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse

from duban.accounts.models import User
from duban.auditlog.choices import Action, Result
from duban.auditlog.services import audit_record
from duban.plans.models import Plan, Task
from duban.plans.selectors import plans_visible_to, task_visible_to

View = TypeVar("View", bound=Callable[..., HttpResponse])


def request_user(request: HttpRequest) -> User:
    """The logged-in user, typed (the views behind login_required/role_required only)."""
    return request.user  # type: ignore[return-value]


def deny(user: User, what: str) -> None:
    audit_record(actor=user, action=Action.DENIED, result=Result.FAILURE, message=what)


def role_required(check: Callable[[User], bool], what: str) -> Callable[[View], View]:
    """Login first, then the role's permission; refuse with 403 and an audit row."""

    def decorator(view: View) -> View:
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            user: User = request.user  # type: ignore[assignment]
            if not check(user):
                deny(user, f"{what}：{request.path}")
                raise PermissionDenied(f"您的角色（{user.get_role_display()}）不能{what}")
            return view(request, *args, **kwargs)

        return login_required(wrapped)  # type: ignore[return-value]

    return decorator


def get_plan_for_user(user: User, pk: int) -> Plan:
    plan = plans_visible_to(user).filter(pk=pk).first()
    if plan is None:
        deny(user, f"计划 {pk}")
        raise Http404("没有找到该计划")
    return plan


def get_task_for_user(user: User, pk: int) -> Task:
    task = Task.objects.filter(pk=pk).select_related("plan", "section").first()
    if task is None or not task_visible_to(user, task.pk):
        deny(user, f"任务 {pk}")
        raise Http404("没有找到该任务")
    return task
