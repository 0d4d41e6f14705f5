"""导出PDF: the dashboard on one A4 landscape page, made by LibreOffice on the server."""

from __future__ import annotations

import subprocess
from collections.abc import Callable
from pathlib import Path

from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.auditlog.models import AuditEntry
from duban.exports.dashboard import (
    CountRow,
    DashboardExport,
    LightKey,
    RedItem,
    render_dashboard_html,
    render_dashboard_pdf,
)
from duban.plans.models import Plan
from duban.reporting.models import ReportingRound
from tests.exports.pdftools import pdf_text


def _pdf_info(pdf: Path) -> dict[str, str]:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return {
        k.strip(): v.strip() for k, v in (line.split(":", 1) for line in info.splitlines() if ":" in line)
    }


def test_the_leader_downloads_the_dashboard_as_one_a4_landscape_page(
    november: ReportingRound,
    plan_2025: Plan,
    zhang: User,
    client_for: Callable[[User], Client],
    tmp_path: Path,
) -> None:
    response = client_for(zhang).get(reverse("dashboards:pdf"))
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename*=utf-8''")
    pdf = tmp_path / "board.pdf"
    pdf.write_bytes(response.content)
    info = _pdf_info(pdf)
    assert info["Pages"] == "1"
    assert info["Page size"].startswith("841.89 x 595.")  # A4 landscape, in points
    text = pdf_text(pdf)
    for words in (
        "领导驾驶舱",
        "各计划红黄绿灯",
        "霞客湾科学城2025年重点工作安排表",
        "配色：绿/黄/红",
        "各牵头单位",
    ):
        assert words in text
    assert AuditEntry.objects.filter(action="export", actor=zhang, message__startswith="领导驾驶舱").exists()


def _board(**changes: object) -> DashboardExport:
    lights = (LightKey("已完成", "#198754"), LightKey("逾期", "#dc3545"))
    values: dict[str, object] = {
        "title": "领导驾驶舱 2025年",
        "as_of": "截至 2025年11月20日",
        "scheme": "绿/黄/红",
        "lights": lights,
        "plans": (CountRow("<script>计划", (3, 1), 75),),
        "units": tuple(CountRow(f"单位{i}", (1, 0), 100) for i in range(16)),
        "categories": (("体制机制（霞客湾科学城2025年重点工作安排表）", 50),),
        "rounds": (),
        "red": (RedItem("逾期", "计划", "54", "土地征迁清障", "青阳镇", "2025年10月底"),),
    }
    values.update(changes)
    return DashboardExport(**values)  # type: ignore[arg-type]


def test_the_page_escapes_what_users_typed_and_says_how_many_rows_paper_leaves_out() -> None:
    page = render_dashboard_html(_board())
    assert "<script>" not in page and "&lt;script&gt;计划" in page
    assert "列出前 15 项，共 16 项" in page
    assert "当前没有进行中的填报轮次" in page


def test_a_crowded_year_still_fits_one_page(tmp_path: Path) -> None:
    """Five plans, thirty categories, forty units, thirty red tasks with long names: paper keeps the
    first rows of each list and says how many there are, on one page."""
    plan = "霞客湾科学城2025年重点工作安排表（第二批）"
    board = _board(
        plans=tuple(CountRow(f"{plan}{i}", (30, 4), 88) for i in range(5)),
        units=tuple(CountRow(f"江阴市自然资源和规划局{i}", (5, 2), 71) for i in range(40)),
        categories=tuple((f"建立一条人才“绿色通道”（{plan}{i}）", 50) for i in range(30)),
        rounds=tuple(
            f"{plan} · 2025年{m}月：已提交 40/73；未提交：" + "、".join(["市交通运输局"] * 20)
            for m in (9, 10, 11)
        ),
        red=tuple(
            RedItem(
                "逾期",
                plan,
                str(i),
                "清华大学宽视场巡天望远镜精密光电系统研发（MUST）项目",
                "青阳镇、月城镇",
                "2025年10月底",
            )
            for i in range(30)
        ),
    )
    pdf = tmp_path / "crowded.pdf"
    pdf.write_bytes(render_dashboard_pdf(board))
    assert _pdf_info(pdf)["Pages"] == "1"
