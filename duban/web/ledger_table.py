"""A unit's 台账 rows, written out in Python as the plan page's are (duban/web/plan_table.py):
the template engine spent most of the 台账's computed time on its rows. Every text goes
through ``escape``; each row carries a light slot that ``lights_filled`` fills per request."""

from __future__ import annotations

from html import escape  # what django.utils.html.escape calls, without its lazy-string wrapper

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import Truncator

from duban.plans.choices import STATUS_COLOURS, TaskStatus
from duban.plans.selectors import LedgerRow
from duban.web.light_slots import LIGHT_SLOT

EMPTY = '<tr><td colspan="9" class="text-center text-muted py-4">该单位暂无任务</td></tr>'
TARGET_CHARS = 120  # the 年度主要目标 column shows its start: the task page has the whole text


def ledger_body(rows: list[LedgerRow]) -> SafeString:
    if not rows:
        return mark_safe(EMPTY)
    # Task pages differ only by the id at the end: one reverse() for the table, not one a row.
    task_url = reverse("plans:task", args=[0]).removesuffix("0/") + "{}/"
    return mark_safe("\n".join(_row(row, task_url) for row in rows))  # every text escaped in _row


def _row(row: LedgerRow, task_url: str) -> str:
    task = row.task
    status = TaskStatus(task.status)
    cells = [
        f'<td class="small">{escape(task.plan_title)}',
        f'<div class="text-muted">{escape(task.section_title)}</div></td>',
        f'<td class="seq">{escape(task.seq)}</td>',
        f'<td><a href="{task_url.format(task.pk)}">{escape(task.title)}</a></td>',
        f'<td class="small">{escape(Truncator(task.target).chars(TARGET_CHARS))}</td>',
        f"<td>{escape('、'.join(row.unit_roles))}</td>",
        f'<td class="units">{escape(row.lead_lines)}</td>',
        f"<td>{escape(task.deadline_text or '—')}</td>",
        f'<td><span class="badge text-bg-{STATUS_COLOURS[status]}">',
        f"{escape(status.label)}</span></td>",
        f'<td class="d-print-none">{LIGHT_SLOT.format(task.pk)}</td>',
    ]
    return "<tr>" + "".join(cells) + "</tr>"
