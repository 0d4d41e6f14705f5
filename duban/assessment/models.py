from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.expressions import Combinable

from duban.assessment.choices import Rule

User = settings.AUTH_USER_MODEL
_NOT_NEGATIVE = [MinValueValidator(Decimal(0))]


def _points(label: str, default: str) -> models.DecimalField[str | float | Decimal | Combinable, Decimal]:
    return models.DecimalField(
        label, max_digits=6, decimal_places=2, default=Decimal(default), validators=_NOT_NEGATIVE
    )


def _cap(label: str) -> models.DecimalField[str | float | Decimal | Combinable | None, Decimal | None]:
    return models.DecimalField(
        label,
        max_digits=6,
        decimal_places=2,
        null=True,
        blank=True,
        validators=_NOT_NEGATIVE,
        help_text="不填则不设上限",
    )


class AssessmentScheme(models.Model):
    """考核方案: the office's rules for one year, from a base score down by what the records show."""

    year = models.PositiveSmallIntegerField(
        "年度", validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    name = models.CharField("方案名称", max_length=200)
    base_score = models.DecimalField(
        "基础分", max_digits=6, decimal_places=2, default=Decimal(100), validators=_NOT_NEGATIVE
    )
    missing_report_points = _points("未报扣分（每次）", "2")
    missing_report_cap = _cap("未报扣分上限")
    late_report_points = _points("迟报扣分（每次）", "1")
    late_report_cap = _cap("迟报扣分上限")
    returned_report_points = _points("退回扣分（每次）", "0.5")
    returned_report_cap = _cap("退回扣分上限")
    finding_points = _points("核查问题扣分（每条）", "1")
    finding_cap = _cap("核查问题扣分上限")
    overdue_task_points = _points("任务逾期扣分（每项）", "2")
    overdue_task_cap = _cap("任务逾期扣分上限")
    late_ack_points = _points("签收不及时扣分（每件，0为不考核）", "0")  # the office opts in
    late_ack_cap = _cap("签收不及时扣分上限")
    created_by = models.ForeignKey(User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField("创建时间", auto_now_add=True)
    updated_at = models.DateTimeField("更新时间", auto_now=True)

    class Meta:
        verbose_name = "考核方案"
        ordering = ["-year", "-created_at", "-id"]
        constraints = [models.UniqueConstraint(fields=["year", "name"], name="one_scheme_name_per_year")]

    def __str__(self) -> str:
        """The name, with the year in front unless the name already says it."""
        return self.name if str(self.year) in self.name else f"{self.year}年{self.name}"

    def points_for(self, rule: Rule) -> Decimal:
        return Decimal(getattr(self, f"{rule.value}_points"))

    def cap_for(self, rule: Rule) -> Decimal | None:
        cap = getattr(self, f"{rule.value}_cap")
        return None if cap is None else Decimal(cap)


class LeaderPoints(models.Model):
    """领导评价: points a leader or the office adds to (or takes from) a unit, with the reason."""

    scheme = models.ForeignKey(AssessmentScheme, on_delete=models.CASCADE, related_name="leader_points")
    unit = models.ForeignKey("units.Unit", on_delete=models.PROTECT, related_name="+")
    points = models.DecimalField("分值", max_digits=6, decimal_places=2, help_text="加分为正，减分为负")
    reason = models.TextField("理由")
    given_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    given_at = models.DateTimeField("评价时间", auto_now_add=True)

    class Meta:
        verbose_name = "领导评价"
        ordering = ["scheme", "unit", "given_at", "id"]

    def __str__(self) -> str:
        return f"{self.unit} {self.points:+}"
