from __future__ import annotations

from django.conf import settings
from django.db import models

from duban.intake.models import IntakeBatch
from duban.reporting.choices import (
    COORDINATION_STATUS_COLOURS,
    INSTRUCTION_STATUS_COLOURS,
    REPORT_STATUS_COLOURS,
    SUBMITTED_STATES,
    AdhocSource,
    Channel,
    Claim,
    CoordinationStatus,
    ExtensionStatus,
    InstructionStatus,
    Recurrence,
    ReminderKind,
    ReportStatus,
    RoundStatus,
)

User = settings.AUTH_USER_MODEL


class RoundRule(models.Model):
    """Open a round for a plan on a schedule: monthly by the 25th, quarterly, yearly."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="round_rules")
    recurrence = models.CharField("周期", max_length=20, choices=Recurrence.choices)
    due_day = models.PositiveSmallIntegerField("截止日", default=25)
    active = models.BooleanField("启用", default=True)

    class Meta:
        verbose_name = "填报规则"

    def __str__(self) -> str:
        return f"{self.plan} {self.get_recurrence_display()}{self.due_day}日前"


class ReportingRound(models.Model):
    """A period for which every task of a plan owes one report (月报, 季报, 年报)."""

    plan = models.ForeignKey("plans.Plan", on_delete=models.CASCADE, related_name="rounds")
    label = models.CharField("轮次", max_length=50)
    due_date = models.DateField("截止日期")
    status = models.CharField("状态", max_length=20, choices=RoundStatus.choices, default=RoundStatus.OPEN)
    rule = models.ForeignKey(
        RoundRule, null=True, blank=True, on_delete=models.SET_NULL, related_name="rounds"
    )
    opened_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    opened_at = models.DateTimeField("发起时间", auto_now_add=True)

    class Meta:
        verbose_name = "填报轮次"
        ordering = ["-due_date"]
        constraints = [models.UniqueConstraint(fields=["plan", "label"], name="round_label_per_plan")]

    def __str__(self) -> str:
        return f"{self.plan.title} {self.label}"


class ProgressReport(models.Model):
    """One task's report for one round, owned by the task's lead unit."""

    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="reports")
    task = models.ForeignKey("plans.Task", on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey("units.Unit", null=True, on_delete=models.PROTECT, related_name="reports")
    status = models.CharField("状态", max_length=20, choices=ReportStatus.choices, default=ReportStatus.DRAFT)
    progress = models.TextField("完成情况", blank=True)
    problems = models.TextField("存在问题", blank=True)
    next_steps = models.TextField("下步计划", blank=True)
    claim = models.CharField("是否完成", max_length=20, choices=Claim.choices, default=Claim.IN_PROGRESS)
    shortfall_reason = models.TextField("未完成理由", blank=True)
    # The earlier round's report this draft started from (上期填报), shown as such on the form.
    carried_from = models.ForeignKey(
        "self", verbose_name="上期填报", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    version = models.PositiveIntegerField("版本", default=1)  # refuses a stale save: no lost update
    submitted_at = models.DateTimeField("提交时间", null=True, blank=True)
    accepted_at = models.DateTimeField("通过时间", null=True, blank=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)
    updated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta:
        verbose_name = "进展填报"
        ordering = ["task__position"]
        constraints = [
            models.UniqueConstraint(fields=["round", "task"], name="one_report_per_task_and_round")
        ]
        indexes = [models.Index(fields=["unit", "status"]), models.Index(fields=["unit", "round"])]

    def __str__(self) -> str:
        return f"{self.task.title}（{self.round.label}）"

    @property
    def status_colour(self) -> str:
        return REPORT_STATUS_COLOURS[ReportStatus(self.status)]

    @property
    def is_submitted(self) -> bool:
        return self.status in SUBMITTED_STATES


class ReportVersion(models.Model):
    """Every saved state of a report, with the transition that made it and any comment."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="versions")
    version = models.PositiveIntegerField("版本")
    action = models.CharField("操作", max_length=20)
    status = models.CharField("状态", max_length=20, choices=ReportStatus.choices)
    progress = models.TextField("完成情况", blank=True)
    problems = models.TextField("存在问题", blank=True)
    next_steps = models.TextField("下步计划", blank=True)
    claim = models.CharField("是否完成", max_length=20, choices=Claim.choices)
    shortfall_reason = models.TextField("未完成理由", blank=True)
    comment = models.TextField("意见", blank=True)
    actor = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "填报版本"
        ordering = ["report", "version"]
        constraints = [models.UniqueConstraint(fields=["report", "version"], name="one_row_per_version")]


