"""System checks: the retention period may not be set below the legal minimum; the audit key file (deploy)."""

from __future__ import annotations

import stat
from typing import Any

from django.conf import settings
from django.core import checks

from duban.auditlog.keys import KeyFileError, configured, configured_path
from duban.auditlog.retention import MINIMUM_DAYS, configured_days


@checks.register("duban")
def retention_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    text = configured_days()
    if not text:
        return []
    try:
        days = int(text)
    except ValueError:
        return [
            checks.Error(
                f"DUBAN_AUDIT_RETENTION_DAYS 应为天数（整数），现为“{text}”",
                hint=f"不设置即为 {MINIMUM_DAYS} 天",
                id="auditlog.E001",
            )
        ]
    if days < MINIMUM_DAYS:
        return [
            checks.Warning(
                f"DUBAN_AUDIT_RETENTION_DAYS={days} 少于法定最低 {MINIMUM_DAYS} 天，按 {MINIMUM_DAYS} 天执行",
                hint="《网络安全法》第二十一条：网络日志留存不少于六个月",
                id="auditlog.W001",
            )
        ]
    return []


@checks.register("duban")
def audit_key_readable_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """A configured key file must be readable: without it every audited action fails (fail closed)."""
    try:
        configured()
    except KeyFileError as error:
        return [checks.Error(str(error), hint="审计记录写不进去时，相应的操作一律回滚", id="auditlog.E003")]
    return []


@checks.register("duban", deploy=True)
def audit_key_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """`duban check --deploy`: the audit key file is set, readable, outside the data folder, private."""
    path = configured_path()
    hint = "见 docs/operations.md 第 3 节“审计密钥”"
    if path is None:
        return [
            checks.Error(
                "未配置 DUBAN_AUDIT_KEY_FILE：审计日志只有哈希链，能改写数据库的人可以重算",
                hint=hint,
                id="auditlog.E002",
            )
        ]
    if not path.is_file():
        return []  # audit_key_readable_check reports it
    if path.resolve().is_relative_to(settings.DATA_DIR.resolve()):
        return [
            checks.Error(
                f"审计密钥文件 {path} 在数据目录 DUBAN_DATA_DIR 之内：会随备份外泄，也会被能改写数据的人读到",
                hint=hint,
                id="auditlog.E004",
            )
        ]
    if path.stat().st_mode & (stat.S_IRWXG | stat.S_IRWXO):
        return [
            checks.Error(
                f"审计密钥文件 {path} 对属组或其他用户可读写，应为 600（chmod 600 {path}）",
                hint=hint,
                id="auditlog.E005",
            )
        ]
    return []
