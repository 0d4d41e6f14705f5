from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from duban.core.textdiff import text_diff


def test_a_changed_phrase_shows_as_deleted_then_inserted() -> None:
    expected = [("equal", "设备调试"), ("delete", "中"), ("insert", "完成")]
    assert text_diff("设备调试中", "设备调试完成") == expected


@given(st.text(), st.text())
def test_the_segments_rebuild_both_versions(old: str, new: str) -> None:
    segments = text_diff(old, new)
    assert "".join(t for op, t in segments if op != "insert") == old
    assert "".join(t for op, t in segments if op != "delete") == new
