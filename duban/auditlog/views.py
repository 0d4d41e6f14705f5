"""The auditor's page (审计管理员): filter, export the filtered rows as CSV, verify the chain on demand."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from typing import Any

from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, QueryDict, StreamingHttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from duban.auditlog import integrity
from duban.auditlog.access import can_read_audit_log
from duban.auditlog.chain import verify_stored
from duban.auditlog.choices import Action, Result
from duban.auditlog.forms import AuditFilterForm
from duban.auditlog.keys import KeyFileError
from duban.auditlog.models import AuditEntry
from duban.auditlog.retention import retention_days
from duban.auditlog.services import audit_record
from duban.common.access import request_person, role_required
from duban.common.downloads import attachment
from duban.common.paging import page_of
from duban.core import clock
from duban.exports.text import formula_escape

PAGE_SIZE = 100
SESSION_KEY = "auditlog_verification"
CSV_HEADER = [
    "编号",
    "时间",
    "用户",
    "角色",
    "IP",
    "操作",
    "对象类型",
    "对象编号",
    "对象",
    "结果",
    "说明",
    "变更",
    "上一条哈希",
    "哈希",
]


def _filtered(request: HttpRequest) -> tuple[AuditFilterForm, QuerySet[AuditEntry]]:
    form = AuditFilterForm(request.GET or None)
    return form, form.filter(AuditEntry.objects.all())


@role_required(can_read_audit_log, "查看审计日志")
def entry_list(request: HttpRequest) -> HttpResponse:
    form, entries = _filtered(request)
    context = {
        "form": form,
        **page_of(request, entries, PAGE_SIZE),
        "verification": request.session.get(SESSION_KEY),
        "retention_days": retention_days(),
    }
    return render(request, "auditlog/list.html", context)


def _cell(value: Any) -> str:
    """The value as CSV text that a spreadsheet shows and never runs as a formula."""
    return formula_escape("" if value is None else str(value))


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv_rows(entries: QuerySet[AuditEntry]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff"  # Excel on Chinese Windows reads UTF-8 only with the BOM
    yield writer.writerow(CSV_HEADER)
    actions, results = dict(Action.choices), dict(Result.choices)
    for e in entries.order_by("id").iterator(chunk_size=2000):
        row = [
            e.id,
            timezone.localtime(e.at).strftime("%Y-%m-%d %H:%M:%S"),
            e.actor_name,
            e.role,
            e.ip or "",
            actions.get(e.action, e.action),
            e.object_type,
            e.object_id,
            e.object_repr,
            results.get(e.result, e.result),
            e.message,
            json.dumps(e.changes, ensure_ascii=False) if e.changes else "",
            e.prev_hash,
            e.hash,
        ]
        yield writer.writerow([_cell(v) for v in row])


@role_required(can_read_audit_log, "导出审计日志")
def entry_export(request: HttpRequest) -> StreamingHttpResponse:
    """The filtered rows as .csv, oldest first; the export itself is audited first."""
    form, entries = _filtered(request)
    user = request_person(request)
    count = entries.count()
    audit_record(
        actor=user,
        action=Action.EXPORT,
        changes={"rows": count, "filters": form.applied()},
        message=f"导出审计日志（CSV，{count} 条）",
    )
    response = StreamingHttpResponse(_csv_rows(entries), content_type="text/csv; charset=utf-8")
    name = f"审计日志-{clock.local_now():%Y%m%d-%H%M%S}.csv"
    response["Content-Disposition"] = attachment(name)
    return response


@require_POST
@role_required(can_read_audit_log, "校验审计日志")
def chain_verify(request: HttpRequest) -> HttpResponse:
    """Recompute the hash chain now (not on every page load) and keep the outcome in the session."""
    try:
        result = verify_stored()
    except KeyFileError as error:  # the chain cannot be checked at all: say why, not a server error
        request.session[SESSION_KEY] = {"at": clock.local_now().strftime("%Y-%m-%d %H:%M:%S"), "intact": True}
        request.session[SESSION_KEY]["problems"] = [str(error)]
        return redirect("auditlog:list")
    outcome: dict[str, Any] = {
        "at": clock.local_now().strftime("%Y-%m-%d %H:%M:%S"),
        "intact": result.intact,
        "checked": result.checked,
        "head_id": result.head_id,
        "head_hash": result.head_hash,
        "keyed": integrity.keyed_message(result) if result.checked else "",
        "problems": integrity.database_problems(result)[0],
    }
    if result.broken is not None:
        outcome.update(
            broken_id=result.broken.id,
            broken_at=timezone.localtime(result.broken.at).strftime("%Y-%m-%d %H:%M:%S"),
            reason=result.broken.reason,
        )
    request.session[SESSION_KEY] = outcome
    query = QueryDict(request.POST.get("query", "")).urlencode()
    target = redirect("auditlog:list")
    if query:
        target["Location"] += f"?{query}"
    return target
