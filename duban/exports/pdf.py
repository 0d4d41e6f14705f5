"""PDF export: the Word export, rendered by LibreOffice headless.

Rendering the .docx (rather than drawing a PDF of our own) keeps one layout:
the PDF is what the office would print from Word (``duban.core.office`` runs
LibreOffice). Fonts: the .docx for the PDF names, for each
official font that is not installed here, its stand-in (``fonts.py``), so the
PDF shows a song-style serif rather than whatever LibreOffice would pick.
"""

from __future__ import annotations

import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path

from duban.core.office import soffice, soffice_convert
from duban.exports.docx import render_plan_docx
from duban.exports.errors import ExportError
from duban.exports.fonts import fonts_for_this_machine
from duban.exports.model import PlanExport

TIMEOUT_SECONDS = 120
_INSTALL_HINT = (
    "未安装 LibreOffice，无法生成 PDF。请安装：apt-get install --no-install-recommends "
    "libreoffice-writer-nogui libreoffice-calc-nogui fonts-noto-cjk，或下载 Word 版后另存为 PDF"
)


def render_plan_pdf(plan: PlanExport) -> bytes:
    """The plan's table as a PDF, A4 landscape, with the official fonts or their stand-ins."""
    return docx_to_pdf(render_plan_docx(plan, fonts=fonts_for_this_machine()))


def docx_to_pdf(data: bytes) -> bytes:
    """Any .docx (a 交办单, a 通报) as a PDF."""
    with tempfile.TemporaryDirectory(prefix="duban-pdf-") as tmp:
        source = Path(tmp) / "export.docx"
        source.write_bytes(data)
        return convert_to_pdf([source], Path(tmp))[0].read_bytes()


def convert_to_pdf(sources: Sequence[Path], out_dir: Path, *, infilter: str | None = None) -> list[Path]:
    """Convert .docx/.xlsx files (or others, read with infilter) to PDFs in out_dir in one
    LibreOffice run; the PDFs in order.

    One run for several files saves LibreOffice's start-up (about a second each).
    """
    if soffice() is None:
        raise ExportError(_INSTALL_HINT)
    try:
        soffice_convert(sources, target="pdf", out_dir=out_dir, timeout=TIMEOUT_SECONDS, infilter=infilter)
    except subprocess.TimeoutExpired as exc:
        raise ExportError(f"LibreOffice 生成 PDF 超时（{TIMEOUT_SECONDS} 秒），请稍后重试") from exc
    except OSError as exc:
        raise ExportError(f"无法启动 LibreOffice（{exc.strerror or exc}），无法生成 PDF") from exc
    return [_output(source, out_dir) for source in sources]


def _output(source: Path, out_dir: Path) -> Path:
    """LibreOffice names each PDF after its input and says nothing useful when it fails."""
    pdf = out_dir / f"{source.stem}.pdf"
    if not pdf.exists() or pdf.stat().st_size == 0 or not pdf.read_bytes().startswith(b"%PDF"):
        raise ExportError(f"LibreOffice 未能将“{source.name}”转换为 PDF，文件可能已损坏")
    return pdf
