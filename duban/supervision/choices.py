from __future__ import annotations

from django.db import models


class SourceKind(models.TextChoices):
    """Where an item came from: each source has its own 督办编号 pattern; 销号 numbers have one too."""

    INSTRUCTION = "instruction", "批示件"
    MEETING = "meeting", "会议议定事项"
    PLAN = "plan", "计划任务"
    OTHER = "other", "其他交办"
    CLOSING = "closing", "销号编号"
    NOTICE = "notice", "督办单编号"


ITEM_SOURCES = (SourceKind.INSTRUCTION, SourceKind.MEETING, SourceKind.PLAN, SourceKind.OTHER)


class ItemState(models.TextChoices):
    OPEN = "open", "办理中"
    CLOSE_REQUESTED = "close_requested", "办结待审核"
    LEADER_REVIEW = "leader_review", "待领导阅示"
    LEADER_READ = "leader_read", "领导已阅，待销号"
    CLOSED = "closed", "已销号"


ITEM_STATE_COLOURS = {
    ItemState.OPEN: "primary",
    ItemState.CLOSE_REQUESTED: "warning",
    ItemState.LEADER_REVIEW: "info",
    ItemState.LEADER_READ: "info",
    ItemState.CLOSED: "success",
}


class CloseRequestStatus(models.TextChoices):
    PENDING = "pending", "待督办审核"
    LEADER_REVIEW = "leader_review", "呈领导阅示"
    READ = "read", "领导已阅"
    RETURNED = "returned", "已退回"
    REOPENED = "reopened", "领导新批示，重新办理"
    CLOSED = "closed", "已销号"


class RecheckState(models.TextChoices):
    NONE = "none", "无"
    SCHEDULED = "scheduled", "待回头看"
    DUE = "due", "回头看到期"
    HELD = "held", "回头看已确认"
    REOPENED = "reopened", "回头看后重新办理"


class NoticeLevel(models.TextChoices):
    """三色督办: the rung of the ladder a 督办单 was issued on, mildest first."""

    BLUE = "blue", "蓝色督办单"
    YELLOW = "yellow", "黄色督办单"
    RED = "red", "红色督办单"


NOTICE_LEVEL_COLOURS = {
    NoticeLevel.BLUE: "primary",
    NoticeLevel.YELLOW: "warning",
    NoticeLevel.RED: "danger",
}
# The colour's word on the page and in the document (蓝色, 黄色, 红色).
NOTICE_LEVEL_WORDS = {NoticeLevel.BLUE: "蓝色", NoticeLevel.YELLOW: "黄色", NoticeLevel.RED: "红色"}


# The 三色督办 most cities use (colour, lagging rounds in a row, reply limit in working days, 挂牌,
# 督办要求): what holds until the office sets its own on the ladder page.
DEFAULT_LADDER = (
    ("blue", 1, 5, False, "请认真分析滞后原因，采取有效措施加快推进，并在办理时限内书面报告整改情况。"),
    ("yellow", 2, 3, False, "请单位主要负责人亲自研究，制定整改方案，明确完成时间，并在办理时限内书面报告。"),
    (
        "red",
        3,
        2,
        True,
        "现予挂牌督办。请单位主要负责人专题研究、限期整改，并在办理时限内向分管领导书面报告。",
    ),
)
