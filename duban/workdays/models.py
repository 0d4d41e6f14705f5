"""The 系统管理员's working-day table: one row per date, laid over chinesecalendar's data."""

from __future__ import annotations

from django.db import models

from duban.workdays.choices import DayKind


class CalendarDay(models.Model):
    day = models.DateField("日期", unique=True)
    kind = models.CharField("类型", max_length=10, choices=DayKind.choices)
    name = models.CharField("节日", max_length=40, blank=True)

    class Meta:
        verbose_name = "工作日历日期"
        ordering = ["day"]

    def __str__(self) -> str:
        return f"{self.day.isoformat()} {self.name}{self.get_kind_display()}"
