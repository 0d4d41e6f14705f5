"""Legacy .doc and .xls files go through LibreOffice and read like their modern forms."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

from duban.demo import KEY_WORK_2025
from duban.ingest import IngestError, legacy, parse_file
from tests.builders import TableSpec, spec_from_text_table, write_docx, write_xlsx
from tests.ingest.test_office_files import KEY_WORK_COLUMNS

_FILTERS = {"doc": "doc:MS Word 97", "xls": "xls:MS Excel 97", "odt": "odt"}


def _convert(path: Path, target: str) -> Path:
    soffice = legacy.soffice()
    assert soffice, "LibreOffice is required by these tests: run scripts/system-packages.sh"
    out = path.parent / target
    subprocess.run(
        [
            soffice,
            f"-env:UserInstallation=file://{path.parent / 'profile'}",
            "--headless",
            "--convert-to",
            _FILTERS[target],
            "--outdir",
            str(out),
            str(path),
        ],
        capture_output=True,
        timeout=120,
        check=True,
    )
    return out / f"{path.stem}.{target}"


def _save_as(path: Path, target: str) -> Path:
    """Let LibreOffice write the legacy file, as an office's old Word or Excel would have.

    LibreOffice drops python-docx tables when writing .doc straight from .docx, so
    the Word file goes through its own .odt first.
    """
    return _convert(_convert(path, "odt"), target) if target == "doc" else _convert(path, target)


@pytest.fixture(scope="module")
def spec() -> TableSpec:
    return spec_from_text_table(KEY_WORK_2025.read_text("utf-8"), merge_columns=KEY_WORK_COLUMNS)


def test_a_doc_file_reads_like_its_docx(spec: TableSpec, tmp_path: Path) -> None:
    docx_path = write_docx(spec, tmp_path / "安排表.docx")
    doc_path = _save_as(docx_path, "doc")
    plan = parse_file(doc_path)
    assert [len(s.tasks) for s in plan.sections] == [55, 18]
    assert plan.tasks()[4].lead_units == ["霞科办"]


def test_an_xls_file_reads_like_its_xlsx(spec: TableSpec, tmp_path: Path) -> None:
    xls_path = _save_as(write_xlsx(spec, tmp_path / "安排表.xlsx"), "xls")
    plan = parse_file(xls_path)
    assert len(plan.tasks()) == 73
    assert plan.tasks()[21].category == "基础设施提升"


def test_without_libreoffice_the_message_says_how_to_install_it(
    spec: TableSpec, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    doc_path = _save_as(write_docx(spec, tmp_path / "安排表.docx"), "doc")
    monkeypatch.setattr(shutil, "which", lambda name: None)
    with pytest.raises(IngestError, match=r"未安装 LibreOffice.*apt-get install"):
        parse_file(doc_path)
