"""The building information database (信息库), its carriers and their yearly evaluation."""

from __future__ import annotations

from decimal import Decimal
from typing import TypedDict

from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils import timezone

from duban.buildings.choices import (
    APPEAL_COLOURS,
    BUILDING_STATE_COLOURS,
    OUTCOME_COLOURS,
    AppealStatus,
    BuildingState,
    CarrierKind,
    CarrierLevel,
    ChangeSource,
    ImportKind,
    Outcome,
    OwnerType,
)
from duban.intake.models import IntakeBatch


class _DecimalOptions(TypedDict):
    max_digits: int
    decimal_places: int
    validators: list[MinValueValidator]


AREA: _DecimalOptions = {"max_digits": 12, "decimal_places": 2, "validators": [MinValueValidator(Decimal(0))]}


class Building(models.Model):
    """A building in the information database; ``unit`` (the town or park) decides who sees it."""

    name = models.CharField("楼宇名称", max_length=200)
    address = models.CharField("地址", max_length=255, blank=True)
    unit = models.ForeignKey(
        "units.Unit", verbose_name="所属镇街园区", on_delete=models.PROTECT, related_name="buildings"
    )
    owner_type = models.CharField("产权类型", max_length=20, choices=OwnerType.choices)
    owner = models.CharField("产权单位", max_length=200, blank=True)
    floor_area_m2 = models.DecimalField("建筑面积（平方米）", **AREA)
    land_area_m2 = models.DecimalField("土地面积（平方米）", null=True, blank=True, **AREA)
    land_tenure = models.CharField("土地性质", max_length=50, blank=True)
    land_use = models.CharField("用地性质", max_length=50, blank=True)
    building_state = models.CharField(
        "房屋状态", max_length=20, choices=BuildingState.choices, default=BuildingState.IDLE
    )
    idle_since = models.DateField("闲置起始日期", null=True, blank=True)
    note = models.TextField("备注", blank=True)
    created_at = models.DateTimeField("入库时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "楼宇"
        ordering = ["unit__name", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "name"],
                name="building_identity",
                violation_error_message="同一镇街园区中已有同名楼宇",
            )
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def is_idle(self) -> bool:
        return self.building_state == BuildingState.IDLE

    @property
    def state_colour(self) -> str:
        return BUILDING_STATE_COLOURS[BuildingState(self.building_state)]


class BuildingChange(models.Model):
    """One dated change in a building's history (动态管理), written by the service that made it."""

    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="changes")
    on = models.DateField("变更日期", default=timezone.localdate)
    at = models.DateTimeField("记录时间", default=timezone.now)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name="操作人", null=True, blank=True, on_delete=models.SET_NULL
    )
    actor_name = models.CharField("操作人姓名", max_length=150, blank=True)  # kept if the account goes
    source = models.CharField("来源", max_length=20, choices=ChangeSource.choices)
    field = models.CharField("字段", max_length=50, blank=True)
    label = models.CharField("项目", max_length=50, blank=True)
    old = models.TextField("原值", blank=True)
    new = models.TextField("新值", blank=True)

    class Meta:
        verbose_name = "楼宇变更"
        ordering = ["-on", "-at", "-id"]
        indexes = [models.Index(fields=["building", "on"])]

    def __str__(self) -> str:
        return f"{self.on} {self.building} {self.label}"


