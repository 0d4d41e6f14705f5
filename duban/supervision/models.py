from __future__ import annotations

from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import models

from duban.intake.models import IntakeBatch
from duban.reporting.choices import AdhocSource
from duban.supervision.choices import (
    ITEM_STATE_COLOURS,
    NOTICE_LEVEL_COLOURS,
    NOTICE_LEVEL_WORDS,
    CloseRequestStatus,
    ItemState,
    NoticeLevel,
    RecheckState,
    SourceKind,
)

if TYPE_CHECKING:
    from duban.accounts.models import User as Account

User = settings.AUTH_USER_MODEL


class NumberPattern(models.Model):
    """The office's pattern of 督办编号 for one source, e.g. 霞督〔{year}〕{n}号 ({n:03} pads to 001)."""

    source = models.CharField("来源类别", max_length=20, choices=SourceKind.choices, unique=True)
    pattern = models.CharField("编号格式", max_length=60)
    updated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "编号规则"
        ordering = ["source"]

    def __str__(self) -> str:
        return f"{self.get_source_display()}：{self.pattern}"


class NumberCounter(models.Model):
    """The last number handed out per source and year; it only ever grows, so no number comes twice."""

    source = models.CharField("来源类别", max_length=20, choices=SourceKind.choices)
    year = models.PositiveSmallIntegerField("年度")
    last = models.PositiveIntegerField("已用到", default=0)

    class Meta:
        verbose_name = "编号计数"
        constraints = [models.UniqueConstraint(fields=["source", "year"], name="one_counter_per_source_year")]


class Lifecycle(models.Model):
    """One 督办件's place in 交办 → 签收 → 办结 → 销号 → 回头看 (the task itself is plans')."""

    task = models.OneToOneField("plans.Task", on_delete=models.CASCADE, related_name="lifecycle")
    source = models.CharField("来源类别", max_length=20, choices=SourceKind.choices)
    # leader and closed_by are indexed where set (Meta): most items have neither, and an
    # imported plan opens thousands inside its write lock.
    leader = models.ForeignKey(
        User,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="instructed_items",
        db_index=False,
    )
    issued_at = models.DateTimeField("交办时间")
    issued_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    state = models.CharField("办理状态", max_length=20, choices=ItemState.choices, default=ItemState.OPEN)
    work_round = models.PositiveSmallIntegerField("办理轮次", default=1)
    closing_number = models.CharField("销号编号", max_length=60, blank=True)
    closed_on = models.DateField("销号日期", null=True, blank=True)
    closed_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )
    recheck_on = models.DateField("回头看日期", null=True, blank=True)
    recheck_state = models.CharField(
        "回头看", max_length=20, choices=RecheckState.choices, default=RecheckState.NONE
    )
    archived_on = models.DateField("归档日期", null=True, blank=True)

    class Meta:
        verbose_name = "督办件办理"
        ordering = ["-issued_at"]
        indexes = [
            models.Index(
                fields=["leader"], condition=models.Q(leader__isnull=False), name="lifecycle_leader"
            ),
            models.Index(
                fields=["closed_by"], condition=models.Q(closed_by__isnull=False), name="lifecycle_closed_by"
            ),
        ]

    def __str__(self) -> str:
        return self.task.number or str(self.task)

    @property
    def state_colour(self) -> str:
        return ITEM_STATE_COLOURS[ItemState(self.state)]

    @property
    def is_closed(self) -> bool:
        return self.state == ItemState.CLOSED


