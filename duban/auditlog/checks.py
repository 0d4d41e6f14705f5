"""System checks: the retention period may not be set below the legal minimum."""

from __future__ import annotations

from typing import Any

from django.core import checks

from duban.auditlog.retention import MINIMUM_DAYS, configured_days


@checks.register("duban")
def retention_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    text = configured_days()
    if not text:
        return []
    try:
        days = int(text)
    except ValueError:
        return [
            checks.Error(
                f"DUBAN_AUDIT_RETENTION_DAYS 应为天数（整数），现为“{text}”",
                hint=f"不设置即为 {MINIMUM_DAYS} 天",
                id="auditlog.E001",
            )
        ]
    if days < MINIMUM_DAYS:
        return [
            checks.Warning(
                f"DUBAN_AUDIT_RETENTION_DAYS={days} 少于法定最低 {MINIMUM_DAYS} 天，按 {MINIMUM_DAYS} 天执行",
                hint="《网络安全法》第二十一条：网络日志留存不少于六个月",
                id="auditlog.W001",
            )
        ]
    return []