class BuildingAttachment(models.Model):
    """A photo or document kept outside the web root and served only through an authorised view."""

    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="attachments")
    file_name = models.CharField("文件名", max_length=255)
    stored_path = models.CharField("存放位置", max_length=255)  # under UPLOAD_DIR
    sha256 = models.CharField("SHA-256", max_length=64)
    size = models.PositiveIntegerField("大小")
    kind = models.CharField("类型", max_length=10)  # jpg, png, pdf, docx, xlsx …, from the gate
    description = models.CharField("说明", max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "楼宇附件"
        ordering = ["-uploaded_at", "-id"]

    def __str__(self) -> str:
        return self.file_name


class Renovation(models.Model):
    """A renovation project (改造项目) on one building; finishing it is what the 30-栋 goal counts."""

    building = models.ForeignKey(Building, on_delete=models.CASCADE, related_name="renovations")
    title = models.CharField("项目名称", max_length=200)
    investor = models.CharField("投资主体", max_length=200, blank=True)
    area_m2 = models.DecimalField("改造面积（平方米）", null=True, blank=True, **AREA)
    planned_start = models.DateField("计划开工日期", null=True, blank=True)
    planned_finish = models.DateField("计划完工日期", null=True, blank=True)
    started_on = models.DateField("开工日期", null=True, blank=True)
    finished_on = models.DateField("完工日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "改造项目"
        ordering = ["building", "-started_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(started_on__isnull=True)
                | models.Q(finished_on__isnull=True)
                | models.Q(finished_on__gte=models.F("started_on")),
                name="renovation_finishes_after_start",
            )
        ]

    def __str__(self) -> str:
        return self.title


class Carrier(models.Model):
    """An innovation carrier (科创载体) housed in a building."""

    name = models.CharField("载体名称", max_length=200)
    kind = models.CharField("类型", max_length=20, choices=CarrierKind.choices)
    level = models.CharField(
        "级别", max_length=20, choices=CarrierLevel.choices, default=CarrierLevel.UNRATED
    )
    operator = models.CharField("运营机构", max_length=200, blank=True)
    area_m2 = models.DecimalField("面积（平方米）", **AREA)
    building = models.ForeignKey(
        Building, verbose_name="所在楼宇", on_delete=models.PROTECT, related_name="carriers"
    )
    founding_unit = models.ForeignKey(
        "units.Unit",
        verbose_name="设立单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="founded_carriers",
        help_text="科创飞地填设立它的镇街；其他载体可留空",
    )
    established_on = models.DateField("设立日期", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "科创载体"
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["building", "name"],
                name="carrier_identity",
                violation_error_message="同一楼宇中已有同名载体",
            )
        ]

    def __str__(self) -> str:
        return self.name


