from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from duban.auditlog.models import AuditEntry
from duban.web.access import role_required

PAGE_SIZE = 100


@role_required(lambda u: u.can_read_audit_log, "查看审计日志")
def entry_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(AuditEntry.objects.all(), PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "auditlog/list.html", {"page": page})
