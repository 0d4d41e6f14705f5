"""LibreOffice headless, the one way duban converts office files (legacy formats in, PDF out).

Each run gets its own throw-away profile: parallel runs that share one silently
lose their output.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Sequence
from pathlib import Path


def soffice() -> str | None:
    """The LibreOffice program, or None when it is not installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def soffice_convert(
    sources: Sequence[Path], *, target: str, out_dir: Path, timeout: int, infilter: str | None = None
) -> None:
    """Convert files into out_dir (named after each source); raises TimeoutExpired or OSError.

    The caller checks that LibreOffice exists (``soffice()``) and that each output
    appeared: LibreOffice exits 0 even when it could not read a file.
    """
    program = soffice()
    if program is None:
        raise FileNotFoundError("soffice")
    with tempfile.TemporaryDirectory(prefix="duban-lo-") as profile:
        command = [program, f"-env:UserInstallation=file://{profile}", "--headless", "--norestore"]
        if infilter:  # the import filter, when the file's extension would pick the wrong one
            command.append(f"--infilter={infilter}")
        command += ["--convert-to", target, "--outdir", str(out_dir), *(str(s) for s in sources)]
        subprocess.run(command, capture_output=True, timeout=timeout, check=False)
