"""What every import view says when a batch is confirmed or discarded, said in one place; and
the office's pages for its remembered layouts (版式): list, rename, export, import, delete."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from duban.accounts.access import request_user
from duban.accounts.models import User
from duban.common.access import role_required
from duban.common.downloads import attachment
from duban.intake.access import can_keep_layouts
from duban.intake.layouts import layout_delete, layout_export, layout_import, layout_rename, layouts_listed
from duban.intake.models import IntakeBatch, Layout
from duban.intake.services import intake_discard

LAYOUT_FILE_LIMIT = 64 * 1024  # an exported layout is a few KB

T = TypeVar("T")


def confirm_or_say_why(request: HttpRequest, confirm: Callable[[], T]) -> T | None:
    """What confirming stored, or None after telling the office that nothing was."""
    try:
        return confirm()
    except ValidationError as error:
        messages.error(request, "导入失败，未保存任何内容：" + "；".join(error.messages))
        return None


def discard_and_say_so(request: HttpRequest, *, actor: User, batch: IntakeBatch) -> None:
    """Discard a batch and tell the office, or tell it why not (it was imported or discarded)."""
    try:
        intake_discard(actor=actor, batch=batch)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.info(request, f"已放弃导入“{batch.file_name}”")


@role_required(can_keep_layouts, "管理版式")
def layout_list(request: HttpRequest) -> HttpResponse:
    return render(request, "intake/layout_list.html", {"layouts": layouts_listed()})


@require_POST
@role_required(can_keep_layouts, "管理版式")
def layout_rename_view(request: HttpRequest, pk: int) -> HttpResponse:
    layout = get_object_or_404(Layout, pk=pk)
    old = layout.name
    try:
        layout_rename(actor=request_user(request), layout=layout, name=request.POST.get("name", ""))
    except ValidationError as error:
        messages.error(request, f"版式「{old}」未改名：" + "；".join(error.messages))
    else:
        messages.success(request, f"版式「{old}」已改名为「{layout.name}」")
    return redirect("intake:layouts")


@role_required(can_keep_layouts, "管理版式")
def layout_export_view(request: HttpRequest, pk: int) -> HttpResponse:
    layout = get_object_or_404(Layout, pk=pk)
    data = layout_export(actor=request_user(request), layout=layout)
    response = HttpResponse(data, content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = attachment(f"版式-{layout.name}.json")
    response["X-Content-Type-Options"] = "nosniff"
    return response


@require_POST
@role_required(can_keep_layouts, "管理版式")
def layout_import_view(request: HttpRequest) -> HttpResponse:
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, "请选择要导入的版式文件（.json）")
        return redirect("intake:layouts")
    if upload.size is not None and upload.size > LAYOUT_FILE_LIMIT:
        messages.error(
            request,
            f"版式文件“{upload.name}”过大（超过 {LAYOUT_FILE_LIMIT // 1024} KB），不是 duban 导出的版式文件",
        )
        return redirect("intake:layouts")
    try:
        layout = layout_import(actor=request_user(request), content=upload.read())
    except ValidationError as error:
        messages.error(request, f"版式文件“{upload.name}”未导入：" + "；".join(error.messages))
    else:
        messages.success(request, f"已导入版式「{layout.name}」")
    return redirect("intake:layouts")


@require_POST
@role_required(can_keep_layouts, "管理版式")
def layout_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    layout = get_object_or_404(Layout, pk=pk)
    layout_delete(actor=request_user(request), layout=layout)
    messages.info(request, f"已删除版式「{layout.name}」")
    return redirect("intake:layouts")
