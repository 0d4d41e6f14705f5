"""The plan page's table rows in the office's layout, written out in Python, with a slot for each light.

The template engine spends about a quarter of a millisecond on each row of the 300-row
table (25 nodes a row); this writes the same markup about ten times faster. Every text goes
through ``escape``.

The rows (the structure: texts, units, deadlines) change only when the plan does and are
kept until then; each row's light changes with every report, so the kept rows carry a slot
that ``lights_filled`` (duban/web/light_slots.py) fills on each request from a narrow query.
"""

from __future__ import annotations

from dataclasses import dataclass
from html import escape  # what django.utils.html.escape calls, without its lazy-string wrapper

from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from duban.plans.layout import category_spans
from duban.plans.models import Plan, Section
from duban.plans.selectors import TableLine, TableTask
from duban.web.light_slots import LIGHT_SLOT

EMPTY = '<tr><td colspan="10" class="text-center text-muted py-4">没有符合条件的任务</td></tr>'


@dataclass(frozen=True)
class PlanRow:
    """A row of the plan page's table: the task, its units one a line, and how many rows its
    category cell spans (0: covered by the merged cell above)."""

    task: TableLine
    lead_lines: str
    responsible_lines: str
    category_rowspan: int
    leaders: str = ""
    milestones: str = ""
    flagged: bool = False  # 挂牌督办


def plan_rows(tasks: list[TableTask], flagged: frozenset[int] = frozenset()) -> list[PlanRow]:
    """One section's rows, its category cells merged over the tasks that share them."""
    spans = category_spans([t.task.category for t in tasks])
    return [
        PlanRow(
            t.task,
            t.lead_lines,
            t.responsible_lines,
            span,
            t.leaders,
            t.milestones,
            t.task.pk in flagged,
        )
        for t, span in zip(tasks, spans, strict=True)
    ]


def plan_table_body(
    plan: Plan, sections: list[tuple[Section, list[PlanRow]]], *, has_deadlines: bool
) -> SafeString:
    if not sections:
        return mark_safe(EMPTY)
    width = 10 if has_deadlines else 9
    # Task pages differ only by the id at the end: one reverse() for the table, not one a row.
    task_url = reverse("plans:task", args=[0]).removesuffix("0/") + "{}/"
    html = []
    for section, rows in sections:
        if len(sections) > 1 or section.title != plan.title:
            html.append(f'<tr class="section-row"><td colspan="{width}">{escape(section.title)}</td></tr>')
        html.extend(_row(row, has_deadlines, task_url) for row in rows)
    return mark_safe("\n".join(html))  # every text escaped in _row and above


def _row(row: PlanRow, has_deadlines: bool, task_url: str) -> str:
    task = row.task
    cells = [f'<td class="seq">{escape(task.seq)}</td>']
    if row.category_rowspan:
        cells.append(f'<td class="category" rowspan="{row.category_rowspan}">{escape(task.category)}</td>')
    url = task_url.format(task.pk)
    cells += [
        f'<td class="col-text"><a href="{url}">{escape(task.title)}</a>'
        f"{_number(task.number)}{_details(row)}</td>",
        f'<td class="col-text">{_lines(task.target)}</td>',
        f'<td class="col-text">{_lines(task.progress)}</td>',
        f'<td class="claim">{escape(_claim(task.completed, task.shortfall_reason))}</td>',
        f'<td class="units">{escape(row.lead_lines)}</td>',
        f'<td class="units">{escape(row.responsible_lines)}</td>',
    ]
    if has_deadlines:
        cells.append(f"<td>{escape(task.deadline_text)}</td>")
    cells.append(f'<td class="d-print-none">{LIGHT_SLOT.format(task.pk)}</td>')
    return "<tr>" + "".join(cells) + "</tr>"


def _number(number: str | None) -> str:
    """The 督办编号 under the title, small: the office quotes it on the phone."""
    return f'<div class="small text-muted task-number">{escape(number)}</div>' if number else ""


def _details(row: PlanRow) -> str:
    """Under the title: the leaders, the 进度安排 steps, and the flags a re-import or the table set."""
    parts = []
    if row.leaders:
        parts.append(f'<div class="small text-muted task-leaders">责任领导：{escape(row.leaders)}</div>')
    if row.milestones:
        parts.append(
            f'<div class="small text-muted task-milestones">进度安排：{escape(row.milestones)}</div>'
        )
    if row.flagged:
        parts.append('<span class="badge text-bg-dark me-1 task-flagged">挂牌督办</span>')
    if row.task.behind_schedule:
        parts.append('<span class="badge text-bg-warning">进度滞后</span>')
    if row.task.missing_from_file:
        parts.append('<span class="badge text-bg-secondary">文件中已无此项</span>')
    return "".join(parts)


def _lines(text: str) -> str:
    """Django's linebreaksbr: the text escaped, each line break a <br>."""
    return escape(text).replace("\r\n", "\n").replace("\r", "\n").replace("\n", "<br>")


def _claim(completed: bool | None, reason: str) -> str:
    if completed is True:
        return "是"
    if completed is False:
        return f"否（{reason}）" if reason else "否"
    return ""
