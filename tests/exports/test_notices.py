"""The 交办单 for one unit and the 通报 for a round, read back from the Word files."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import docx
import pytest
from docx.enum.section import WD_ORIENT
from docx.oxml.ns import qn
from docx.shared import Pt

from duban.core.plan import PlanDoc
from duban.exports import (
    AssignmentRow,
    LaggingRow,
    RoundBulletinExport,
    UnitAssignmentExport,
    render_round_bulletin_docx,
    render_unit_assignment_docx,
)
from duban.exports.model import LEAD_ROLE, SHARED_ROLE

ISSUED = "2025年11月25日"


def _open(data: bytes | Path) -> Any:
    return docx.Document(io.BytesIO(data) if isinstance(data, bytes) else str(data))


def _texts(document: Any) -> list[str]:
    return [p.text for p in document.paragraphs if p.text]


def _table(table: Any) -> list[list[str]]:
    return [[c.text for c in row.cells] for row in table.rows]


@pytest.fixture(scope="module")
def assignment_doc(exported: dict[str, Path]) -> Any:
    return _open(exported["assignment.docx"])


def test_the_assignment_is_headed_and_addressed_to_the_unit(assignment_doc: Any) -> None:
    texts = _texts(assignment_doc)
    assert texts[:2] == ["交办单", "青阳镇："]
    title = assignment_doc.paragraphs[0].runs[0]
    assert title._element.rPr.rFonts.get(qn("w:eastAsia")) == "方正小标宋简体" and title.font.size == Pt(22)
    assert "《霞客湾科学城2025年重点工作安排表》" in texts[2]
    assert assignment_doc.sections[0].orientation == WD_ORIENT.PORTRAIT


def test_the_assignment_lists_what_the_unit_leads_and_shares(assignment_doc: Any, seed: PlanDoc) -> None:
    rows = _table(assignment_doc.tables[0])
    assert rows[0] == ["序号", "重点工作", "年度主要目标", "承担方式", "完成时限"]
    involved = [t for t in seed.tasks() if "青阳镇" in (*t.lead_units, *t.responsible_units)]
    assert [r[1] for r in rows[1:]] == [t.title for t in involved]
    roles = {r[1]: r[3] for r in rows[1:]}
    assert roles["源容电气高性能电容器生产项目"] == "牵头"
    assert roles["科泰思高端民用航空复材项目"] == "配合"
    leads = sum(r[3] == "牵头" for r in rows[1:])
    assert f"牵头{leads}项、配合{len(rows) - 1 - leads}项" in _texts(assignment_doc)[2]


def test_the_assignment_is_signed_by_the_office_with_the_date(assignment_doc: Any) -> None:
    assert _texts(assignment_doc)[-2:] == ["霞科办", ISSUED]


def test_the_assignment_lists_the_soonest_deadline_first() -> None:
    rows = [
        AssignmentRow(
            seq="3", title="年底完成", role=LEAD_ROLE, deadline=dt.date(2025, 12, 31), deadline_text="年底前"
        ),
        AssignmentRow(seq="1", title="没有时限", role=SHARED_ROLE),
        AssignmentRow(seq="2", title="六月完成", role=SHARED_ROLE, deadline=dt.date(2025, 6, 30)),
    ]
    x = UnitAssignmentExport("月城镇", "2025年重点工作", rows, issued_on=dt.date(2025, 3, 1), office="霞科办")
    table = _table(_open(render_unit_assignment_docx(x)).tables[0])
    assert [r[1:] for r in table[1:]] == [
        ["六月完成", "", "配合", "2025年6月30日"],
        ["年底完成", "", "牵头", "年底前"],
        ["没有时限", "", "配合", "—"],
    ]


@pytest.fixture(scope="module")
def bulletin_doc(exported: dict[str, Path]) -> Any:
    return _open(exported["bulletin.docx"])


def test_the_bulletin_is_titled_by_its_round(bulletin_doc: Any) -> None:
    assert _texts(bulletin_doc)[0] == "关于2025年11月重点工作推进情况的通报"


def test_the_bulletin_sums_up_the_counts(bulletin_doc: Any) -> None:
    summary = next(t for t in _texts(bulletin_doc) if t.startswith("截至"))
    assert "《霞客湾科学城2025年重点工作安排表》所列73项重点工作中，已完成68项、未完成5项。" in summary


def test_the_bulletin_has_a_count_table_per_status(bulletin_doc: Any) -> None:
    assert _table(bulletin_doc.tables[0]) == [
        ["推进状态", "项数", "占比"],
        ["已完成", "68", "93.2%"],
        ["未完成", "5", "6.8%"],
        ["合计", "73", "100.0%"],
    ]


def test_the_bulletin_names_the_lagging_items_with_their_units(bulletin_doc: Any) -> None:
    rows = _table(bulletin_doc.tables[1])
    assert rows[0] == ["序号", "重点工作", "牵头单位", "推进状态", "情况说明"]
    by_title = {r[1]: r for r in rows[1:]}
    assert set(by_title) == {
        "科教孵化中心一期（市政道路）",
        "重大项目招引",
        "霞客国际文旅中心运营",
        "土地征迁清障",
        "建设科技企业孵化器",
    }
    assert by_title["重大项目招引"][2] == "市商务局\n霞科办"
    assert by_title["重大项目招引"][4] == "10亿元以上项目洽谈推进中"
    assert _texts(bulletin_doc)[-2:] == ["霞科办", ISSUED]


def test_a_bulletin_without_lagging_items_says_so() -> None:
    x = RoundBulletinExport(
        "表", "2025年6月", [("进行中", 3), ("已完成", 2)], [], issued_on=dt.date(2025, 7, 1), office="霞科办"
    )
    document = _open(render_round_bulletin_docx(x))
    assert "本期无进度滞后的事项。" in _texts(document)
    assert len(document.tables) == 1


def test_the_bulletin_shows_the_status_labels_it_is_given() -> None:
    lagging = [LaggingRow("7", "道路提升", ["青阳镇"], "已逾期", "征地未完成")]
    x = RoundBulletinExport(
        "表", "2025年6月", [("已逾期", 1)], lagging, issued_on=dt.date(2025, 7, 1), office="霞科办"
    )
    rows = _table(_open(render_round_bulletin_docx(x)).tables[1])
    assert rows[1] == ["7", "道路提升", "青阳镇", "已逾期", "征地未完成"]
