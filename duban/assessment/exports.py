"""The ranking as .xlsx: one sheet of totals, one of every deduction with its task and date.

Every text cell passes through ``spreadsheet_text``: a unit or task name that
starts with = + - @ is written as text, never as a formula.
"""

from __future__ import annotations

import datetime as dt
import io
from typing import Any

import openpyxl
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from duban.assessment.choices import Rule
from duban.assessment.models import AssessmentScheme
from duban.assessment.selectors import Deduction, UnitScore
from duban.core.dates import cn_date
from duban.exports.text import spreadsheet_text

DATE_FORMAT = 'yyyy"年"m"月"d"日"'
RANKING_HEADER = ["排名", "单位", "基础分", *(f"{r.label}扣分" for r in Rule), "扣分合计", "领导评价", "总分"]
DETAIL_HEADER = ["单位", "扣分项", "扣分", "日期", "计划", "序号", "任务", "说明"]
WIDTHS = {"单位": 24, "任务": 40, "说明": 50, "计划": 30, "日期": 16}


def render_ranking_xlsx(scheme: AssessmentScheme, scores: list[UnitScore], as_of: dt.date) -> bytes:
    workbook = openpyxl.Workbook()
    ranking = workbook.active
    ranking.title = "考核排名"
    workbook.properties.title, workbook.properties.creator = str(scheme), "重点工作督查督办平台"
    title = f"{scheme}（截至{cn_date(as_of)}）"
    _sheet(ranking, title, RANKING_HEADER, [_ranking_row(s) for s in scores])
    details = workbook.create_sheet("扣分明细")
    rows = [_detail_row(s, d) for s in scores for d in s.deductions]
    _sheet(details, f"{title}扣分明细", DETAIL_HEADER, rows)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _ranking_row(score: UnitScore) -> list[Any]:
    by_rule = [-t.points for t in score.rule_totals()]
    return [score.rank, score.unit.name, score.base, *by_rule, -score.deducted, score.added, score.total]


def _detail_row(score: UnitScore, deduction: Deduction) -> list[Any]:
    task = deduction.task
    return [
        score.unit.name,
        deduction.rule.label,
        -deduction.points,
        deduction.date,
        task.plan.title,
        task.seq,
        task.title,
        deduction.note,
    ]


def _sheet(ws: Any, title: str, header: list[str], rows: list[list[Any]]) -> None:
    ws.append([spreadsheet_text(title)])
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws["A1"].font = Font(bold=True, size=14)
    ws.append(header)
    for cell in ws[2]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="F0F0F0")
        cell.alignment = Alignment(horizontal="center", vertical="center")
    for row in rows:
        ws.append([_cell(value) for value in row])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, dt.date):
                cell.number_format = DATE_FORMAT
    for index, name in enumerate(header, start=1):
        ws.column_dimensions[get_column_letter(index)].width = WIDTHS.get(name, 12)
    ws.freeze_panes = "A3"


def _cell(value: Any) -> Any:
    return spreadsheet_text(value) if isinstance(value, str) else value
