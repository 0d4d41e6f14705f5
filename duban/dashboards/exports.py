"""The dashboard as the export layer's typed model (duban/exports/dashboard.py draws the page)."""

from __future__ import annotations

import datetime as dt

from duban.core.dates import cn_date
from duban.core.lights import LABELS, SCHEME_NAMES, chart_colours
from duban.dashboards.selectors import LIGHT_ORDER, Dashboard, LightRow, RedTask, RoundProgress
from duban.exports.dashboard import CountRow, DashboardExport, LightKey, RedItem
from duban.reporting.selectors import light_config


def dashboard_export(board: Dashboard, *, as_of: dt.datetime) -> DashboardExport:
    config = light_config()
    colours = chart_colours(config.scheme)
    return DashboardExport(
        title=f"领导驾驶舱 {board.year}年",
        as_of=f"截至 {cn_date(board.today)}（数据更新于 {as_of:%H:%M}）",
        scheme=SCHEME_NAMES.get(config.scheme_name, config.scheme_name),
        lights=tuple(LightKey(LABELS[light], colours[light]) for light in LIGHT_ORDER),
        plans=tuple(_count_row(row) for row in board.plans),
        units=tuple(_count_row(row) for row in board.units),
        categories=tuple((row.label, row.done_share) for row in board.categories),
        rounds=tuple(_round_line(p) for p in board.rounds),
        red=tuple(_red_item(item) for item in board.red_tasks),
    )


def _round_line(p: RoundProgress) -> str:
    due = p.round.due_date
    return (
        f"{p.round.plan.title} · {p.round.label}（截止 {due.month}月{due.day}日）："
        f"已提交 {p.submitted}/{p.total}，已通过 {p.accepted}"
        + (f"；未提交：{_names(p.missing_units)}" if p.missing_units else "")
    )


def _names(units: list[str], shown: int = 8) -> str:
    """The first units by name, and how many there are in all when there are more."""
    return "、".join(units) if len(units) <= shown else f"{'、'.join(units[:shown])}等{len(units)}个单位"


def _count_row(row: LightRow) -> CountRow:
    return CountRow(row.label, tuple(row.ordered_counts()), row.done_share)


def _red_item(item: RedTask) -> RedItem:
    task = item.task
    return RedItem(
        item.light.label,
        task.plan.title,
        task.seq,
        task.title,
        "、".join(item.lead_units),
        task.deadline_text,
    )
