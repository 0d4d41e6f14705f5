"""System checks for the account rules that settings alone cannot express.

`duban manage check --deploy --database default` runs them all; `migrate` (and so `duban serve`
and `duban demo`) runs the database one at every start.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.contrib.auth.hashers import UNUSABLE_PASSWORD_PREFIX, check_password
from django.core.checks import CheckMessage, Error, Tags, register
from django.db import DatabaseError

from duban.accounts.policy import DEMO_PASSWORD


@register(Tags.security, Tags.database)
def no_active_superuser(
    app_configs: Any = None, databases: Sequence[str] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """No account may be a Django superuser at run time (三员分立): it would hold every right."""
    if not databases or "default" not in databases:
        return []
    from duban.accounts.models import User

    try:
        names = list(
            User.objects.filter(is_superuser=True, is_active=True).values_list("username", flat=True)
        )
    except DatabaseError:  # not migrated yet
        return []
    if not names:
        return []
    return [
        Error(
            f"存在启用的超级用户账户：{'、'.join(names)}。本系统的账户只通过角色授权，不使用超级用户。",
            hint="运行 duban manage revoke_superusers 取消超级用户标志。",
            id="accounts.E001",
        )
    ]


@register(Tags.security, deploy=True)
def demo_switches_off(app_configs: Any = None, **kwargs: Any) -> list[CheckMessage]:
    """The demo's exemption from the second factor must never reach production."""
    if not settings.DUBAN_DEMO_NO_TOTP:
        return []
    return [
        Error(
            "DUBAN_DEMO_NO_TOTP 已开启：督办员和三员登录时不再要求两步验证。",
            hint="只在本机演示（make run）时使用；生产环境删除该变量。",
            id="accounts.E002",
        )
    ]


NAMES_SHOWN = 20  # the city demo has hundreds of accounts: name the first few, count the rest


@register(Tags.security, Tags.database, deploy=True)
def no_demo_password(
    app_configs: Any = None, databases: Sequence[str] | None = None, **kwargs: Any
) -> list[CheckMessage]:
    """No active account may still log in with the demo's published password.

    Cost: one hash of the demo password per distinct stored hash, not per account. The demo
    loaders give their accounts one shared hash (the city demo) or seven; real accounts each
    have their own salt, so a database of N real accounts costs N hashes — about half a second each
    with Django's PBKDF2 (1,000,000 rounds) on a two-core server, paid only by `check --deploy`.
    """
    if not databases or "default" not in databases:
        return []
    from duban.accounts.models import User

    try:
        rows = list(
            User.objects.filter(is_active=True)
            .exclude(password="")
            .exclude(password__startswith=UNUSABLE_PASSWORD_PREFIX)
            .order_by("username")
            .values_list("username", "full_name", "password")
        )
    except DatabaseError:  # not migrated yet
        return []
    demo = {encoded for encoded in {row[2] for row in rows} if check_password(DEMO_PASSWORD, encoded)}
    names = [
        f"{username}（{full_name or username}）" for username, full_name, encoded in rows if encoded in demo
    ]
    if not names:
        return []
    shown = "、".join(names[:NAMES_SHOWN]) + (f" 等 {len(names)} 个账户" if len(names) > NAMES_SHOWN else "")
    return [
        Error(
            f"以下启用的账户仍使用演示密码登录：{shown}。演示密码是公开的，任何人都能用它登录。",
            hint="生产环境不要载入演示数据；停用这些账户，或由系统管理员重置其密码。",
            id="accounts.E003",
        )
    ]
