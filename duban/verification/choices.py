from __future__ import annotations

from django.db import models


class Severity(models.TextChoices):
    SERIOUS = "严重", "严重"
    WARNING = "警告", "警告"
    HINT = "提示", "提示"


SEVERITY_COLOURS = {Severity.SERIOUS: "danger", Severity.WARNING: "warning", Severity.HINT: "secondary"}
SEVERITY_RANK = {Severity.SERIOUS: 0, Severity.WARNING: 1, Severity.HINT: 2}


class FindingState(models.TextChoices):
    OPEN = "open", "待核实"
    REVIEWED = "reviewed", "已核实"
    RESOLVED = "resolved", "已消除"
    WITHDRAWN = "withdrawn", "已撤销"  # the office accepted the unit's 申辩


class ReplyDecision(models.TextChoices):
    """The office's decision on a unit's 申辩."""

    PENDING = "pending", "待裁定"
    UPHELD = "upheld", "维持"  # the finding stands and counts in 考核
    WITHDRAWN = "withdrawn", "撤销"  # the unit is right: the finding is withdrawn


REPLY_DECISION_COLOURS = {
    ReplyDecision.PENDING: "warning",
    ReplyDecision.UPHELD: "danger",
    ReplyDecision.WITHDRAWN: "success",
}
