"""The 议定事项 splitter on real 会议纪要 and 批示 (tests/ingest/minutes), and on each rule alone."""

from __future__ import annotations

import datetime as dt
import unicodedata
from pathlib import Path

import pytest

from duban.core.deadlines import DeadlineKind
from duban.exports import docx_to_pdf
from duban.ingest import read_document
from duban.ingest.minutes import split_minutes, split_text
from tests.ingest.minutes.expected import DOCUMENTS, Expected

HERE = Path(__file__).parent / "minutes"
TODAY = dt.date(2025, 11, 20)


def _plain(text: str) -> str:
    """What the comparison ignores: full or half width, spaces."""
    return "".join(unicodedata.normalize("NFKC", text).split())


def test_the_corpus_holds_at_least_ten_real_documents_each_with_its_source() -> None:
    assert len(DOCUMENTS) >= 10
    assert all((HERE / name).is_file() and doc.url.startswith("http") for name, doc in DOCUMENTS.items())


@pytest.mark.parametrize("name", sorted(DOCUMENTS))
def test_each_real_document_splits_into_its_expected_items(name: str) -> None:
    expected: Expected = DOCUMENTS[name]
    minutes = split_text((HERE / name).read_text(encoding="utf-8"), directory=expected.directory, today=TODAY)
    assert (minutes.reference, minutes.issued_on, minutes.leaders) == (
        expected.reference,
        expected.issued_on,
        expected.leaders,
    )
    assert len(minutes.items) == len(expected.items)
    for item, want in zip(minutes.items, expected.items, strict=True):
        assert _plain(item.text).startswith(_plain(want.starts)), item.text
        assert (item.lead_units, item.responsible_units) == (want.leads, want.responsible)
        assert (item.deadline.date if item.deadline else None) == want.deadline


def test_a_word_file_of_the_same_minutes_gives_the_same_items() -> None:
    document = read_document(HERE / "linyi_zhujian_2021_2.docx")
    from_word = split_minutes([p.text for p in document.paragraphs()], today=TODAY)
    from_text = split_text((HERE / "linyi_zhujian_2021_2.txt").read_text(encoding="utf-8"), today=TODAY)
    assert from_word == from_text


def test_a_pdf_printed_from_the_word_file_gives_the_same_items_despite_its_line_breaks(
    tmp_path: Path,
) -> None:
    pdf = tmp_path / "局长办公会纪要.pdf"
    pdf.write_bytes(docx_to_pdf((HERE / "linyi_zhujian_2021_2.docx").read_bytes()))  # LibreOffice
    lines = [p.text for p in read_document(pdf).paragraphs()]
    from_pdf = split_minutes(lines, today=TODAY)
    assert len(lines) > 15  # one paragraph per printed line
    text = (HERE / "linyi_zhujian_2021_2.txt").read_text(encoding="utf-8")
    assert from_pdf == split_text(text, today=TODAY)


def test_items_keep_the_office_s_full_width_commas() -> None:
    minutes = split_text((HERE / "yulin_pishi_2004.txt").read_text(encoding="utf-8"), today=TODAY)
    assert minutes.items[0].text.startswith("请外贸局了解清楚，如属实认真依法处理。")


def test_numbered_items_carry_their_sub_paragraphs_and_drop_the_masthead() -> None:
    text = "\n".join(
        [
            "霞浦县人民政府专题会议纪要",
            "霞政纪〔2025〕12号",
            "出席：王县长、李副县长",
            "列席：县财政局、县住建局",
            "会议议定如下：",
            "一、由县住建局牵头，县财政局配合，两周内拿出老旧小区改造方案。",
            "方案要列明资金来源。",
            "二、请青阳镇月底前完成排查。",
            "记录：张三",
        ]
    )
    directory = {"县住建局": "县住房和城乡建设局", "县财政局": "县财政局", "青阳镇": "青阳镇"}
    minutes = split_text(text, directory=directory, today=dt.date(2025, 11, 3))
    assert minutes.reference == "霞政纪〔2025〕12号"
    first, second = minutes.items
    assert first.text.endswith("方案要列明资金来源。")
    assert (first.lead_units, first.responsible_units) == (("县住房和城乡建设局",), ("县财政局",))
    assert first.deadline is not None and first.deadline.date == dt.date(2025, 11, 17)
    assert second.lead_units == ("青阳镇",)
    assert second.deadline is not None and second.deadline.date == dt.date(2025, 11, 30)


@pytest.mark.parametrize(
    "numbering",
    [("（一）", "（二）"), ("1.", "2."), ("①", "②"), ("1、", "2、")],
)
def test_every_numbering_style_makes_items(numbering: tuple[str, str]) -> None:
    text = f"会议纪要如下：\n{numbering[0]}请县财政局落实资金。\n{numbering[1]}请县住建局抓紧开工。"
    assert [i.text for i in split_text(text, today=TODAY).items] == [
        "请县财政局落实资金。",
        "请县住建局抓紧开工。",
    ]


def test_a_name_the_directory_does_not_know_is_kept_for_a_person_to_match() -> None:
    minutes = split_text("由县城管执法局牵头，七个工作日内清理占道经营。", directory={}, today=TODAY)
    item = minutes.items[0]
    assert item.unmatched_units == ("县城管执法局",)
    assert item.deadline is not None and item.deadline.kind == DeadlineKind.WORKDAYS
    assert item.deadline.workdays == 7


def test_a_leader_s_instruction_names_the_leader() -> None:
    minutes = split_text("张明同志批示：“请县应急局三个工作日内核实情况并报告。”", today=TODAY)
    assert minutes.leaders == ("张明",)
    assert minutes.items[0].text == "请县应急局三个工作日内核实情况并报告。"
