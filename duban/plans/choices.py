from __future__ import annotations

from django.db import models


class TaskStatus(models.TextChoices):
    """The reporting side's own claim, as last stated (红黄绿灯 are computed on top of it)."""

    IN_PROGRESS = "in_progress", "推进中"
    DONE = "done", "已完成"
    NOT_DONE = "not_done", "未完成"


# A task's status follows its 是否完成: done, not done, or not said yet.
STATUS_BY_COMPLETED: dict[bool | None, TaskStatus] = {
    True: TaskStatus.DONE,
    False: TaskStatus.NOT_DONE,
    None: TaskStatus.IN_PROGRESS,
}

STATUS_COLOURS = {
    TaskStatus.IN_PROGRESS: "primary",
    TaskStatus.DONE: "success",
    TaskStatus.NOT_DONE: "danger",
}


class UnitRole(models.TextChoices):
    LEAD = "lead", "牵头单位"
    RESPONSIBLE = "responsible", "责任单位"


class LeaderKind(models.TextChoices):
    """Which of the table's people columns named a leader on a task; blank when the column did not say."""

    IN_CHARGE = "in_charge", "分管领导"
    RESPONSIBLE = "responsible", "责任领导"
    LEAD = "lead", "牵头领导"


class DeadlineKind(models.TextChoices):
    DATE = "date", "日期"
    WORKDAYS = "workdays", "工作日"
    ONGOING = "ongoing", "长期"
    RECURRING = "recurring", "定期"
    NONE = "none", "无"
    UNPARSED = "unparsed", "未识别"


class Comparator(models.TextChoices):
    GE = ">=", "不低于"
    GT = ">", "超过"
    LE = "<=", "不超过"
    LT = "<", "低于"
    EQ = "=", "等于"
    APPROX = "≈", "约"
