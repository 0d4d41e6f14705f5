"""Exports of the seed 000 (霞客湾科学城2025年重点工作安排表), made once and shared by the suite.

LibreOffice takes a second or two per start, so every file the suite wants
rendered goes through one conversion run.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from duban.core.plan import PlanDoc
from duban.demo import KEY_WORK_2025
from duban.exports import (
    PlanExport,
    RoundBulletinExport,
    UnitAssignmentExport,
    plan_export_from_doc,
    render_plan_docx,
    render_plan_xlsx,
    render_round_bulletin_docx,
    render_unit_assignment_docx,
    round_bulletin_from_doc,
    unit_assignment_from_doc,
)
from duban.exports.pdf import convert_to_pdf
from duban.ingest import parse_file
from tests.exports.pdftools import pdf_text

ISSUED_ON = dt.date(2025, 11, 25)


@pytest.fixture(scope="session")
def seed() -> PlanDoc:
    return parse_file(KEY_WORK_2025)


@pytest.fixture(scope="session")
def seed_export(seed: PlanDoc) -> PlanExport:
    return plan_export_from_doc(seed, generated_on=ISSUED_ON)


@pytest.fixture(scope="session")
def assignment(seed: PlanDoc) -> UnitAssignmentExport:
    return unit_assignment_from_doc(seed, "青阳镇", issued_on=ISSUED_ON, office="霞科办")


@pytest.fixture(scope="session")
def bulletin(seed: PlanDoc) -> RoundBulletinExport:
    return round_bulletin_from_doc(seed, round_label="2025年11月", issued_on=ISSUED_ON, office="霞科办")


@pytest.fixture(scope="session")
def exported(
    tmp_path_factory: pytest.TempPathFactory,
    seed_export: PlanExport,
    assignment: UnitAssignmentExport,
    bulletin: RoundBulletinExport,
) -> dict[str, Path]:
    """The four exported files on disk, named as a user would download them."""
    folder = tmp_path_factory.mktemp("exports")
    files = {
        "plan.docx": render_plan_docx(seed_export),
        "plan.xlsx": render_plan_xlsx(seed_export),
        "assignment.docx": render_unit_assignment_docx(assignment),
        "bulletin.docx": render_round_bulletin_docx(bulletin),
    }
    for name, data in files.items():
        (folder / name).write_bytes(data)
    return {name: folder / name for name in files}


@pytest.fixture(scope="session")
def exported_pdfs(exported: dict[str, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Each exported file opened by LibreOffice and printed to PDF, in one LibreOffice run."""
    out = tmp_path_factory.mktemp("pdf")
    return dict(zip(exported, convert_to_pdf(list(exported.values()), out), strict=True))


@pytest.fixture(scope="session")
def pdf_texts(exported_pdfs: dict[str, Path]) -> dict[str, str]:
    """Each exported file's PDF as pdftotext reads it."""
    return {name: pdf_text(pdf) for name, pdf in exported_pdfs.items()}
