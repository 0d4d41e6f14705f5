from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from duban.accounts.access import request_user
from duban.common.roles import Role
from duban.web.inbox import Inbox, provider


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The first page after login depends on the role."""
    user = request_user(request)
    if user.can_read_audit_log:
        return redirect("auditlog:list")
    if user.is_unit_user and user.unit_id:
        return redirect("reporting:mine")
    if user.sees_all_tasks:
        return redirect("dashboards:home")
    if user.role in (Role.SYSADMIN, Role.SECADMIN):
        return redirect("accounts:manage")
    return redirect("plans:list")


@login_required
def inbox_list(request: HttpRequest, key: str) -> HttpResponse:
    """The items behind one count of the inbox, each linking to where it is dealt with."""
    user = request_user(request)
    found = provider(user, key)
    if found is None or found.items is None:
        raise Http404("没有该待办事项")
    return render(request, "web/inbox_list.html", {"label": found.label, "items": found.items(user)})


@login_required
def inbox_badge(request: HttpRequest) -> HttpResponse:
    """The navigation's badge: loaded after the page, so no page waits for the counts."""
    return render(request, "web/_inbox_badge.html", {"inbox": Inbox(request_user(request))})
