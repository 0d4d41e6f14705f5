"""System checks for the account rules that settings alone cannot express.

`duban manage check --deploy --database default` runs them all; `migrate` (and so `duban serve`
and `duban demo`) runs the database one at every start.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.checks import CheckMessage, Error, Tags, register
from django.db import DatabaseError


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
