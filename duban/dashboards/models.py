from __future__ import annotations

from django.db import models


class CountedBoard(models.Model):
    """The leaders' dashboard as the worker last counted it (duban/dashboards/tasks.py).

    Counting every task of the year takes a noticeable part of a second at city scale; readers
    show what the worker kept here and never count it themselves. One row per audience (every
    reader of the dashboard sees all tasks, so today there is one: ``all``).
    """

    audience = models.CharField("读者范围", max_length=20, unique=True)
    day = models.DateField("统计日")  # lights and 逾期 depend on the day counted for
    stamp = models.CharField("数据版本", max_length=200)  # duban/common/freshness.py, read before counting
    html = models.TextField("驾驶舱内容")
    counted_at = models.DateTimeField("统计时间")

    class Meta:
        verbose_name = "驾驶舱统计"
        verbose_name_plural = verbose_name

    def __str__(self) -> str:
        return f"{self.audience} @ {self.counted_at:%Y-%m-%d %H:%M:%S}"
