from __future__ import annotations

import datetime as dt
import uuid
from functools import cached_property

from django.conf import settings
from django.db import models

from duban.core.plan import PlanDoc
from duban.intake.models import IntakeBatch
from duban.plans.choices import STATUS_COLOURS, Comparator, DeadlineKind, LeaderKind, TaskStatus, UnitRole

ORIGIN_LENGTH = 100  # Task.progress_origin


class Plan(models.Model):
    """One official document of work: a year's key-work table or a multi-year action plan."""

    title = models.CharField("标题", max_length=200)
    attachment_label = models.CharField("附件标注", max_length=20, blank=True)
    period_start = models.DateField("起始日期", null=True, blank=True)
    period_end = models.DateField("截止日期", null=True, blank=True)
    source_name = models.CharField("来源文件", max_length=255, blank=True)
    source_sha256 = models.CharField("文件SHA-256", max_length=64, blank=True)
    source_path = models.CharField("文件存放位置", max_length=255, blank=True)  # under UPLOAD_DIR
    # Set by an import's transaction, cleared once what follows it (plans.signals.plan_stored:
    # the 交办 of its new tasks) is written; the worker sends it again for a plan left set.
    after_import_pending = models.BooleanField("导入后续待处理", default=False)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "计划"
        ordering = ["-period_start", "title"]
        constraints = [
            models.UniqueConstraint(fields=["title", "period_start", "period_end"], name="plan_identity")
        ]

    def __str__(self) -> str:
        return self.title

    def period_label(self) -> str:
        if not (self.period_start and self.period_end):
            return ""
        if self.period_start.year == self.period_end.year:
            return f"{self.period_start.year}年"
        return f"{self.period_start.year}—{self.period_end.year}年"


