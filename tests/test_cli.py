"""`duban parse`: a Chinese summary, the JSON interchange format, and clean failures."""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

from duban import cli
from duban.demo import BUILDINGS_PLAN_2022, KEY_WORK_2025
from duban.intake.models import Layout
from duban.plans.models import Plan


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


# `duban import FILE --layout LAYOUT` and `duban layouts list|export|import`: the command line's
# way to read a table auto-detection cannot, with a layout (版式) saved on the web or in a file.
HEADER = "编 号\t名目\t标准\t经办"
MINSHENG = "\n".join(
    [
        "2025年民生实事项目推进表",
        HEADER,
        "1\t新建公办幼儿园\t新增学位600个\t市教育局、市住建局",
        "2\t改造薄弱学校\t改造10所\t市教育局",
    ]
)
BARE_LAYOUT = {
    "header_rows": [1],
    "columns": [
        {"column": 1, "field": "seq"},
        {"column": 2, "field": "title"},
        {"column": 3, "field": "target"},
        {"column": 4, "field": "responsible"},
    ],
    "lead_rule": "first_listed",
    "name": "民生实事",
}


def _minsheng(tmp_path: Path, name: str = "民生实事.txt") -> Path:
    path = tmp_path / name
    path.write_text(MINSHENG, encoding="utf-8")
    return path


def test_import_without_a_layout_says_to_give_one_and_keeps_nothing(
    db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["import", str(_minsheng(tmp_path)), "--yes"]) == 2
    assert "自动识别未能读出“民生实事.txt”的表头，未导入。请用 --layout 指定版式" in capsys.readouterr().err
    assert not Plan.objects.exists()


def test_import_with_a_layout_file_then_with_the_layout_it_saved_by_name(
    db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    layout_file = tmp_path / "民生实事.json"
    layout_file.write_text(json.dumps(BARE_LAYOUT, ensure_ascii=False), encoding="utf-8")
    assert cli.main(["import", str(_minsheng(tmp_path)), "--layout", str(layout_file), "--yes"]) == 0
    assert "已导入《2025年民生实事项目推进表》，2 项任务" in capsys.readouterr().out
    task = Plan.objects.get().tasks.get(seq="1")
    assert [a.unit.name for a in task.assignments.order_by("role", "pk")][:2] == ["市教育局", "市住建局"]
    assert not task.search_pending  # the command line indexes at once: no worker to wait for
    assert Layout.objects.get().name == "民生实事"
    Plan.objects.all().delete()
    assert cli.main(["import", str(_minsheng(tmp_path, "下月.txt")), "--layout", "民生实事", "--yes"]) == 0
    assert "按已保存版式「民生实事」识别" in capsys.readouterr().out
    assert Layout.objects.get().times_used == 2


def test_an_unknown_layout_or_a_bad_layout_file_exits_2_in_chinese(
    db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert cli.main(["import", str(_minsheng(tmp_path)), "--layout", "不存在的版式"]) == 2
    assert "没有名为「不存在的版式」的版式" in capsys.readouterr().err
    bad = tmp_path / "坏.json"
    bad.write_text('{"header_rows": [1], "columns": [{"column": 1, "field": "seq"}]}', encoding="utf-8")
    assert cli.main(["import", str(_minsheng(tmp_path)), "--layout", str(bad)]) == 2
    assert "版式文件“坏.json”有误：版式文件有误：请指定哪一列是“工作任务”" in capsys.readouterr().err


def test_layouts_are_listed_exported_and_imported_from_the_command_line(
    db: None, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    layout_file = tmp_path / "民生实事.json"
    layout_file.write_text(json.dumps(BARE_LAYOUT, ensure_ascii=False), encoding="utf-8")
    cli.main(["import", str(_minsheng(tmp_path)), "--layout", str(layout_file), "--yes"])
    capsys.readouterr()
    assert cli.main(["layouts", "list"]) == 0
    assert "民生实事\t使用 1 次\t表头：编 号 | 名目 | 标准 | 经办" in capsys.readouterr().out
    exported = tmp_path / "导出.json"
    assert cli.main(["layouts", "export", "民生实事", "-o", str(exported)]) == 0
    assert json.loads(exported.read_text(encoding="utf-8"))["format"] == "duban-layout"
    Layout.objects.all().delete()
    assert cli.main(["layouts", "import", str(exported)]) == 0
    assert "已导入版式「民生实事」" in capsys.readouterr().out
    assert cli.main(["layouts", "import", str(layout_file)]) == 2  # a bare layout is no exported file
    assert "不是 duban 导出的版式文件" in capsys.readouterr().err
    assert cli.main(["layouts", "export", "别的"]) == 2
    assert "没有名为「别的」的版式" in capsys.readouterr().err


def _children(pid: int) -> list[str]:
    """The command lines of a process's children, read from /proc."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields, cmdline = (
                stat.read_text().rsplit(")", 1)[1].split(),
                (stat.parent / "cmdline").read_bytes(),
            )
        except OSError:  # the process ended while we looked
            continue
        if int(fields[1]) == pid:
            found.append(cmdline.replace(b"\0", b" ").decode())
    return found


def test_serve_runs_the_site_and_the_job_worker_and_stops_both(tmp_path: Path) -> None:
    port = _free_port()
    env = {**os.environ, "DUBAN_DATA_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "duban.settings"}
    for test_only in ("DATABASE_URL", "DUBAN_HUEY_IMMEDIATE"):
        env.pop(test_only, None)
    serve = subprocess.Popen(
        [sys.executable, "-m", "duban.cli", "serve", "--port", str(port), "--workers", "1"],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        assert _answers(f"http://127.0.0.1:{port}/accounts/login/", within=90)
        children = _children(serve.pid)
        assert any("duban.cli worker" in c for c in children) and any("gunicorn" in c for c in children)
    finally:
        serve.terminate()
        assert serve.wait(timeout=60) == 0
    assert _children(serve.pid) == []


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _answers(url: str, *, within: float) -> bool:
    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                return bool(response.status == 200)
        except OSError:
            time.sleep(0.5)
    return False
