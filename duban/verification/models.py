from __future__ import annotations

from django.conf import settings
from django.db import models

from duban.core.consistency import check_name
from duban.verification.choices import (
    REPLY_DECISION_COLOURS,
    SEVERITY_COLOURS,
    FindingState,
    ReplyDecision,
    Severity,
)


class Finding(models.Model):
    """A claim the unit's own text does not support, kept until the office has looked at it."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="findings")
    task = models.ForeignKey(
        "plans.Task", null=True, blank=True, on_delete=models.CASCADE, related_name="findings"
    )
    section = models.CharField("部分", max_length=200)
    seq = models.CharField("序号", max_length=20)
    check_code = models.CharField("检查项", max_length=60)
    severity = models.CharField("严重程度", max_length=4, choices=Severity.choices)
    message = models.TextField("说明")
    evidence = models.JSONField("依据", default=list)
    state = models.CharField("状态", max_length=20, choices=FindingState.choices, default=FindingState.OPEN)
    review_note = models.TextField("核实意见", blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reviewed_at = models.DateTimeField("核实时间", null=True, blank=True)
    asked_at = models.DateTimeField("请单位说明时间", null=True, blank=True)
    first_seen = models.DateTimeField("首次发现", auto_now_add=True)
    last_seen = models.DateTimeField("最近发现")

    class Meta:
        verbose_name = "核查发现"
        ordering = ["plan", "state", "severity", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "section", "seq", "check_code"], name="one_finding_per_check_and_row"
            )
        ]

    def __str__(self) -> str:
        return f"{self.section} 第{self.seq}项 {self.check_name}"

    @property
    def check_name(self) -> str:
        """The check in the office's words (称已完成但关键环节尚未完成), never its code."""
        return check_name(self.check_code)

    @property
    def severity_colour(self) -> str:
        return SEVERITY_COLOURS[Severity(self.severity)]


class FindingReply(models.Model):
    """申辩: a unit's answer to a finding on its task, with an optional file; the office decides."""

    finding = models.ForeignKey(Finding, on_delete=models.CASCADE, related_name="replies")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    text = models.TextField("申辩理由")
    file_name = models.CharField("附件", max_length=255, blank=True)
    stored_path = models.CharField("存放位置", max_length=255, blank=True)
    sha256 = models.CharField("SHA-256", max_length=64, blank=True)
    size = models.PositiveIntegerField("大小", default=0)
    content_type = models.CharField("类型", max_length=100, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField("申辩时间", auto_now_add=True)
    decision = models.CharField(
        "裁定", max_length=20, choices=ReplyDecision.choices, default=ReplyDecision.PENDING
    )
    decision_note = models.TextField("裁定意见", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("裁定时间", null=True, blank=True)

    class Meta:
        verbose_name = "申辩"
        ordering = ["finding", "at"]
        constraints = [
            models.UniqueConstraint(
                fields=["finding"],
                condition=models.Q(decision="pending"),
                name="one_pending_reply_per_finding",
            )
        ]

    def __str__(self) -> str:
        return f"{self.unit.name}对“{self.finding}”的申辩"

    @property
    def decision_colour(self) -> str:
        return REPLY_DECISION_COLOURS[ReplyDecision(self.decision)]