class Section(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections")
    title = models.CharField("标题", max_length=200)
    position = models.PositiveIntegerField("顺序")

    class Meta:
        verbose_name = "部分"
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return self.title


class Task(models.Model):
    """One line of the table: the unit of supervision."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks")
    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="tasks")
    position = models.PositiveIntegerField("顺序")
    seq = models.CharField("序号", max_length=20, blank=True)
    category = models.CharField("主要任务", max_length=200, blank=True)
    title = models.TextField("重点工作")
    target = models.TextField("年度主要目标", blank=True)
    progress = models.TextField("完成情况", blank=True)
    completed = models.BooleanField("是否完成", null=True, blank=True)
    shortfall_reason = models.TextField("未完成理由", blank=True)
    deadline = models.DateField("完成时限", null=True, blank=True)
    deadline_text = models.CharField("完成时限（原文）", max_length=100, blank=True)
    deadline_kind = models.CharField(
        "时限类型", max_length=20, choices=DeadlineKind.choices, default=DeadlineKind.NONE
    )
    status = models.CharField(
        "状态", max_length=20, choices=TaskStatus.choices, default=TaskStatus.IN_PROGRESS
    )
    source_ref = models.JSONField("来源位置", default=dict, blank=True)
    # 督办编号 (霞督〔2025〕12号): given once by duban/supervision and never reused.
    number = models.CharField("督办编号", max_length=60, null=True, blank=True)
    # 销号 date: a closed item is read-only (task_refuse_if_closed).
    closed_on = models.DateField("销号日期", null=True, blank=True)
    # Where 完成情况 / 是否完成 / 未完成理由 came from when not from the imported file: the accepted
    # report that rolled them up (e.g. "2025年11月填报通过"). A re-import keeps them unless the
    # office ticks 采用表格内容 for the row; taking the table's text clears it.
    progress_origin = models.CharField("完成情况来源", max_length=ORIGIN_LENGTH, blank=True)
    behind_schedule = models.BooleanField("进度滞后", default=False)  # the table said 滞后
    missing_from_file = models.BooleanField("文件中已无此项", default=False)  # kept on re-import
    # Inserted in bulk and not yet in SQLite's search index: an import's write lock leaves the
    # index to short transactions after it (plans.search), and search scans these rows meanwhile.
    search_pending = models.BooleanField("待建检索", default=False, editable=False)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "任务"
        ordering = ["plan", "position"]
        indexes = [
            models.Index(fields=["plan", "position"]),
            # The few rows search scans while they wait for the index (plans.search).
            models.Index(fields=["id"], condition=models.Q(search_pending=True), name="task_search_pending"),
        ]
        constraints = [
            # Unique when set; a partial index, so SQLite adds it without rebuilding the table
            # (a rebuild would drop the search index's triggers, migration 0002).
            models.UniqueConstraint(
                fields=["number"], condition=models.Q(number__isnull=False), name="task_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.seq}. {self.title}" if self.seq else self.title

    @property
    def status_colour(self) -> str:
        return STATUS_COLOURS[TaskStatus(self.status)]

    @cached_property
    def named_units(self) -> dict[str, set[int]]:
        """Role → the units the task names in it, directly or as members of a named group.
        One query, kept on the task: a report page asks for each transition and for the page."""
        named: dict[str, set[int]] = {}
        for role, unit, member in self.assignments.values_list("role", "unit_id", "group__members"):
            named.setdefault(role, set()).update(i for i in (unit, member) if i is not None)
        return named


class TaskUnit(models.Model):
    """A unit (or a group of units) named on a task, as lead or as responsible."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="assignments")
    # Indexed where set, with the task (Meta): each row names a unit or a group, and an import
    # writes thousands of rows inside its write lock.
    unit = models.ForeignKey(
        "units.Unit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="task_assignments",
        db_index=False,
    )
    group = models.ForeignKey(
        "units.UnitGroup",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="task_assignments",
        db_index=False,
    )
    role = models.CharField("角色", max_length=20, choices=UnitRole.choices)
    position = models.PositiveIntegerField("顺序", default=0)
    written_as = models.CharField("原文名称", max_length=100, blank=True)

    class Meta:
        verbose_name = "任务单位"
        ordering = ["role", "position"]
        # A unit's tasks read from the index alone (its 台账 across the years).
        indexes = [
            models.Index(
                fields=["unit", "task"], condition=models.Q(unit__isnull=False), name="taskunit_unit"
            ),
            models.Index(
                fields=["group", "task"], condition=models.Q(group__isnull=False), name="taskunit_group"
            ),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(unit__isnull=False, group__isnull=True)
                | models.Q(unit__isnull=True, group__isnull=False),
                name="taskunit_unit_xor_group",
            ),
        ]

    def __str__(self) -> str:
        return str(self.unit or self.group)

    @property
    def name(self) -> str:
        return str(self.unit or self.group)


class TaskLeader(models.Model):
    """A person the table names on a task (分管领导 / 责任领导 / 牵头领导), as written.

    ``user`` links the name to a 领导's account once one is matched; until then it is empty.
    """

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="leaders")
    name = models.CharField("姓名（原文）", max_length=50)
    kind = models.CharField("领导类别", max_length=20, choices=LeaderKind.choices, blank=True)
    position = models.PositiveIntegerField("顺序", default=0)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "任务领导"
        ordering = ["task", "position"]

    def __str__(self) -> str:
        return self.name

    @property
    def label(self) -> str:
        return f"{self.name}（{self.get_kind_display()}）" if self.kind else self.name


class TaskMilestone(models.Model):
    """A dated step of a task's 进度安排 (①3月底前完成… ②6月底前…); the date is empty when none was read."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField("节点日期", null=True, blank=True)
    text = models.TextField("节点内容")
    position = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "进度节点"
        ordering = ["task", "position"]

    def __str__(self) -> str:
        return self.text[:40]


class TaskProgressEntry(models.Model):
    """Progress the table gave for one period (1-10月, 第二季度 …): the task's dated history as imported."""

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="progress_entries")
    period = models.CharField("期间", max_length=50)
    text = models.TextField("进展情况", blank=True)
    position = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "分期进展"
        ordering = ["task", "position"]

    def __str__(self) -> str:
        return f"{self.period}：{self.text[:30]}"


