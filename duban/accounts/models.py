from __future__ import annotations

from collections.abc import Callable
from typing import Any, ClassVar, NoReturn

from django.contrib.auth.models import AbstractUser, UserManager
from django.core.exceptions import ValidationError
from django.db import models

from duban.common.roles import ADMIN_ROLES, ROLES_SEEING_ALL_TASKS, UNIT_ROLES, Role
from duban.core import clock


class DubanUserManager(UserManager["User"]):
    """Django's manager, minus superusers: every account here works through one role."""

    def create_superuser(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise ValidationError(
            "本系统不使用超级用户（三员分立）。请用 duban manage admin_account 建立系统管理员、"
            "安全管理员或审计管理员账户。"
        )


class AccountSource(models.TextChoices):
    """Where an account's password is checked: here, in the office's LDAP/AD directory, or by its
    统一身份认证 platform (OpenID Connect)."""

    LOCAL = "local", "本地账户"
    DIRECTORY = "directory", "目录账户"
    OIDC = "oidc", "统一身份认证账户"


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
    password_changed_at = models.DateTimeField("密码修改时间", null=True, blank=True)
    must_change_password = models.BooleanField("下次登录须修改密码", default=False)
    # Fixed when the account is made: a directory login never signs in a local account of the
    # same name, nor a local password a directory account (duban/accounts/backends.py).
    source = models.CharField(
        "账户来源", max_length=10, choices=AccountSource.choices, default=AccountSource.LOCAL, editable=False
    )
    # The identity platform's subject (OIDC ``sub``): the account is found by it, never by its name.
    external_id = models.CharField(
        "统一身份认证标识", max_length=255, blank=True, editable=False, db_index=True
    )

    objects: ClassVar[DubanUserManager] = DubanUserManager()

    # Set on the request's user by django_otp's OTPMiddleware: True once a second factor passed.
    is_verified: Callable[[], bool]

    class Meta:
        verbose_name = "用户"

    def clean(self) -> None:
        if self.role in UNIT_ROLES and self.unit_id is None:
            raise ValidationError({"unit": "单位填报员和单位审核人必须属于一个单位"})
        if self.is_superuser:
            raise ValidationError("本系统不使用超级用户")

    def set_password(self, raw_password: str | None) -> None:
        """Django's hashing, plus the date the password age is counted from."""
        super().set_password(raw_password)
        self.password_changed_at = clock.now()

    @property
    def sees_all_tasks(self) -> bool:
        return self.role in ROLES_SEEING_ALL_TASKS

    @property
    def is_unit_user(self) -> bool:
        return self.role in UNIT_ROLES

    @property
    def is_administrator(self) -> bool:
        return self.role in ADMIN_ROLES

    @property
    def can_import(self) -> bool:
        return self.role == Role.SUPERVISOR

    @property
    def can_manage_units(self) -> bool:
        return self.role in {Role.SUPERVISOR, Role.SYSADMIN}

    @property
    def can_manage_accounts(self) -> bool:
        return self.role == Role.SYSADMIN

    @property
    def can_grant(self) -> bool:
        return self.role == Role.SECADMIN

    @property
    def can_read_audit_log(self) -> bool:
        return self.role == Role.AUDITOR

    @property
    def is_directory_account(self) -> bool:
        """The password is kept elsewhere: the office's directory or its identity platform."""
        return self.source != AccountSource.LOCAL

    def display_name(self) -> str:
        return self.full_name or self.username
