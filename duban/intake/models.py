from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from duban.intake.choices import ImportStatus


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

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return self.file_name
