from __future__ import annotations

from django.db import models


class DataVersion(models.Model):
    """How many writes a scope of the data has seen (duban/common/freshness.py)."""

    scope = models.CharField("范围", max_length=64, primary_key=True)
    version = models.BigIntegerField("版本", default=0)

    class Meta:
        verbose_name = "数据版本"

    def __str__(self) -> str:
        return f"{self.scope}@{self.version}"
