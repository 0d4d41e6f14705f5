"""`duban restore` asks before replacing anything; an answer other than yes restores nothing and fails."""

from __future__ import annotations

import builtins
from pathlib import Path

import pytest

from duban.cli import main


def _answer(monkeypatch: pytest.MonkeyPatch, answer: str | None) -> list[str]:
    asked: list[str] = []

    def fake_input(prompt: str = "") -> str:
        asked.append(prompt)
        if answer is None:
            raise EOFError
        return answer

    monkeypatch.setattr(builtins, "input", fake_input)
    return asked


@pytest.mark.parametrize("answer", ["no", "", None])
def test_a_cancelled_restore_exits_non_zero_with_a_chinese_message(
    answer: str | None, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    asked = _answer(monkeypatch, answer)
    assert main(["restore", str(tmp_path)]) != 0
    assert asked and "继续请输入 yes" in asked[0]
    assert "已取消恢复（未输入 yes），未做任何改动。" in capsys.readouterr().err
