"""Exports in the office's own official layouts: ``render_<what>_<format>(x) -> bytes``.

The input is plain dataclasses (``model.py``) that the web app fills from its
selectors, or ``plan_export_from_doc`` fills from a parsed file. Like
``duban.ingest``, this package never imports Django. See docs/exports.md.
"""

from __future__ import annotations

from duban.exports.docx import render_plan_docx, render_round_bulletin_docx, render_unit_assignment_docx
from duban.exports.errors import ExportError
from duban.exports.from_doc import plan_export_from_doc, round_bulletin_from_doc, unit_assignment_from_doc
from duban.exports.model import (
    LEAD_ROLE,
    SHARED_ROLE,
    AssignmentRow,
    ColumnChoice,
    ExportRow,
    ExportSection,
    LaggingRow,
    PlanExport,
    ProblemRow,
    RoundBulletinExport,
    UnitAssignmentExport,
)
from duban.exports.notice_docx import NoticeExport, render_notice_docx
from duban.exports.pdf import docx_to_pdf, render_plan_pdf
from duban.exports.xlsx import render_plan_xlsx

__all__ = [
    "LEAD_ROLE",
    "SHARED_ROLE",
    "AssignmentRow",
    "ColumnChoice",
    "ExportError",
    "ExportRow",
    "ExportSection",
    "LaggingRow",
    "NoticeExport",
    "PlanExport",
    "ProblemRow",
    "RoundBulletinExport",
    "UnitAssignmentExport",
    "docx_to_pdf",
    "plan_export_from_doc",
    "render_notice_docx",
    "render_plan_docx",
    "render_plan_pdf",
    "render_plan_xlsx",
    "render_round_bulletin_docx",
    "render_unit_assignment_docx",
    "round_bulletin_from_doc",
    "unit_assignment_from_doc",
]
