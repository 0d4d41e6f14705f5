from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from duban.intake.choices import ImportStatus, LayoutOrigin


class IntakeBatch(models.Model):
    """An uploaded file, checked and read, waiting for the office to confirm its preview.

    Abstract: each kind of import keeps its batches in its own table, with what only it
    needs (the plan a batch became, the scheme scores belong to).
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    file_name = models.CharField("文件名", max_length=255)
    stored_path = models.CharField("存放位置", max_length=255)  # under UPLOAD_DIR
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveIntegerField("大小")
    parsed = models.JSONField("解析结果")  # the importer's document, as JSON until confirmed
    status = models.CharField(
        "状态", max_length=20, choices=ImportStatus.choices, default=ImportStatus.PENDING
    )
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField("上传时间", auto_now_add=True)
    applied_at = models.DateTimeField("导入时间", null=True, blank=True)
    # The layout (版式) the file was read with, as ``duban.ingest.layout.Layout.as_dict``; the
    # fingerprint of its header; and how it was found (auto-detected, saved, mapped by a person).
    layout = models.JSONField("版式", default=dict, blank=True)
    layout_fingerprint = models.CharField("表头指纹", max_length=32, blank=True)
    layout_origin = models.CharField(
        "版式来源", max_length=10, choices=LayoutOrigin.choices, default=LayoutOrigin.NONE, blank=True
    )

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name


class Layout(models.Model):
    """A remembered column mapping (版式) for one document layout, keyed by its header's fingerprint.

    The next file whose grid has the same header is read with it without asking again.
    """

    name = models.CharField("名称", max_length=100, unique=True)
    fingerprint = models.CharField("表头指纹", max_length=32, unique=True)
    spec = models.JSONField("版式")  # duban.ingest.layout.Layout.as_dict()
    header = models.JSONField("表头", default=list)  # the header texts, as the office saw them
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("保存时间")
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField("修改时间")
    times_used = models.PositiveIntegerField("使用次数", default=0)

    class Meta:
        ordering = ["name"]
        verbose_name = "版式"
        verbose_name_plural = "版式"

    def __str__(self) -> str:
        return self.name
