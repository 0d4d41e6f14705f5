"""Changing accounts. Each function is one audited transaction.

三员分立 — who may do what to whom:

- 系统管理员 creates accounts of any role except 安全管理员 and 审计管理员; deactivates and
  re-activates accounts; resets a password (the holder must change it at next login) or a second
  factor. Never on a 安全管理员 or 审计管理员 account, never on its own account.
- 安全管理员 sets the role and unit of a business account (grants), never of an administrator
  and never its own; it grants business roles only.
- 审计管理员 reads the audit log and changes nothing.
- One role per account, so no account is two administrators. Administrator accounts are made
  and reset only on the server (`duban manage admin_account`), and no account is a superuser.
"""

from __future__ import annotations

import secrets

from axes.utils import reset as axes_reset
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django_otp import devices_for_user
from django_otp.plugins.otp_totp.models import TOTPDevice

from duban.accounts.models import User
from duban.accounts.password_validation import CLASSES, character_classes
from duban.auditlog.choices import Action, Result
from duban.auditlog.services import audit_record, field_changes
from duban.common.roles import (
    ROLES_BEYOND_SYSADMIN,
    ROLES_SECADMIN_MAY_GRANT,
    ROLES_SYSADMIN_MAY_CREATE,
    Role,
)
from duban.units.models import Unit

TEMPORARY_PASSWORD_LENGTH = 14
_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789@#%+=?"  # no 0/O, 1/l/I


def _refuse(actor: User, what: str) -> None:
    """Audit the refusal outside any transaction, so it survives the exception."""
    audit_record(actor=actor, action=Action.DENIED, result=Result.FAILURE, message=what)
    raise PermissionDenied(what)


def _require_sysadmin_over(actor: User, user: User, what: str) -> None:
    if not actor.can_manage_accounts:
        _refuse(actor, f"只有系统管理员可以{what}")
    if user.pk == actor.pk:
        _refuse(actor, f"不能对自己的账户{what}")
    if user.role in ROLES_BEYOND_SYSADMIN:
        _refuse(actor, f"系统管理员不能对{user.get_role_display()}账户{what}（三员分立）")


def temporary_password(user: User | None = None) -> str:
    """A random password that passes the policy, to be changed at first login."""
    while True:
        password = "".join(secrets.choice(_ALPHABET) for _ in range(TEMPORARY_PASSWORD_LENGTH))
        try:
            validate_password(password, user)
        except ValidationError:
            continue
        if character_classes(password) == len(CLASSES):
            return password


def _issue_password(user: User) -> str:
    password = temporary_password(user)
    user.set_password(password)
    user.must_change_password = True
    return password


def account_create(
    *, actor: User, username: str, full_name: str, role: Role, unit: Unit | None
) -> tuple[User, str]:
    """A new named account with a temporary password its holder must change at first login."""
    if not actor.can_manage_accounts:
        _refuse(actor, "只有系统管理员可以建立账户")
    if role not in ROLES_SYSADMIN_MAY_CREATE:
        label = Role(role).label
        _refuse(actor, f"系统管理员不能在网页上建立{label}账户（三员分立：三员账户只能在服务器上建立）")
    with transaction.atomic():
        user = User(username=username, full_name=full_name, role=role, unit=unit)
        password = _issue_password(user)
        user.full_clean()
        user.save()
        changes = {"username": [None, username], "role": [None, role], "unit": [None, str(unit or "")]}
        audit_record(actor=actor, action=Action.CREATE, obj=user, changes=changes, message="建立账户")
    return user, password


def account_set_active(*, actor: User, user: User, active: bool) -> User:
    """Deactivate (the account can no longer log in; its history stays) or re-activate."""
    what = "启用账户" if active else "停用账户"
    _require_sysadmin_over(actor, user, what)
    with transaction.atomic():
        changes = field_changes({"is_active": user.is_active}, {"is_active": active})
        user.is_active = active
        user.save(update_fields=["is_active"])
        audit_record(actor=actor, action=Action.UPDATE, obj=user, changes=changes, message=what)
    return user


