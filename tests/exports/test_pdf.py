"""LibreOffice opens every export, and the PDFs carry real Chinese text."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from duban.exports import ExportError, PlanExport, docx_to_pdf, render_plan_pdf
from duban.exports.fonts import (
    BODY_FONT,
    FALLBACKS,
    TITLE_FONT,
    Fonts,
    fonts_for_this_machine,
    installed_families,
    stand_in,
)
from tests.exports.pdftools import pdf_text

TITLE = "霞客湾科学城2025年重点工作安排表"


def test_libreoffice_prints_the_word_table_with_its_chinese_text(pdf_texts: dict[str, str]) -> None:
    text = pdf_texts["plan.docx"]
    assert TITLE in text
    assert "毓秀园二期" in text and "长山大道南延" in text  # short titles: one line in their cell
    assert "校地合作“八个一”工作清单" in text


def test_libreoffice_prints_the_workbook_with_its_chinese_text(pdf_texts: dict[str, str]) -> None:
    text = pdf_texts["plan.xlsx"]
    assert TITLE in text
    assert "加快基金设立" in text and "长山大道南延" in text


def test_libreoffice_prints_the_assignment_and_the_bulletin(pdf_texts: dict[str, str]) -> None:
    assert "交办单" in pdf_texts["assignment.docx"] and "青阳镇：" in pdf_texts["assignment.docx"]
    assert "关于2025年11月重点工作推进情况的通报" in pdf_texts["bulletin.docx"]


@pytest.fixture(scope="module")
def plan_pdf(seed_export: PlanExport, tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("render") / "plan.pdf"
    path.write_bytes(render_plan_pdf(seed_export))
    return path


def test_render_plan_pdf_gives_a_pdf_with_the_title(plan_pdf: Path) -> None:
    assert plan_pdf.read_bytes().startswith(b"%PDF")
    assert TITLE in pdf_text(plan_pdf)


def test_the_pdf_is_a4_landscape_and_embeds_a_cjk_font(plan_pdf: Path) -> None:
    info = subprocess.run(["pdfinfo", str(plan_pdf)], capture_output=True, text=True, check=True).stdout
    assert "841.89 x 595.3" in info  # points: A4 on its side
    fonts = subprocess.run(["pdffonts", str(plan_pdf)], capture_output=True, text=True, check=True).stdout
    assert "CJK" in fonts or BODY_FONT in fonts
    if fonts_for_this_machine().body == "Noto Serif CJK SC":
        assert "NotoSerifCJK" in fonts  # the documented stand-in, not LibreOffice's own sans pick


def test_without_libreoffice_the_error_says_how_to_install_it(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    monkeypatch.setenv("PATH", str(tmp_path))  # a PATH with no soffice on it
    with pytest.raises(ExportError, match="未安装 LibreOffice"):
        docx_to_pdf(b"")


def test_a_missing_official_font_is_replaced_by_the_first_installed_one_of_its_chain() -> None:
    assert stand_in(BODY_FONT, {"Noto Serif CJK SC", "FangSong"}) == "FangSong"
    assert stand_in(BODY_FONT, {"Noto Serif CJK SC"}) == "Noto Serif CJK SC"
    assert stand_in(BODY_FONT, {"仿宋_GB2312", "Noto Serif CJK SC"}) == "仿宋_GB2312"
    assert stand_in(TITLE_FONT, set()) == TITLE_FONT  # nothing known: LibreOffice substitutes on its own


def test_this_machine_renders_with_installed_fonts_from_the_chains() -> None:
    installed = installed_families()
    assert installed is not None and "Noto Serif CJK SC" in installed  # Debian's fonts-noto-cjk
    fonts = fonts_for_this_machine()
    for official, chosen in ((TITLE_FONT, fonts.title), (BODY_FONT, fonts.body)):
        assert chosen in (official, *FALLBACKS[official]) and chosen in installed
    assert fonts_for_this_machine(Fonts(title="霞科办自造字体")).title == "霞科办自造字体"
