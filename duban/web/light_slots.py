"""Kept tables with a slot per task for its 红黄绿灯, filled on each request.

A table's rows (texts, units, deadlines, accepted claims) change only with its plans'
structure and are kept until then (duban/common/freshness.py); a light changes with every
report, round and reminder. So the kept rows carry ``LIGHT_SLOT`` and each request fills the
slots from one narrow query (reporting.selectors.task_lights): the plan page and a unit's 台账.
"""

from __future__ import annotations

import re
from html import escape  # what django.utils.html.escape calls, without its lazy-string wrapper

from django.utils.safestring import SafeString, mark_safe

from duban.reporting.selectors import TaskLight

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
