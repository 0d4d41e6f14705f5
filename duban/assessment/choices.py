from __future__ import annotations

from django.db import models


class Rule(models.TextChoices):
    """What a unit loses points for; each value names the scheme's ``<rule>_points`` and ``<rule>_cap``."""

    MISSING_REPORT = "missing_report", "未报"
    LATE_REPORT = "late_report", "迟报"
    RETURNED_REPORT = "returned_report", "退回"
    FINDING = "finding", "核查问题"
    OVERDUE_TASK = "overdue_task", "任务逾期"
    LATE_ACK = "late_ack", "签收不及时"


RULE_COLOURS = {
    Rule.MISSING_REPORT: "danger",
    Rule.LATE_REPORT: "warning",
    Rule.RETURNED_REPORT: "secondary",
    Rule.FINDING: "info",
    Rule.OVERDUE_TASK: "danger",
    Rule.LATE_ACK: "warning",
}
