"""Telling people that an account was locked after repeated login failures from an address.

The lock is one audit row on the account. Its holder and every active 安全管理员 get a mail if
their account has an address, each mail audited as sent or failed; whoever has none sees the
lock in a message at their next login (`lock_notices_for`), read back from the same audit rows.
"""

from __future__ import annotations

import logging
import smtplib

from django.conf import settings
from django.core.mail import send_mail

from duban.accounts.lockout import LOCKED_NOTE
from duban.accounts.models import User
from duban.auditlog.choices import Action, Result
from duban.auditlog.models import AuditEntry
from duban.auditlog.services import audit_record
from duban.common.roles import Role
from duban.core import clock

log = logging.getLogger(__name__)
SUBJECT = "【账户安全】登录锁定提醒"


def lockout_notify(*, username: str, address: str | None) -> AuditEntry:
    """Audit the lock of `username` at `address`; mail the holder and the 安全管理员 if it exists.

    An unknown name is audited only: there is nobody to tell, and it must not look different.
    """
    minutes = settings.DUBAN_LOCKOUT_MINUTES
    account = User.objects.filter(username=username, is_active=True).first()
    message = f"用户名：{username}，来源地址 {address or '未知'} {LOCKED_NOTE}，锁定 {minutes} 分钟"
    entry = audit_record(
        actor=None, action=Action.LOGIN_FAILED, obj=account, result=Result.FAILURE, message=message
    )
    if account is not None:
        _tell(account, address)
    return entry


def _tell(account: User, address: str | None) -> None:
    """Mail the holder, and every active 安全管理员 but the holder, that have an address."""
    when = clock.local_now().strftime("%Y-%m-%d %H:%M")
    minutes = settings.DUBAN_LOCKOUT_MINUTES
    what = f"于 {when} 因来自 {address or '未知地址'} 的连续登录失败，被禁止从该地址登录 {minutes} 分钟"
    holder = f"{account.display_name()}：您的账户（用户名 {account.username}）{what}。"
    _mail(account, account, holder + "从其他地址登录不受影响。如非本人操作，请联系安全管理员。")
    secadmins = (
        User.objects.filter(role=Role.SECADMIN, is_active=True).exclude(email="").exclude(pk=account.pk)
    )
    for secadmin in secadmins:
        _mail(
            secadmin,
            account,
            f"{secadmin.display_name()}：账户 {account.username}（{account.display_name()}）{what}。",
        )


def _mail(recipient: User, account: User, text: str) -> None:
    """One mail, audited on the locked account; a failure to send is recorded, never raised."""
    if not recipient.email:
        return
    try:
        send_mail(SUBJECT, text, settings.DEFAULT_FROM_EMAIL, [recipient.email])
    except (OSError, smtplib.SMTPException) as error:
        log.warning("lock notice to %s not sent: %s", recipient.email, error)
        message, result = f"登录锁定提醒邮件未能发给 {recipient.display_name()}：{error}", Result.FAILURE
    else:
        message, result = (
            f"登录锁定提醒已发邮件给 {recipient.display_name()}（{recipient.email}）",
            Result.SUCCESS,
        )
    # A login-failure row, not a write: a mail changes no data any page shows.
    audit_record(actor=None, action=Action.LOGIN_FAILED, obj=account, result=result, message=message)


def lock_notices_for(user: User) -> list[str]:
    """Locks since the user's previous login: of their own account, and for a 安全管理员, of any."""
    locks = AuditEntry.objects.filter(action=Action.LOGIN_FAILED, message__contains=LOCKED_NOTE)
    if user.last_login is not None:
        locks = locks.filter(at__gt=user.last_login)
    if user.role == Role.SECADMIN and not user.email:  # no mail came: every account's locks
        locks = locks.filter(object_type=User._meta.label)
    else:
        locks = locks.filter(object_type=User._meta.label, object_id=str(user.pk))
    return [
        f"{entry.at.astimezone(clock.OFFICE_ZONE):%Y-%m-%d %H:%M} {entry.message}"
        for entry in locks.order_by("at")[:20]
    ]