def account_password_reset(*, actor: User, user: User) -> str:
    """A new temporary password, changed at next login; it also lifts a login lockout."""
    _require_sysadmin_over(actor, user, "重置密码")
    with transaction.atomic():
        password = _issue_password(user)
        user.save(update_fields=["password", "password_changed_at", "must_change_password"])
        axes_reset(username=user.username)
        audit_record(actor=actor, action=Action.UPDATE, obj=user, message="重置密码并解除登录锁定")
    return password


def account_otp_reset(*, actor: User, user: User) -> User:
    """Forget the account's authenticator (a lost phone): it enrols a new one at next login."""
    _require_sysadmin_over(actor, user, "重置两步验证")
    with transaction.atomic():
        TOTPDevice.objects.filter(user=user).delete()
        audit_record(actor=actor, action=Action.UPDATE, obj=user, message="重置两步验证")
    return user


def account_grant(*, actor: User, user: User, role: Role, unit: Unit | None) -> User:
    """Set a business account's role and unit (授权)."""
    if not actor.can_grant:
        _refuse(actor, "只有安全管理员可以授权")
    if user.pk == actor.pk:
        _refuse(actor, "不能修改自己的角色")
    if user.is_administrator:
        _refuse(actor, f"不能修改{user.get_role_display()}的角色（三员分立，须在服务器上办理）")
    if role not in ROLES_SECADMIN_MAY_GRANT:
        _refuse(actor, f"安全管理员不能授予{Role(role).label}角色（三员分立）")
    with transaction.atomic():
        before = {"role": user.role, "unit": str(user.unit or "")}
        user.role, user.unit = role, unit
        user.full_clean()
        user.save(update_fields=["role", "unit"])
        changes = field_changes(before, {"role": role, "unit": str(unit or "")})
        audit_record(actor=actor, action=Action.UPDATE, obj=user, changes=changes, message="授权")
    return user


def password_change(*, user: User, raw_password: str) -> User:
    """The holder sets a new password (validated by the caller's form)."""
    with transaction.atomic():
        user.set_password(raw_password)
        user.must_change_password = False
        user.save(update_fields=["password", "password_changed_at", "must_change_password"])
        audit_record(actor=user, action=Action.UPDATE, obj=user, message="修改密码")
    return user


def otp_device_pending(*, user: User) -> TOTPDevice:
    """The authenticator being set up: unconfirmed until the holder types its first code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name="验证器", confirmed=False)


def otp_device_confirm(*, user: User, device: TOTPDevice, token: str) -> bool:
    """Confirm the pending authenticator with its first code; other devices are dropped."""
    with transaction.atomic():
        if not device.verify_token(token):
            audit_record(
                actor=user,
                action=Action.LOGIN_FAILED,
                result=Result.FAILURE,
                message="绑定验证器：验证码错误",
            )
            return False
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        audit_record(actor=user, action=Action.UPDATE, obj=user, message="绑定两步验证器")
    return True


def otp_has_device(user: User) -> bool:
    return any(devices_for_user(user, confirmed=True))


def admin_account_ensure(*, username: str, role: Role, full_name: str = "") -> tuple[User, str]:
    """On the server: create an administrator, or reset its password and authenticator."""
    with transaction.atomic():
        user = User.objects.filter(username=username).first() or User(username=username)
        created = user.pk is None
        user.role, user.full_name = role, full_name or user.full_name
        user.is_active, user.is_superuser, user.is_staff = True, False, False
        password = _issue_password(user)
        user.full_clean()
        user.save()
        TOTPDevice.objects.filter(user=user).delete()
        axes_reset(username=username)
        message = "服务器上建立管理员账户" if created else "服务器上重置管理员账户"
        audit_record(
            actor=None, action=Action.CREATE if created else Action.UPDATE, obj=user, message=message
        )
    return user, password


def superusers_revoke() -> list[str]:
    """Take the superuser flag off every account (run-time superusers are not allowed)."""
    with transaction.atomic():
        users = list(User.objects.filter(is_superuser=True))
        for user in users:
            user.is_superuser = user.is_staff = False
            user.save(update_fields=["is_superuser", "is_staff"])
            audit_record(actor=None, action=Action.UPDATE, obj=user, message="取消超级用户")
    return [u.username for u in users]


def users_unit_merge(*, source: Unit, target: Unit, **_: object) -> dict[str, int]:
    """``unit_merging``: a merged unit's accounts belong to the unit it was merged into."""
    return {"users": User.objects.filter(unit=source).update(unit=target)}
