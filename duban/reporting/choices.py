from __future__ import annotations

from django.db import models


class ReportStatus(models.TextChoices):
    DRAFT = "draft", "草稿"
    UNIT_REVIEW = "unit_review", "待单位审核"
    SUBMITTED = "submitted", "待督办审核"
    RETURNED = "returned", "已退回"
    ACCEPTED = "accepted", "已通过"


# Filed: out of the unit's hands, whatever the review says next.
SUBMITTED_STATES = (ReportStatus.UNIT_REVIEW, ReportStatus.SUBMITTED, ReportStatus.ACCEPTED)

REPORT_STATUS_COLOURS = {
    ReportStatus.DRAFT: "secondary",
    ReportStatus.UNIT_REVIEW: "info",
    ReportStatus.SUBMITTED: "primary",
    ReportStatus.RETURNED: "warning",
    ReportStatus.ACCEPTED: "success",
}


class Claim(models.TextChoices):
    IN_PROGRESS = "in_progress", "推进中"
    DONE = "done", "已完成"
    NOT_DONE = "not_done", "未完成"


# The task's 是否完成 (year-end table) as a claim a new draft starts from.
CLAIM_BY_COMPLETED = {True: Claim.DONE, False: Claim.NOT_DONE, None: Claim.IN_PROGRESS}


class CoordinationStatus(models.TextChoices):
    PENDING = "pending", "待协调"
    DONE = "done", "已协调"
    IMPOSSIBLE = "impossible", "无法协调"


COORDINATION_STATUS_COLOURS = {
    CoordinationStatus.PENDING: "warning",
    CoordinationStatus.DONE: "success",
    CoordinationStatus.IMPOSSIBLE: "secondary",
}


class RoundStatus(models.TextChoices):
    OPEN = "open", "填报中"
    CLOSED = "closed", "已结束"


class Recurrence(models.TextChoices):
    MONTHLY = "monthly", "每月"
    QUARTERLY = "quarterly", "每季度"
    YEARLY = "yearly", "每年"


class ExtensionStatus(models.TextChoices):
    PENDING = "pending", "待审批"
    APPROVED = "approved", "已同意"
    REFUSED = "refused", "不同意"


class ReminderKind(models.TextChoices):
    DIGEST = "digest", "每日催办汇总"
    MANUAL = "manual", "人工催办"


class Channel(models.TextChoices):
    EMAIL = "email", "电子邮件"
    WECOM = "wecom", "企业微信群机器人"
    DINGTALK = "dingtalk", "钉钉群机器人"
    SITE = "site", "站内"


class AdhocSource(models.TextChoices):
    INSTRUCTION = "instruction", "领导批示"
    MINUTES = "minutes", "会议纪要"
    OTHER = "other", "其他交办"


class InstructionStatus(models.TextChoices):
    OPEN = "open", "待答复"
    ANSWERED = "answered", "已答复"


INSTRUCTION_STATUS_COLOURS = {InstructionStatus.OPEN: "warning", InstructionStatus.ANSWERED: "success"}
