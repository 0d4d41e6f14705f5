from __future__ import annotations

from django.db import models


class ImportStatus(models.TextChoices):
    PENDING = "pending", "待确认"
    APPLIED = "applied", "已导入"
    DISCARDED = "discarded", "已放弃"