class EvaluationScheme(models.Model):
    """The office's rules for one year's carrier evaluation (年度认定评估、绩效考评)."""

    year = models.PositiveIntegerField("年度", unique=True)
    title = models.CharField("名称", max_length=200)
    award_top_n = models.PositiveIntegerField("前几名奖励", null=True, blank=True)
    award_min_score = models.DecimalField(
        "达到此分奖励", max_digits=6, decimal_places=2, null=True, blank=True
    )
    warning_bottom_n = models.PositiveIntegerField("后几名亮牌", null=True, blank=True)
    warning_line = models.DecimalField(
        "亮牌线（低于即亮牌）", max_digits=6, decimal_places=2, null=True, blank=True
    )
    pass_line = models.DecimalField(
        "合格线（连续两年低于即亮牌）", max_digits=6, decimal_places=2, null=True, blank=True
    )
    computed_at = models.DateTimeField("评定时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "考评方案"
        ordering = ["-year"]

    def __str__(self) -> str:
        return self.title


class EvaluationIndicator(models.Model):
    """One weighted indicator: a carrier's value scores ``weight × min(value, max_value) / max_value``."""

    scheme = models.ForeignKey(EvaluationScheme, on_delete=models.CASCADE, related_name="indicators")
    name = models.CharField("指标", max_length=50)
    unit = models.CharField("单位", max_length=20, blank=True)
    weight = models.DecimalField(
        "权重", max_digits=5, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    max_value = models.DecimalField(
        "满分值", max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    position = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "考评指标"
        ordering = ["scheme", "position", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["scheme", "name"], name="indicator_per_scheme", violation_error_message="指标名称重复"
            )
        ]

    def __str__(self) -> str:
        return self.name


class EvaluationScore(models.Model):
    """A carrier's value on one indicator (entered in a form or imported)."""

    indicator = models.ForeignKey(EvaluationIndicator, on_delete=models.CASCADE, related_name="scores")
    carrier = models.ForeignKey(Carrier, on_delete=models.CASCADE, related_name="scores")
    value = models.DecimalField(
        "数值", max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )

    class Meta:
        verbose_name = "考评得分"
        constraints = [models.UniqueConstraint(fields=["indicator", "carrier"], name="score_identity")]

    def __str__(self) -> str:
        return f"{self.carrier} {self.indicator} {self.value}"


class EvaluationResult(models.Model):
    """A carrier's weighted total, rank and outcome for one year, as last computed."""

    scheme = models.ForeignKey(EvaluationScheme, on_delete=models.CASCADE, related_name="results")
    carrier = models.ForeignKey(Carrier, on_delete=models.CASCADE, related_name="results")
    total = models.DecimalField("总分", max_digits=7, decimal_places=2)
    rank = models.PositiveIntegerField("名次")
    computed_outcome = models.CharField("评定结果", max_length=20, choices=Outcome.choices)
    outcome = models.CharField("最终结果", max_length=20, choices=Outcome.choices)
    reason = models.CharField("依据", max_length=300, blank=True)

    class Meta:
        verbose_name = "考评结果"
        ordering = ["scheme", "rank", "carrier__name"]
        constraints = [models.UniqueConstraint(fields=["scheme", "carrier"], name="result_identity")]

    def __str__(self) -> str:
        return f"{self.scheme.year}年 {self.carrier}：{self.get_outcome_display()}"

    @property
    def outcome_colour(self) -> str:
        return OUTCOME_COLOURS[Outcome(self.outcome)]

    @property
    def has_pending_appeal(self) -> bool:
        return any(a.status == AppealStatus.PENDING for a in self.appeals.all())


class Appeal(models.Model):
    """复核: a carrier's town asks the office to reconsider an outcome; the office decides."""

    result = models.ForeignKey(EvaluationResult, on_delete=models.CASCADE, related_name="appeals")
    reason = models.TextField("复核理由")
    filed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    filed_at = models.DateTimeField("申请时间", default=timezone.now)
    status = models.CharField(
        "状态", max_length=20, choices=AppealStatus.choices, default=AppealStatus.PENDING
    )
    outcome_before = models.CharField("原结果", max_length=20, choices=Outcome.choices)
    outcome_after = models.CharField("复核后结果", max_length=20, choices=Outcome.choices, blank=True)
    decision_note = models.TextField("复核意见", blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField("复核时间", null=True, blank=True)

    class Meta:
        verbose_name = "复核申请"
        ordering = ["-filed_at", "-id"]

    def __str__(self) -> str:
        return f"{self.result.carrier} 复核（{self.get_status_display()}）"

    @property
    def status_colour(self) -> str:
        return APPEAL_COLOURS[AppealStatus(self.status)]


class GoalBinding(models.Model):
    """Links a plan's indicator (改造楼宇数量不低于30栋) to a measure counted live from the database.

    Re-importing a plan replaces its indicators; the binding then keeps its plan and
    the indicator's text, so ``goal_bindings_relink`` can find the new indicator.
    """

    indicator = models.OneToOneField(
        "plans.Indicator",
        verbose_name="指标",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="live_binding",
    )
    plan = models.ForeignKey("plans.Plan", verbose_name="计划", on_delete=models.CASCADE, related_name="+")
    indicator_text = models.TextField("指标原文")
    on_goal = models.BooleanField("属于具体目标", default=True)  # else a task's target
    measure = models.CharField("统计口径", max_length=50)  # a key of duban.buildings.measures.MEASURES
    params = models.JSONField("参数", default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "目标统计口径"

    def __str__(self) -> str:
        return f"{self.indicator_text[:40]} ← {self.measure}"


class BuildingImport(IntakeBatch):
    """An uploaded .xlsx (buildings or scores) waiting for its preview to be confirmed."""

    kind = models.CharField("内容", max_length=20, choices=ImportKind.choices)
    scheme = models.ForeignKey(EvaluationScheme, null=True, blank=True, on_delete=models.CASCADE)

    class Meta(IntakeBatch.Meta):
        verbose_name = "楼宇导入批次"
