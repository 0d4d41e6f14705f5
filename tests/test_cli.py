"""`duban parse`: a Chinese summary, the JSON interchange format, and clean failures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from duban.demo import BUILDINGS_PLAN_2022, KEY_WORK_2025


def _duban(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "duban.cli", *args], capture_output=True, text=True, check=False
    )


def test_the_summary_names_sections_tasks_and_units() -> None:
    result = _duban("parse", str(KEY_WORK_2025))
    assert result.returncode == 0, result.stderr
    assert "标题：霞客湾科学城2025年重点工作安排表" in result.stdout
    assert "部分：2 个，任务合计 73 项" in result.stdout
    assert "校地合作“八个一”工作清单：18 项" in result.stdout
    assert "霞科办" in result.stdout


def test_json_follows_the_plan_interchange_format() -> None:
    result = _duban("parse", str(BUILDINGS_PLAN_2022), "--json")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"title", "attachment_label", "period", "source", "goals", "sections", "warnings"}
    assert data["period"] == {"start": "2022-01-01", "end": "2024-12-31"}
    assert len(data["source"]["sha256"]) == 64
    task = data["sections"][1]["tasks"][0]
    assert set(task) == {
        "seq",
        "category",
        "title",
        "target",
        "progress",
        "completed",
        "shortfall_reason",
        "lead_units",
        "responsible_units",
        "deadline",
        "deadline_text",
        "deadline_kind",
        "indicators",
        "source_ref",
        "leaders",
        "milestones",
        "progress_entries",
        "status",
    }
    assert (task["leaders"], task["milestones"], task["progress_entries"], task["status"]) == ([], [], [], "")
    assert (task["deadline"], task["deadline_text"], task["deadline_kind"]) == (
        "2022-01-31",
        "2022 年 1 月",
        "date",
    )
    assert task["source_ref"] == {
        "table": "表1",
        "row": 2,
        "line": 68,
        "cells": {"seq": [2, 1], "title": [2, 2], "lead": [2, 3], "responsible": [2, 4], "deadline": [2, 5]},
    }
    indicator = data["goals"][0]["indicators"][0]
    assert set(indicator) == {"text", "metric", "comparator", "value", "unit"}


def test_a_file_that_cannot_be_read_exits_2_with_a_chinese_message_and_no_traceback(tmp_path: Path) -> None:
    path = tmp_path / "随笔.txt"
    path.write_text("今天天气很好。\n我们去公园散步。\n", encoding="utf-8")
    result = _duban("parse", str(path))
    assert result.returncode == 2
    assert result.stderr.startswith("错误：随笔.txt") and "Traceback" not in result.stderr
    assert result.stdout == ""


def test_bad_arguments_are_explained_in_chinese() -> None:
    result = _duban("parse")
    assert result.returncode == 2
    assert "错误：命令参数不正确" in result.stderr
