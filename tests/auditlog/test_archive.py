"""`duban audit-log export`: a signed JSON-lines archive that verifies on its own; nothing is deleted."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from duban import cli
from duban.auditlog import chain
from duban.auditlog.choices import Action
from duban.auditlog.models import AuditEntry
from duban.auditlog.services import audit_record


def _at(day: str) -> dt.datetime:
    return timezone.make_aware(dt.datetime.fromisoformat(f"{day} 10:00"))


@pytest.fixture
def year(db: None) -> list[AuditEntry]:
    days = ["2024-01-05", "2024-06-30", "2024-12-31", "2025-01-01", "2025-02-10"]
    return [
        AuditEntry.objects.create(at=_at(d), action=Action.LOGIN, actor_name=f"user{n}", message=f"第{n}条")
        for n, d in enumerate(days)
    ]


def _lines(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_export_writes_the_rows_before_the_date_with_their_hashes(
    year: list[AuditEntry], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    target = tmp_path / "审计日志-2024.jsonl"
    assert cli.main(["audit-log", "export", "--before", "2025-01-01", str(target)]) == 0
    assert "已导出 3 条审计记录" in capsys.readouterr().out
    header, *rows, trailer = _lines(target)
    assert header["format"] == "duban-auditlog-export" and header["count"] == 3
    assert header["prev_hash"] == chain.GENESIS and header["head_hash"] == year[2].hash
    assert [r["id"] for r in rows] == [e.id for e in year[:3]]
    assert [r["hash"] for r in rows] == [e.hash for e in year[:3]]
    assert trailer["signature"]["algorithm"] == "HMAC-SHA256" and len(trailer["signature"]["value"]) == 64
    assert AuditEntry.objects.filter(id__in=[e.id for e in year]).count() == 5  # nothing deleted
    export = AuditEntry.objects.get(action=Action.EXPORT)
    assert export.changes == {"count": 3, "first_id": year[0].id, "last_id": year[2].id}

    assert cli.main(["audit-log", "verify", str(target)]) == 0
    out = capsys.readouterr().out
    assert "完整：共 3 条" in out and "签名有效" in out


def test_a_later_archive_continues_the_chain(year: list[AuditEntry], tmp_path: Path) -> None:
    first, second = tmp_path / "a.jsonl", tmp_path / "b.jsonl"
    call_command("audit_log", "export", "--before", "2025-01-01", str(first))
    call_command("audit_log", "export", "--after", "2025-01-01", "--before", "2025-03-01", str(second))
    assert _lines(second)[0]["prev_hash"] == _lines(first)[0]["head_hash"] == year[2].hash
    assert [r["id"] for r in _lines(second)[1:-1]] == [year[3].id, year[4].id]
    call_command("audit_log", "verify", str(second))


def test_an_edited_archive_is_refused_naming_the_row(year: list[AuditEntry], tmp_path: Path) -> None:
    target = tmp_path / "a.jsonl"
    call_command("audit_log", "export", "--before", "2025-01-01", str(target))
    lines = target.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace("第1条", "第9条")
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(CommandError) as failed:
        call_command("audit_log", "verify", str(target))
    assert failed.value.returncode == 2
    assert f"第一处断点是第 #{year[1].id} 条" in str(failed.value)
    assert cli.main(["audit-log", "verify", str(target)]) == 2


def test_a_rehashed_archive_still_fails_its_signature(year: list[AuditEntry], tmp_path: Path) -> None:
    """Someone who edits the last row and recomputes its hash (and the header) lacks the key."""
    target = tmp_path / "a.jsonl"
    call_command("audit_log", "export", "--before", "2025-01-01", str(target))
    header, *rows, trailer = _lines(target)
    rows[-1]["message"] = "改写"
    row = dict(rows[-1], at=dt.datetime.fromisoformat(rows[-1]["at"]))
    rows[-1]["hash"] = header["head_hash"] = chain.row_hash(row)
    text = "".join(
        json.dumps(o, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n"
        for o in [header, *rows]
    )
    target.write_text(text + json.dumps(trailer) + "\n", encoding="utf-8")
    with pytest.raises(CommandError, match="签名不符"):
        call_command("audit_log", "verify", str(target))


def test_a_file_that_is_not_an_archive_is_refused(tmp_path: Path) -> None:
    junk = tmp_path / "junk.jsonl"
    junk.write_text("hello\nworld\n", encoding="utf-8")
    with pytest.raises(CommandError, match="不是审计日志归档文件"):
        call_command("audit_log", "verify", str(junk))


def test_an_export_with_nothing_before_the_date_is_empty_but_valid(db: None, tmp_path: Path) -> None:
    audit_record(actor=None, action=Action.LOGIN_FAILED)
    target = tmp_path / "empty.jsonl"
    call_command("audit_log", "export", "--before", "2000-01-01", str(target))
    call_command("audit_log", "verify", str(target))
    assert _lines(target)[0]["count"] == 0