class Acknowledgement(models.Model):
    """签收: one unit named on an item confirms it received it; the time and the person are kept."""

    # No index of their own: the unique (task, unit) and the (unit, acknowledged_at) indexes lead
    # with them, and an imported plan writes thousands of rows inside its write lock.
    task = models.ForeignKey(
        "plans.Task", on_delete=models.CASCADE, related_name="acknowledgements", db_index=False
    )
    unit = models.ForeignKey(
        "units.Unit", on_delete=models.CASCADE, related_name="acknowledgements", db_index=False
    )
    role = models.CharField("承担方式", max_length=20)  # plans' UnitRole: lead / responsible
    issued_at = models.DateTimeField("交办时间")
    acknowledged_at = models.DateTimeField("签收时间", null=True, blank=True)
    acknowledged_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", db_index=False
    )

    class Meta:
        verbose_name = "签收"
        ordering = ["task", "role", "unit__name"]
        constraints = [models.UniqueConstraint(fields=["task", "unit"], name="one_ack_per_task_unit")]
        indexes = [
            models.Index(fields=["unit", "acknowledged_at"]),
            models.Index(
                fields=["acknowledged_by"],
                condition=models.Q(acknowledged_by__isnull=False),
                name="ack_acknowledged_by",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.unit}签收{self.task}"


class CloseRequest(models.Model):
    """办结申请: the unit's closing report with evidence, and what the office and the leader did with it."""

    task = models.ForeignKey("plans.Task", on_delete=models.CASCADE, related_name="close_requests")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    work_round = models.PositiveSmallIntegerField("办理轮次", default=1)
    text = models.TextField("办结情况")
    status = models.CharField(
        "状态", max_length=20, choices=CloseRequestStatus.choices, default=CloseRequestStatus.PENDING
    )
    requested_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    requested_at = models.DateTimeField("申请时间")
    forwarded_at = models.DateTimeField("呈阅时间", null=True, blank=True)
    forwarded_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    decided_at = models.DateTimeField("审核时间", null=True, blank=True)
    decision_note = models.TextField("审核意见", blank=True)
    leader_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    leader_at = models.DateTimeField("阅示时间", null=True, blank=True)
    leader_note = models.TextField("领导阅示意见", blank=True)

    class Meta:
        verbose_name = "办结申请"
        ordering = ["-requested_at"]


class CloseEvidence(models.Model):
    """A file proving the work is done, kept outside the web root like report attachments."""

    request = models.ForeignKey(CloseRequest, on_delete=models.CASCADE, related_name="evidence")
    file_name = models.CharField("文件名", max_length=255)
    stored_path = models.CharField("存放位置", max_length=255)
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveIntegerField("大小")
    content_type = models.CharField("类型", max_length=100)

    class Meta:
        verbose_name = "办结佐证材料"
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.file_name


class EscalationRung(models.Model):
    """One rung of the office's 三色督办 ladder: how many lagging rounds in a row call for it,
    how many working days the unit has to answer, and whether the item is flagged (挂牌督办)."""

    level = models.CharField("督办等级", max_length=10, choices=NoticeLevel.choices, unique=True)
    rounds = models.PositiveSmallIntegerField("连续滞后轮次")
    reply_workdays = models.PositiveSmallIntegerField("办理时限（工作日）")
    flagged = models.BooleanField("挂牌督办", default=False)
    requirement = models.TextField("督办要求")
    updated_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField("修改时间", auto_now=True)

    class Meta:
        verbose_name = "督办等级"
        ordering = ["rounds"]

    def __str__(self) -> str:
        return f"{self.get_level_display()}：连续{self.rounds}轮滞后"


class SupervisionNotice(models.Model):
    """督办单: a numbered notice to a unit whose item lagged, on one rung of the ladder."""

    number = models.CharField("督办单编号", max_length=60, unique=True)
    task = models.ForeignKey("plans.Task", on_delete=models.CASCADE, related_name="notices")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="notices")
    level = models.CharField("督办等级", max_length=10, choices=NoticeLevel.choices)
    round = models.ForeignKey(
        "reporting.ReportingRound", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    lagging_rounds = models.PositiveSmallIntegerField("连续滞后轮次", default=0)
    problem = models.TextField("存在问题")
    requirement = models.TextField("督办要求")
    due_on = models.DateField("办理时限")
    flagged = models.BooleanField("挂牌督办", default=False)
    copied_to = models.CharField("抄送", max_length=300, blank=True)
    copied_users: models.ManyToManyField[Account, Any] = models.ManyToManyField(
        User, blank=True, related_name="copied_notices"
    )
    issued_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    issued_at = models.DateTimeField("签发时间")
    received_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    received_at = models.DateTimeField("签收时间", null=True, blank=True)
    reply = models.TextField("办理情况", blank=True)
    replied_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    replied_at = models.DateTimeField("答复时间", null=True, blank=True)

    class Meta:
        verbose_name = "督办单"
        ordering = ["-issued_at", "-pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["task", "unit", "round", "level"], name="one_notice_per_task_unit_round_level"
            )
        ]
        indexes = [models.Index(fields=["unit", "received_at"])]

    def __str__(self) -> str:
        return self.number

    @property
    def colour(self) -> str:
        return NOTICE_LEVEL_COLOURS[NoticeLevel(self.level)]

    @property
    def colour_word(self) -> str:
        return NOTICE_LEVEL_WORDS[NoticeLevel(self.level)]


class Interview(models.Model):
    """约谈: the office or a leader talked to a unit's people about a lagging item; what was said."""

    task = models.ForeignKey("plans.Task", on_delete=models.CASCADE, related_name="interviews")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    held_on = models.DateField("约谈日期")
    people = models.CharField("约谈对象", max_length=200)
    held_by = models.CharField("约谈人", max_length=200)
    notes = models.TextField("约谈记录")
    recorded_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    recorded_at = models.DateTimeField("登记时间")

    class Meta:
        verbose_name = "约谈"
        ordering = ["-held_on", "-pk"]

    def __str__(self) -> str:
        return f"约谈{self.unit}（{self.held_on}）"


class MinutesBatch(IntakeBatch):
    """A 会议纪要 or 批示, pasted or uploaded, split into proposed items waiting to be confirmed.

    ``parsed`` keeps the proposal (``duban.supervision.minutes.MinutesProposal``) with the
    office's edits; confirming 交办s each kept item, numbered, linked to this file.
    """

    source = models.CharField("来源", max_length=20, choices=AdhocSource.choices)
    leader = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")

    class Meta(IntakeBatch.Meta):
        verbose_name = "纪要批示导入"
