from __future__ import annotations

from django.db import models


class ImportStatus(models.TextChoices):
    NEEDS_MAPPING = "needs_mapping", "待映射"
    PENDING = "pending", "待确认"
    APPLIED = "applied", "已导入"
    DISCARDED = "discarded", "已放弃"


class LayoutOrigin(models.TextChoices):
    """How a batch's layout (版式) was found: the column mapping it was read with."""

    NONE = "", "未使用版式"
    AUTO = "auto", "自动识别"
    SAVED = "saved", "按已保存版式"
    MAPPED = "mapped", "人工映射"
