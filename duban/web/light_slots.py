"""Kept tables with a slot per task for its 红黄绿灯, filled on each request.

A table's rows (texts, units, deadlines, accepted claims) change only with its plans'
structure and are kept until then (duban/common/freshness.py); a light changes with every
report, round and reminder in its plan. So the kept rows carry ``LIGHT_SLOT``, and each request
fills the slots with lights kept apart (``lights_kept``) until a write moves their plans' status
or the day changes: a report saved in one plan recomputes no other plan's lights. The plan page
and a unit's 台账.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable
from html import escape  # what django.utils.html.escape calls, without its lazy-string wrapper

from django.utils.safestring import SafeString, mark_safe

from duban.common.freshness import SHARED, plan_scope, plan_status_scope
from duban.common.memo import until_next_write
from duban.reporting.selectors import LightRow, TaskLight, task_lights

LIGHT_SLOT = "<!--light:{}-->"
_SLOTS = re.compile(r"<!--light:(\d+)-->")


def lights_filled(html: str, lights: dict[int, TaskLight]) -> SafeString:
    """The kept table with each task's light in its slot (a task without one keeps it empty)."""

    def light(slot: re.Match[str]) -> str:
        found = lights.get(int(slot[1]))
        if found is None:
            return ""
        return (
            f'<span class="light light-{found.light}" data-light="{found.light}">{escape(found.label)}</span>'
        )

    return mark_safe(_SLOTS.sub(light, html))  # the labels escaped above, the rest when kept


def lights_kept(
    key: str, plan_ids: Iterable[int], tasks: Callable[[], list[LightRow]], *, today: dt.date
) -> dict[int, TaskLight]:
    """The lights of the tasks a kept table shows (read by ``tasks`` when computed), kept under
    key until a write moves the structure or status of one of their plans, or what all plans
    share (the calendar), or the day changes."""
    plans = sorted(set(plan_ids))
    scopes = (SHARED, *map(plan_scope, plans), *map(plan_status_scope, plans))
    kept = until_next_write(f"{key}:lights:{today}", lambda: task_lights(tasks(), today=today), scopes=scopes)
    return kept.value
