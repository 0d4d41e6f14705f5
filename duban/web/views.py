from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect

from duban.accounts.access import request_user
from duban.common.roles import Role


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
