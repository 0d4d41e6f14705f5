"""The readable Chinese list `duban audit` prints, grouped by severity."""

from __future__ import annotations

import datetime as dt

from duban.core.consistency.model import SEVERITY_ORDER, Evidence, Finding
from duban.core.consistency.wording import quote
from duban.core.plan import PlanDoc


def render_findings(plan: PlanDoc, findings: list[Finding], today: dt.date | None) -> str:
    """Return the findings as text: a heading with counts, then one block per severity."""
    as_of = today.isoformat() if today else "未指定"
    lines = [f"审核：{plan.title}（{plan.file}）", f"截至日期：{as_of}"]
    if not findings:
        lines.append("未发现问题。")
        return "\n".join(lines)
    counts = "，".join(
        f"{severity.value}{n}条"
        for severity in SEVERITY_ORDER
        if (n := sum(1 for f in findings if f.severity is severity))
    )
    lines.append(f"发现问题{len(findings)}条：{counts}")
    for severity in SEVERITY_ORDER:
        group = [f for f in findings if f.severity is severity]
        if not group:
            continue
        lines.extend(["", f"【{severity.value}】{len(group)}条"])
        for number, finding in enumerate(group, start=1):
            lines.extend(_finding_lines(number, finding))
    return "\n".join(lines)


def _finding_lines(number: int, finding: Finding) -> list[str]:
    """Return the lines of one finding: where, what, and the evidence."""
    lines = [
        f"{number}. {finding.section} 第{finding.seq}项 {finding.task_title}（{finding.check}）",
        f"   {finding.message}",
    ]
    lines.extend(f"   依据：{_evidence_text(e)}" for e in finding.evidence)
    return lines


def _evidence_text(evidence: Evidence) -> str:
    """Write one piece of evidence as 对照“…”；填报“…” (the target, goal or text compared with)."""
    return f"对照{quote(evidence.target)}；填报{quote(evidence.actual)}"