class Goal(models.Model):
    """A plan-level aim (具体目标), e.g. 改造楼宇数量不低于30栋 over 2022–2024."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="goals")
    text = models.TextField("目标")
    position = models.PositiveIntegerField("顺序")

    class Meta:
        verbose_name = "目标"
        ordering = ["plan", "position"]

    def __str__(self) -> str:
        return self.text[:40]


class Indicator(models.Model):
    """A number inside a goal or a task's target: metric, comparator, value, unit."""

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="indicators")
    goal = models.ForeignKey(Goal, null=True, blank=True, on_delete=models.CASCADE, related_name="indicators")
    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.CASCADE, related_name="indicators")
    text = models.TextField("原文")
    metric = models.CharField("指标", max_length=200)
    comparator = models.CharField("比较", max_length=2, choices=Comparator.choices)
    value = models.DecimalField("数值", max_digits=24, decimal_places=4)
    unit = models.CharField("单位", max_length=20, blank=True)
    position = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "指标"
        ordering = ["position"]

    def __str__(self) -> str:
        return f"{self.metric} {self.comparator} {self.value.normalize()}{self.unit}"


class ImportBatch(IntakeBatch):
    """An uploaded plan file waiting for the office to confirm its preview."""

    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.SET_NULL, related_name="imports")

    class Meta(IntakeBatch.Meta):
        verbose_name = "导入批次"

    @cached_property
    def doc(self) -> PlanDoc:
        """The plan the file was read into, kept as its interchange JSON until confirmed."""
        return PlanDoc.from_dict(self.parsed)


class PublicField(models.TextChoices):
    """What a published plan may show the public (政务公开): never units' comments or findings."""

    TITLE = "title", "重点工作"
    TARGET = "target", "年度主要目标"
    STATUS = "status", "完成状态"
    PROGRESS = "progress", "进展摘要"
    LEAD = "lead", "牵头单位"


class PlanPublication(models.Model):
    """A plan the office chose to publish read-only, with the fields it selected."""

    plan = models.OneToOneField(Plan, on_delete=models.CASCADE, related_name="publication")
    token = models.UUIDField("公开地址", default=uuid.uuid4, unique=True, editable=False)
    fields = models.JSONField("公开字段", default=list)
    published_at = models.DateTimeField("发布时间", auto_now=True)
    published_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = "政务公开"

    def __str__(self) -> str:
        return self.plan.title


class SubTask(models.Model):
    """二次分解: a part of a task its lead unit hands to a unit under it (a 科室, a village).

    Its own table, not a Task with a parent: plan tables, exports, lights, dashboards and
    assessment read Task, and a sub-task must not appear there as a row nor count twice."""

    task = models.ForeignKey(Task, verbose_name="所属任务", on_delete=models.CASCADE, related_name="subtasks")
    owner = models.ForeignKey(
        "units.Unit", verbose_name="分解单位", on_delete=models.PROTECT, related_name="subtasks_split"
    )
    unit = models.ForeignKey(
        "units.Unit", verbose_name="承办单位", on_delete=models.PROTECT, related_name="subtasks"
    )
    title = models.CharField("分解任务", max_length=300)
    deadline = models.DateField("完成时限", null=True, blank=True)  # empty: the task's own
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField("分解时间", auto_now_add=True)

    class Meta:
        verbose_name = "分解任务"
        ordering = ["task", "pk"]

    def __str__(self) -> str:
        return f"{self.unit}：{self.title}"

    @property
    def due(self) -> dt.date | None:
        return self.deadline or self.task.deadline


class SubTaskMilestone(models.Model):
    """A dated step of a sub-task; the sub-unit is late when one passes without a report."""

    subtask = models.ForeignKey(SubTask, on_delete=models.CASCADE, related_name="milestones")
    date = models.DateField("节点日期")
    text = models.CharField("节点内容", max_length=300)
    position = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "分解任务节点"
        ordering = ["subtask", "position"]

    def __str__(self) -> str:
        return self.text[:40]
