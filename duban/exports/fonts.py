"""The fonts of official documents, and what stands in for them where they are not installed.

Party and government documents (GB/T 9704) set titles in 方正小标宋简体, headings
in 黑体 and text in 仿宋_GB2312. These are licensed fonts that office PCs have
and a Linux server usually does not. The .docx always names the official
fonts, so it prints correctly on the office's own machines; only the PDF,
rendered here by LibreOffice, needs a stand-in, chosen from these chains by
what fontconfig reports as installed:

    方正小标宋简体 → FZXiaoBiaoSong-B05S → Noto Serif CJK SC
    黑体           → SimHei              → Noto Sans CJK SC
    仿宋_GB2312    → FangSong_GB2312 → 仿宋 → FangSong → Noto Serif CJK SC

(Noto Serif/Sans CJK SC come with Debian's fonts-noto-cjk.) No free FangSong
covers simplified Chinese, so a song-style serif is the closest honest
stand-in. An administrator adds the licensed fonts by copying their .ttf files
into /usr/local/share/fonts and running ``fc-cache -f``; the next PDF uses them.
"""

from __future__ import annotations

import shutil
import subprocess
from dataclasses import dataclass, replace

# Sizes by their Chinese names (字号), in points.
SIZE_2 = 22.0  # 二号: document titles
SIZE_3 = 16.0  # 三号: attachment label, headings, body text of notices
SIZE_4 = 14.0  # 四号
SIZE_SMALL_4 = 12.0  # 小四
SIZE_5 = 10.5  # 五号: table text

TITLE_FONT, HEADING_FONT, BODY_FONT = "方正小标宋简体", "黑体", "仿宋_GB2312"
FALLBACKS: dict[str, tuple[str, ...]] = {
    TITLE_FONT: ("FZXiaoBiaoSong-B05S", "Noto Serif CJK SC"),
    HEADING_FONT: ("SimHei", "Noto Sans CJK SC"),
    BODY_FONT: ("FangSong_GB2312", "仿宋", "FangSong", "Noto Serif CJK SC"),
}
_FC_TIMEOUT_SECONDS = 20


@dataclass(frozen=True)
class Fonts:
    """The East-Asian font for each role in a document."""

    title: str = TITLE_FONT
    heading: str = HEADING_FONT
    body: str = BODY_FONT


OFFICIAL_FONTS = Fonts()


def installed_families() -> set[str] | None:
    """Every font family name fontconfig knows (all languages), or None without fontconfig."""
    program = shutil.which("fc-list")
    if program is None:
        return None
    try:
        result = subprocess.run(
            [program, ":", "family"], capture_output=True, text=True, timeout=_FC_TIMEOUT_SECONDS, check=False
        )
    except (OSError, subprocess.TimeoutExpired):
        return None
    # One line per font file, its names in every language separated by commas.
    return {name.strip() for line in result.stdout.splitlines() for name in line.split(",") if name.strip()}


def stand_in(font: str, installed: set[str]) -> str:
    """The font itself when installed, else the first installed font of its chain."""
    for name in (font, *FALLBACKS.get(font, ())):
        if name in installed:
            return name
    return font  # nothing known is installed: let the renderer substitute on its own


def fonts_for_this_machine(fonts: Fonts = OFFICIAL_FONTS) -> Fonts:
    """The fonts to render with here: each official font or its installed stand-in."""
    installed = installed_families()
    if installed is None:
        return fonts
    return replace(
        fonts,
        title=stand_in(fonts.title, installed),
        heading=stand_in(fonts.heading, installed),
        body=stand_in(fonts.body, installed),
    )