class Contribution(models.Model):
    """A responsible unit's part of the lead's report; each save is a new row, attributed."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="contributions")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="contributions")
    text = models.TextField("配合情况")
    author = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "配合单位情况"
        ordering = ["report", "unit", "-at"]


class Coordination(models.Model):
    """需协调事项: what a unit needs from others to move its task on, filed with its report and
    decided by the office or the task's leader (已协调 / 无法协调, with the outcome)."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="coordinations")
    task = models.ForeignKey("plans.Task", on_delete=models.CASCADE, related_name="coordinations")
    unit = models.ForeignKey(
        "units.Unit", verbose_name="提出单位", on_delete=models.PROTECT, related_name="+"
    )
    matter = models.TextField("需协调事项")
    counterpart = models.CharField("协调对象", max_length=200)
    counterpart_unit = models.ForeignKey(
        "units.Unit",
        verbose_name="协调单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    status = models.CharField(
        "状态", max_length=20, choices=CoordinationStatus.choices, default=CoordinationStatus.PENDING
    )
    outcome = models.TextField("协调结果", blank=True)
    requested_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField("提出时间", auto_now_add=True)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField("处理时间", null=True, blank=True)

    class Meta:
        verbose_name = "需协调事项"
        ordering = ["requested_at", "pk"]
        indexes = [models.Index(fields=["status"])]

    def __str__(self) -> str:
        return f"{self.unit}：{self.matter[:30]}"

    @property
    def status_colour(self) -> str:
        return COORDINATION_STATUS_COLOURS[CoordinationStatus(self.status)]


class ReportAttachment(models.Model):
    """A file kept outside the web root, checksummed, served only to those who may read the task."""

    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="attachments")
    file_name = models.CharField("文件名", max_length=255)
    stored_path = models.CharField("存放位置", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveIntegerField("大小")
    content_type = models.CharField("类型", max_length=100)
    uploaded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "附件"
        ordering = ["at"]

    def __str__(self) -> str:
        return self.file_name


class DeadlineExtension(models.Model):
    """延期申请: a unit asks for a new date; the office decides; both dates stay on record."""

    task = models.ForeignKey("plans.Task", on_delete=models.CASCADE, related_name="extensions")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    old_deadline = models.DateField("原完成时限", null=True, blank=True)
    new_deadline = models.DateField("申请延至")
    reason = models.TextField("理由")
    status = models.CharField(
        "状态", max_length=20, choices=ExtensionStatus.choices, default=ExtensionStatus.PENDING
    )
    requested_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField("申请时间", auto_now_add=True)
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField("审批时间", null=True, blank=True)
    decision_note = models.TextField("审批意见", blank=True)

    class Meta:
        verbose_name = "延期申请"
        ordering = ["-requested_at"]


class Reminder(models.Model):
    """催办: one message to a unit, by one channel, logged whatever the outcome."""

    unit = models.ForeignKey("units.Unit", on_delete=models.CASCADE, related_name="reminders")
    task = models.ForeignKey(
        "plans.Task", null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    kind = models.CharField("类型", max_length=20, choices=ReminderKind.choices)
    channel = models.CharField("渠道", max_length=20, choices=Channel.choices)
    day = models.DateField("日期")
    text = models.TextField("内容")
    task_ids = models.JSONField("涉及任务", default=list)
    ok = models.BooleanField("是否送达", default=False)
    error = models.TextField("错误", blank=True)
    sent_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    at = models.DateTimeField("时间", auto_now_add=True)

    class Meta:
        verbose_name = "催办记录"
        ordering = ["-at"]
        constraints = [
            # One digest per unit per channel per day, even with two workers running.
            models.UniqueConstraint(
                fields=["unit", "channel", "day"],
                condition=models.Q(kind="digest"),
                name="one_digest_per_unit_day",
            ),
        ]


class AdhocAssignment(models.Model):
    """Where an ad-hoc task (交办) came from: a leader's instruction or meeting minutes."""

    task = models.OneToOneField("plans.Task", on_delete=models.CASCADE, related_name="adhoc")
    source = models.CharField("来源", max_length=20, choices=AdhocSource.choices)
    reference = models.CharField("文号或出处", max_length=200, blank=True)
    document_name = models.CharField("来源文件", max_length=255, blank=True)
    document_path = models.CharField("存放位置", max_length=255, blank=True)
    created_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("交办时间", auto_now_add=True)

    class Meta:
        verbose_name = "交办事项"


class Carryover(models.Model):
    """An unfinished task carried into next year's plan, linked to its origin and history."""

    origin = models.OneToOneField("plans.Task", on_delete=models.CASCADE, related_name="carried_to")
    task = models.OneToOneField("plans.Task", on_delete=models.CASCADE, related_name="carried_from")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "结转"


class SubTaskReport(models.Model):
    """二次分解: a sub-unit's report on its sub-task for one round (the report form, simpler).

    Filing it rolls its text up into the lead unit's report of the parent task as a labelled
    block while that report is still the lead's draft (duban/reporting/services/breakdown.py)."""

    round = models.ForeignKey(ReportingRound, on_delete=models.CASCADE, related_name="subtask_reports")
    subtask = models.ForeignKey("plans.SubTask", on_delete=models.CASCADE, related_name="reports")
    unit = models.ForeignKey(
        "units.Unit", verbose_name="承办单位", on_delete=models.PROTECT, related_name="+"
    )
    progress = models.TextField("进展情况")
    problems = models.TextField("存在问题", blank=True)
    next_steps = models.TextField("下步计划", blank=True)
    rolled_up = models.BooleanField("已汇入牵头单位填报", default=False)
    submitted_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    submitted_at = models.DateTimeField("填报时间")

    class Meta:
        verbose_name = "分解任务填报"
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["round", "subtask"], name="one_subtask_report_per_round")
        ]

    def __str__(self) -> str:
        return f"{self.subtask}（{self.round.label}）"


