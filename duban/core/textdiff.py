"""Character-level differences between two versions of a Chinese text (no spaces to split on)."""

from __future__ import annotations

import difflib


def text_diff(old: str, new: str) -> list[tuple[str, str]]:
    """Segments (op, text) with op in equal / insert / delete, in reading order."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    segments: list[tuple[str, str]] = []
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            segments.append(("equal", old[a1:a2]))
            continue
        if a2 > a1:
            segments.append(("delete", old[a1:a2]))
        if b2 > b1:
            segments.append(("insert", new[b1:b2]))
    return segments
