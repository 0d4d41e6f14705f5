"""Remembered layouts (版式): found by a document's header, saved when the office confirms a
mapping, and kept by the office (rename, export to a small file, import it elsewhere, delete).

A layout is keyed by the fingerprint of its header (``duban.ingest.layout.header_fingerprint``):
next month's return of the same table has the same header, so it is read with the same
layout without asking again. Every change is audited.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, replace
from typing import Any

from django.db import transaction
from django.db.models import F

from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.common.refusals import Refused
from duban.core import clock
from duban.ingest.layout import Layout as LayoutSpec
from duban.ingest.layout import LayoutError, header_fingerprint, header_texts
from duban.ingest.model import Document
from duban.intake.models import Layout

HEADER_SEARCH_ROWS = 12  # a saved header is looked for among a table's first rows
EXPORT_FORMAT = "duban-layout"
EXPORT_VERSION = 1
NAME_LIMIT = Layout._meta.get_field("name").max_length or 100
FINGERPRINT = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True)
class HeaderOf:
    """What a layout reads as its header in one document: the header texts and their fingerprint."""

    texts: list[str]
    fingerprint: str


def header_of(document: Document, layout: LayoutSpec) -> HeaderOf:
    """The header a layout names in a document (its table, its header rows); LayoutError if absent."""
    tables = document.tables()
    if not 1 <= layout.table <= len(tables):
        raise LayoutError(f"文件中只有{len(tables)}个表格，版式指定的是第{layout.table}个")
    table = tables[layout.table - 1]
    rows = [r for r in table.rows if r.number in layout.header_rows]
    if len(rows) != len(layout.header_rows):
        raise LayoutError(f"表头在第{'、'.join(map(str, layout.header_rows))}行，但表格中没有这些行")
    texts = header_texts(table, rows)
    return HeaderOf(texts, header_fingerprint(texts))


def saved_layout_for(document: Document) -> tuple[Layout, LayoutSpec] | None:
    """The saved layout whose header appears in the document (first in document order), set to
    the table and rows where it appears there; None when no saved layout fits."""
    places: dict[str, tuple[int, tuple[int, ...]]] = {}
    for number, table in enumerate(document.tables(), start=1):
        rows = table.rows[:HEADER_SEARCH_ROWS]
        for i in range(len(rows)):
            for span in (rows[i : i + 1], rows[i : i + 2]):
                texts = header_texts(table, span)
                if sum(1 for t in texts if t.strip()) >= 2:
                    places.setdefault(header_fingerprint(texts), (number, tuple(r.number for r in span)))
    found = {layout.fingerprint: layout for layout in Layout.objects.filter(fingerprint__in=places)}
    for fingerprint, (table_number, header_rows) in places.items():
        if fingerprint in found:
            saved = found[fingerprint]
            spec = LayoutSpec.from_dict(saved.spec)
            return saved, replace(spec, table=table_number, header_rows=header_rows, name=saved.name)
    return None


def layout_named(name: str) -> Layout | None:
    return Layout.objects.filter(name=name.strip()).first()


def layouts_listed() -> list[Layout]:
    return list(Layout.objects.select_related("created_by", "updated_by"))


@transaction.atomic
def layout_remember(*, actor: User | None, spec: LayoutSpec, header: HeaderOf, default_name: str) -> Layout:
    """Save a confirmed mapping under its header's fingerprint (a layout already saved for the same
    header is updated), counted as used once; the section rows marked belong to one file only."""
    stored = replace(spec, section_rows=(), name="").as_dict()
    layout = Layout.objects.filter(fingerprint=header.fingerprint).first()
    now = clock.now()
    if layout is None:
        name = _free_name(spec.name.strip() or default_name.strip() or "未命名版式")
        layout = Layout.objects.create(
            name=name,
            fingerprint=header.fingerprint,
            spec=stored,
            header=header.texts,
            created_by=_person(actor),
            created_at=now,
            updated_by=_person(actor),
            updated_at=now,
            times_used=1,
        )
        audit_record(actor=actor, action=Action.CREATE, obj=layout, message=f"保存版式「{name}」")
        return layout
    changes: dict[str, Any] = {}
    if layout.spec != stored:
        changes["spec"] = [layout.spec, stored]
    layout.spec, layout.header, layout.updated_by, layout.updated_at = (
        stored,
        header.texts,
        _person(actor),
        now,
    )
    layout.times_used += 1
    layout.save()
    if changes:
        audit_record(
            actor=actor,
            action=Action.UPDATE,
            obj=layout,
            changes=changes,
            message=f"更新版式「{layout.name}」",
        )
    return layout


def layout_used(*, layout: Layout) -> None:
    """Count one more import read with a saved layout (the import's own audit row names it)."""
    Layout.objects.filter(pk=layout.pk).update(times_used=F("times_used") + 1)


@transaction.atomic
def layout_rename(*, actor: User | None, layout: Layout, name: str) -> Layout:
    name = _checked_name(name, layout)
    old = layout.name
    if old == name:
        return layout
    layout.name, layout.updated_by, layout.updated_at = name, _person(actor), clock.now()
    layout.save(update_fields=["name", "updated_by", "updated_at"])
    audit_record(
        actor=actor,
        action=Action.UPDATE,
        obj=layout,
        changes={"name": [old, name]},
        message=f"版式「{old}」改名为「{name}」",
    )
    return layout


@transaction.atomic
def layout_delete(*, actor: User | None, layout: Layout) -> None:
    audit_record(
        actor=actor,
        action=Action.DELETE,
        obj=layout,
        changes={"spec": layout.spec},
        message=f"删除版式「{layout.name}」",
    )
    layout.delete()


def layout_export(*, actor: User | None, layout: Layout) -> bytes:
    """The layout as a small JSON file another installation can import; the export is audited."""
    data = {
        "format": EXPORT_FORMAT,
        "version": EXPORT_VERSION,
        "name": layout.name,
        "fingerprint": layout.fingerprint,
        "header": layout.header,
        "layout": layout.spec,
    }
    audit_record(actor=actor, action=Action.EXPORT, obj=layout, message=f"导出版式「{layout.name}」")
    return json.dumps(data, ensure_ascii=False, indent=2).encode()


@transaction.atomic
def layout_import(*, actor: User | None, content: bytes) -> Layout:
    """A layout from an exported file; Refused (in Chinese) says what is wrong with the file.
    A layout already saved for the same header is replaced by the file's mapping."""
    data = _layout_file(content)
    try:
        spec = LayoutSpec.from_dict(data["layout"])
    except LayoutError as error:
        raise Refused(f"版式文件有误：{error}") from error
    fingerprint, name, header = data["fingerprint"], data["name"], data.get("header", [])
    stored = replace(spec, section_rows=(), name="").as_dict()
    layout = Layout.objects.filter(fingerprint=fingerprint).first()
    now = clock.now()
    if layout is None:
        layout = Layout(fingerprint=fingerprint, created_by=_person(actor), created_at=now)
        name = _checked_name(name, layout)
        action, message = Action.CREATE, f"从文件导入版式「{name}」"
    else:
        name = _checked_name(name, layout)
        action, message = Action.UPDATE, f"从文件导入版式「{name}」，替换了「{layout.name}」"
    layout.name, layout.spec, layout.header = name, stored, header
    layout.updated_by, layout.updated_at = _person(actor), now
    layout.save()
    audit_record(
        actor=actor, action=action, obj=layout, changes={"name": name, "spec": stored}, message=message
    )
    return layout


def layout_from_file(content: bytes) -> LayoutSpec:
    """The layout in a .json file: one exported from the 版式 page (checked as an import is), or
    a bare layout as ``Layout.as_dict`` writes it; Refused (in Chinese) says what is wrong."""
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise Refused(f"版式文件不是有效的 JSON 文件（{error}）") from error
    if isinstance(data, dict) and "format" in data:
        data = _layout_file(content)
        bare, name = data["layout"], data["name"]
    else:
        bare, name = data, ""
    if not isinstance(bare, dict):
        raise Refused("版式文件的内容应是一个版式（含 header_rows 和 columns）")
    try:
        spec = LayoutSpec.from_dict(bare)
    except LayoutError as error:
        raise Refused(f"版式文件有误：{error}") from error
    return replace(spec, name=spec.name or name)


def _layout_file(content: bytes) -> dict[str, Any]:
    try:
        data = json.loads(content.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise Refused(f"版式文件不是有效的 JSON 文件（{error}）") from error
    if not isinstance(data, dict) or data.get("format") != EXPORT_FORMAT:
        raise Refused("这不是 duban 导出的版式文件（缺少 format: duban-layout）")
    if data.get("version") != EXPORT_VERSION:
        raise Refused(f"版式文件的版本（{data.get('version')}）不受支持，应为 {EXPORT_VERSION}")
    if not isinstance(data.get("layout"), dict):
        raise Refused("版式文件缺少“layout”部分")
    if not isinstance(data.get("fingerprint"), str) or not FINGERPRINT.match(data["fingerprint"]):
        raise Refused("版式文件的表头指纹（fingerprint）不正确")
    if not isinstance(data.get("name"), str) or not data["name"].strip():
        raise Refused("版式文件缺少名称（name）")
    header = data.get("header", [])
    if not isinstance(header, list) or not all(isinstance(t, str) for t in header):
        raise Refused("版式文件的表头（header）应是文字列表")
    if header and header_fingerprint(header) != data["fingerprint"]:
        raise Refused("版式文件的表头与表头指纹不一致，文件可能被改动过")
    return data


def _checked_name(name: str, layout: Layout) -> str:
    name = name.strip()
    if not name:
        raise Refused("请填写版式名称")
    if len(name) > NAME_LIMIT:
        raise Refused(f"版式名称不能超过{NAME_LIMIT}字")
    if Layout.objects.filter(name=name).exclude(pk=layout.pk).exists():
        raise Refused(f"已有名为「{name}」的版式，请换一个名称")
    return name


def _free_name(name: str) -> str:
    name = name[: NAME_LIMIT - 4]
    candidate, n = name, 1
    while Layout.objects.filter(name=candidate).exists():
        n += 1
        candidate = f"{name}（{n}）"
    return candidate


def _person(actor: User | None) -> User | None:
    return actor if actor is not None and actor.pk else None