class RoundCap(models.Model):
    """基层减负: how many 填报 rounds one plan may open in a month before the burden ledger warns.

    One row, kept by the 督办员; without it the default of ``duban.reporting.services.caps`` holds.
    """

    monthly_rounds = models.PositiveSmallIntegerField("每个计划每月最多填报轮次")
    updated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "填报轮次上限"


class LeaderInstruction(models.Model):
    """领导批示 on a task: the leader's words and date, to be answered in the unit's next report.

    ``entered_by`` is the leader himself or the 督办员 who typed it on his behalf; the accepted
    report that answered it closes it, and its answer stays with it.
    """

    task = models.ForeignKey("plans.Task", on_delete=models.CASCADE, related_name="instructions")
    text = models.TextField("批示内容")
    given_on = models.DateField("批示日期")
    leader = models.ForeignKey(User, on_delete=models.PROTECT, related_name="instructions_given")
    entered_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    entered_at = models.DateTimeField("录入时间")
    status = models.CharField(
        "状态", max_length=20, choices=InstructionStatus.choices, default=InstructionStatus.OPEN
    )
    answer = models.TextField("答复", blank=True)
    answered_by_report = models.ForeignKey(
        ProgressReport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    answered_at = models.DateTimeField("答复时间", null=True, blank=True)

    class Meta:
        verbose_name = "领导批示"
        ordering = ["given_on", "id"]

    def __str__(self) -> str:
        return f"{self.given_on} {self.text[:30]}"

    @property
    def status_colour(self) -> str:
        return INSTRUCTION_STATUS_COLOURS[InstructionStatus(self.status)]


class InstructionAnswer(models.Model):
    """A report's answer to one 批示, kept with the draft until the report is accepted."""

    instruction = models.ForeignKey(LeaderInstruction, on_delete=models.CASCADE, related_name="answers")
    report = models.ForeignKey(ProgressReport, on_delete=models.CASCADE, related_name="instruction_answers")
    text = models.TextField("批示答复")

    class Meta:
        verbose_name = "批示答复"
        constraints = [
            models.UniqueConstraint(fields=["instruction", "report"], name="one_answer_per_report"),
        ]


class ReturnBatch(IntakeBatch):
    """A returned 填报表 (回收表), read and waiting for confirmation: one file, one unit.

    The files of one upload share ``upload`` and are previewed together, one section per unit.
    """

    round = models.ForeignKey(
        ReportingRound, verbose_name="填报轮次", on_delete=models.CASCADE, related_name="return_batches"
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name="填报单位", on_delete=models.PROTECT, related_name="+"
    )
    upload = models.UUIDField("上传批次", db_index=True)

    class Meta(IntakeBatch.Meta):
        verbose_name = "回收表"
