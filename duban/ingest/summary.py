"""The readable Chinese summary `duban parse` prints for a plan."""

from __future__ import annotations

from duban.core.dates import cn_date
from duban.core.plan import PlanDoc
from duban.core.quantities import Indicator

_COMPARATORS = {">=": "≥", ">": ">", "<=": "≤", "<": "<", "=": "", "≈": "约"}


def indicator_text(indicator: Indicator) -> str:
    value = indicator.as_dict()["value"]
    comparator = _COMPARATORS.get(indicator.comparator, indicator.comparator)
    return f"{indicator.metric} {comparator}{value}{indicator.unit}"


def render_summary(plan: PlanDoc) -> str:
    """Title, period, goals, sections with their task counts, units and warnings."""
    lines = [f"文件：{plan.file}（SHA-256 {plan.sha256[:12]}…）", f"标题：{plan.title}"]
    if plan.attachment_label:
        lines.append(f"附件标注：{plan.attachment_label}")
    if plan.period_start and plan.period_end:
        lines.append(f"期间：{cn_date(plan.period_start)} 至 {cn_date(plan.period_end)}")
    if plan.goals:
        count = sum(len(g.indicators) for g in plan.goals)
        lines.append(f"目标：{len(plan.goals)} 项，指标 {count} 个")
        for number, goal in enumerate(plan.goals, start=1):
            details = "；".join(indicator_text(i) for i in goal.indicators)
            lines.append(f"  {number}. {goal.text[:30]}… [{details}]")
    lines.append(f"部分：{len(plan.sections)} 个，任务合计 {len(plan.tasks())} 项")
    for section in plan.sections:
        lines.append(f"  {section.title or '（未命名部分）'}：{len(section.tasks)} 项")
    units = plan.units()
    lines.append(f"单位：{len(units)} 个：{'、'.join(units)}")
    lines.append(f"警告：{len(plan.warnings)} 条")
    lines.extend(f"  {w.where}：{w.message}" for w in plan.warnings)
    return "\n".join(lines)
