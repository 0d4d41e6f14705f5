"""How long audit rows are kept: at least 180 days (《网络安全法》第二十一条).

The app never deletes audit rows (the table is append-only); the setting states the
period the operator commits to and is shown to auditors. Archiving is
`duban audit-log export`, which copies rows out and deletes nothing.
"""

from __future__ import annotations

import os

from django.conf import settings

MINIMUM_DAYS = 180


def configured_days() -> str:
    """DUBAN_AUDIT_RETENTION_DAYS from the settings module, else from the environment ("" when unset)."""
    value = getattr(settings, "DUBAN_AUDIT_RETENTION_DAYS", None)
    if value is None:
        value = os.environ.get("DUBAN_AUDIT_RETENTION_DAYS", "")
    return str(value).strip()


def retention_days() -> int:
    """The period in force: the configured number of days, never less than 180."""
    text = configured_days()
    try:
        days = int(text) if text else MINIMUM_DAYS
    except ValueError:
        days = MINIMUM_DAYS
    return max(days, MINIMUM_DAYS)
