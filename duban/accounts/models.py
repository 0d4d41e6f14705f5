from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.core.exceptions import ValidationError
from django.db import models

from duban.accounts.choices import ROLES_SEEING_ALL_TASKS, UNIT_ROLES, Role


class User(AbstractUser):
    """One named account per person, with one role and, for unit roles, one unit."""

    full_name = models.CharField("姓名", max_length=50, blank=True)
    role = models.CharField("角色", max_length=20, choices=Role.choices)
    unit = models.ForeignKey(
        "units.Unit",
        verbose_name="所属单位",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )

    class Meta:
        verbose_name = "用户"

    def clean(self) -> None:
        if self.role in UNIT_ROLES and self.unit_id is None:
            raise ValidationError({"unit": "单位填报员和单位审核人必须属于一个单位"})

    @property
    def sees_all_tasks(self) -> bool:
        return self.role in ROLES_SEEING_ALL_TASKS

    @property
    def is_unit_user(self) -> bool:
        return self.role in UNIT_ROLES

    @property
    def can_import(self) -> bool:
        return self.role == Role.SUPERVISOR

    @property
    def can_manage_units(self) -> bool:
        return self.role in {Role.SUPERVISOR, Role.SYSADMIN}

    @property
    def can_read_audit_log(self) -> bool:
        return self.role == Role.AUDITOR

    def display_name(self) -> str:
        return self.full_name or self.username
