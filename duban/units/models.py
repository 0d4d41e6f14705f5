from __future__ import annotations

from django.db import models

from duban.units.choices import UnitKind


class Unit(models.Model):
    """A department, town, company or university that owns tasks and has users."""

    name = models.CharField("单位名称", max_length=100, unique=True)
    kind = models.CharField("类型", max_length=20, choices=UnitKind.choices, default=UnitKind.OTHER)
    emails = models.CharField("催办邮箱", max_length=500, blank=True, help_text="多个地址用逗号分隔")
    webhook_url = models.URLField("群机器人地址", max_length=500, blank=True)
    webhook_kind = models.CharField(
        "群机器人类型",
        max_length=20,
        blank=True,
        choices=[("wecom", "企业微信"), ("dingtalk", "钉钉")],
    )
    # 二次分解: a 科室 or a village sits under the unit that splits its tasks for it (a tree,
    # kept free of cycles by unit_parent_set).
    parent = models.ForeignKey(
        "self",
        verbose_name="上级单位",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="children",
    )
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "单位"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class UnitAlias(models.Model):
    """Another spelling of the same unit: 市自然资源和规划局 = 市自然资源规划局."""

    name = models.CharField("别名", max_length=100, unique=True)
    unit = models.ForeignKey(Unit, verbose_name="单位", on_delete=models.CASCADE, related_name="aliases")

    class Meta:
        verbose_name = "单位别名"
        ordering = ["name"]

    def __str__(self) -> str:
        return f"{self.name} → {self.unit.name}"


class UnitGroup(models.Model):
    """A collective name standing for several units (各镇街园区, 市属国有企业)."""

    name = models.CharField("组名", max_length=100, unique=True)
    members = models.ManyToManyField(Unit, verbose_name="成员单位", related_name="groups", blank=True)

    class Meta:
        verbose_name = "单位组"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name
