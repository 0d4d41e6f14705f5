"""Legacy Office and WPS files (.doc .xls .wps .et), converted by LibreOffice headless."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

from duban.core.office import soffice, soffice_convert
from duban.ingest.errors import IngestError, Where

TARGET = {"doc": "docx", "wps": "docx", "xls": "xlsx", "et": "xlsx"}
TIMEOUT_SECONDS = 120
_INSTALL_HINT = (
    "未安装 LibreOffice，无法转换 .doc/.xls/.wps/.et 旧格式文件。"
    "请安装：apt-get install --no-install-recommends libreoffice-writer-nogui libreoffice-calc-nogui，"
    "或在 WPS/Office 中另存为 .docx/.xlsx 后再上传"
)


def convert_legacy(path: Path, kind: str, out_dir: Path, *, display_name: str) -> Path:
    """Convert a legacy file into out_dir and return the converted .docx/.xlsx."""
    where = Where(file=display_name)
    if soffice() is None:
        raise IngestError(_INSTALL_HINT, where=where)
    target = TARGET[kind]
    source = out_dir / f"source.{kind}"  # a plain name: LibreOffice names its output after the input
    shutil.copyfile(path, source)
    try:
        soffice_convert([source], target=target, out_dir=out_dir, timeout=TIMEOUT_SECONDS)
    except subprocess.TimeoutExpired as exc:
        raise IngestError(
            f"LibreOffice 转换超时（{TIMEOUT_SECONDS} 秒），文件可能已损坏", where=where
        ) from exc
    converted = out_dir / f"source.{target}"
    if not converted.exists() or converted.stat().st_size == 0:
        raise IngestError(f"LibreOffice 无法打开此 .{kind} 文件，文件可能已损坏或加密", where=where)
    return converted
