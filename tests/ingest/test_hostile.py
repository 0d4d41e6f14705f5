"""The upload gate (duban.ingest.safety) and text decoding against hostile and broken files.

Gate-only subset (no parser needed): ``pytest tests/ingest/test_hostile.py -k "not parse"``.
"""

from __future__ import annotations

import contextlib
import copy
import random
import tempfile
import zipfile
from pathlib import Path

import docx
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from duban.ingest import safety
from duban.ingest.encoding import UNKNOWN_ENCODING, decode_text
from duban.ingest.errors import IngestError, Where
from duban.ingest.safety import MAX_ENTRY_RATIO, RATIO_FLOOR_BYTES, check_file
from tests.ingest import hostile
from tests.ingest.hostile import CASES, DECODE, GATE, GUARDS, OWN_GUARDS, PARSE, Case

# ---------------------------------------------------------------- the corpus


def _other_fragments(case: Case) -> list[str]:
    own = case.fragment
    return [GUARDS[g] for g in OWN_GUARDS if g != case.guard and GUARDS[g] not in own]


@pytest.mark.parametrize("case", CASES, ids=[f"{c.stage}-{c.name}" for c in CASES])
def test_each_hostile_file_is_rejected_with_its_own_message(case: Case, tmp_path: Path) -> None:
    path = case.make(tmp_path)
    with pytest.raises(IngestError) as caught:
        if case.stage == GATE:
            check_file(path)
        elif case.stage == DECODE:
            # The gate lets text through whatever its encoding; decoding is where it fails.
            assert check_file(path) == path.suffix.lstrip(".")
            decode_text(path.read_bytes(), display_name=path.name)
        else:
            from duban.ingest import parse_file

            parse_file(path)
    message = str(caught.value)
    assert type(caught.value) is IngestError
    assert case.fragment in message
    assert path.name in message
    for extra in case.also:
        assert extra in message
    if case.stage != PARSE:
        # Refused for its own reason, not one that merely looks similar.
        assert not [f for f in _other_fragments(case) if f in message], message


def test_corpus_is_large_and_every_guard_has_its_own_fragment() -> None:
    gate_cases = [c for c in CASES if c.stage == GATE]
    assert len(CASES) >= 50
    assert len(gate_cases) >= 50
    fragments = list(GUARDS.values())
    assert len(fragments) == len(set(fragments))
    # No gate/decode fragment may occur inside another one, or a message could match two guards.
    for guard in OWN_GUARDS:
        for other in OWN_GUARDS:
            if guard != other:
                assert GUARDS[guard] not in GUARDS[other], (guard, other)
    used = {c.guard for c in CASES}
    assert used == set(GUARDS), set(GUARDS) - used


def test_corpus_builds_every_file_into_one_directory(tmp_path: Path) -> None:
    built = hostile.build_corpus(tmp_path)
    assert set(built) == {c.name for c in CASES}
    assert all(path.is_relative_to(tmp_path) for path in built.values())


def test_error_names_the_display_name_not_the_stored_one(tmp_path: Path) -> None:
    stored = tmp_path / "upload-8f3a.tmp"
    stored.write_bytes(b"%PDF-1.4\n")
    with pytest.raises(IngestError) as caught:
        check_file(stored, display_name="2025年重点工作.docx")
    assert "2025年重点工作.docx" in str(caught.value)
    assert "upload-8f3a" not in str(caught.value)
    assert "PDF 文件" in str(caught.value)


# ---------------------------------------------------------------- valid files pass


@pytest.mark.parametrize(
    ("filename", "content", "kind"),
    [
        ("计划.docx", hostile.valid_docx, "docx"),
        ("台账.xlsx", hostile.valid_xlsx, "xlsx"),
        ("台账.XLSX", hostile.valid_xlsx, "xlsx"),
        ("任务.csv", lambda: "序号,重点工作,牵头单位\n1,推进项目,发改委\n".encode(), "csv"),
        ("任务-bom.csv", lambda: "序号,重点工作\n1,推进项目\n".encode("utf-8-sig"), "csv"),
        ("任务-utf16.csv", lambda: "序号,重点工作\n1,推进项目\n".encode("utf-16"), "csv"),
        ("任务-utf16le.csv", lambda: "序号,重点工作\r\n1,推进项目\r\n".encode("utf-16-le"), "csv"),
        ("讲话.txt", lambda: "一、推进重大项目建设（牵头单位：市发改委）\n".encode("gbk"), "txt"),
        ("MZ开头.txt", lambda: b"MZ company plan\n", "txt"),
        ("旧文档.doc", lambda: hostile._ole(["WordDocument", "1Table"]), "doc"),
        ("旧表格.xls", lambda: hostile._ole(["Workbook"]), "xls"),
        ("旧文字.wps", lambda: hostile._ole(["WordDocument"]), "wps"),
        ("旧表格.et", lambda: hostile._ole(["Workbook"]), "et"),
        # OLE2 noise passes the gate: the legacy converter is what refuses it later.
        ("垃圾.doc", lambda: hostile._ole(["Garbage"]), "doc"),
    ],
)
def test_valid_files_pass_the_gate(filename: str, content: object, kind: str, tmp_path: Path) -> None:
    path = tmp_path / filename
    assert callable(content)
    path.write_bytes(content())
    assert check_file(path) == kind


def test_unusual_but_legitimate_packages_pass(tmp_path: Path) -> None:
    base = hostile.valid_docx()
    cases = {
        # Comments and processing instructions before the root are allowed, only DTDs are not.
        "comment.docx": hostile._with_doctype(base, "word/document.xml", b"<!-- saved by WPS -->"),
        # An XML part in UTF-16 (with its mark) is still checked and still fine.
        "utf16.docx": hostile.office(
            base,
            replace_parts={
                "word/document.xml": hostile._declare(hostile._part(base, "word/document.xml"), "UTF-16")
                .decode()
                .encode("utf-16")
            },
        ),
        # Stored (uncompressed) parts, as some exporters write them.
        "stored.docx": hostile.office(base, method=zipfile.ZIP_STORED),
        # A GBK declaration is ASCII-compatible, so the prolog scan still sees every "<!".
        "gbk.docx": hostile._encoding_declared("GBK"),
        # A shared-strings part like Excel's.
        "strings.xlsx": hostile.office(
            hostile.valid_xlsx(), add=[hostile.entry("xl/sharedStrings.xml", hostile.SHARED_STRINGS)]
        ),
        # A main part under an unusual name, found through _rels/.rels as readers do.
        "renamed-main.docx": _renamed_main_part(base),
    }
    for name, data in cases.items():
        path = tmp_path / name
        path.write_bytes(data)
        assert check_file(path) == path.suffix[1:], name


def _renamed_main_part(base: bytes) -> bytes:
    parts = dict(hostile.parts_of(base))
    parts["word/main.xml"] = parts.pop("word/document.xml")
    parts["word/_rels/main.xml.rels"] = parts.pop("word/_rels/document.xml.rels")
    parts["_rels/.rels"] = parts["_rels/.rels"].replace(b"word/document.xml", b"word/main.xml")
    types = parts["[Content_Types].xml"]
    parts["[Content_Types].xml"] = types.replace(b"/word/document.xml", b"/word/main.xml")
    return hostile._zip(hostile.entry(name, content) for name, content in parts.items())


def test_many_identical_rows_are_not_mistaken_for_a_bomb(tmp_path: Path) -> None:
    """2,000 identical rows compress about 186:1; the ratio cap must leave them alone."""
    document = docx.Document()
    table = document.add_table(rows=1, cols=8)
    table.style = "Table Grid"
    for cell in table.rows[0].cells:
        cell.text = "同上"
    row = table.rows[0]._tr
    for _ in range(2000):  # copying the row XML is 50 times faster than add_row()
        row.addnext(copy.deepcopy(row))
    path = tmp_path / "重复.docx"
    document.save(str(path))
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("word/document.xml")
    assert info.file_size > RATIO_FLOOR_BYTES
    assert info.file_size / info.compress_size > 100
    assert check_file(path) == "docx"


# ---------------------------------------------------------------- bombs are judged by bytes


class _Counter:
    """Counts the bytes zipfile hands out while inflating."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.produced = 0
        original = zipfile.ZipExtFile.read

        def counting_read(stream: zipfile.ZipExtFile, n: int | None = -1) -> bytes:
            data = original(stream, n)
            self.produced += len(data)
            return data

        monkeypatch.setattr(zipfile.ZipExtFile, "read", counting_read)


def _case(name: str) -> Case:
    return next(c for c in CASES if c.name == name)


def test_ratio_bomb_is_refused_before_anything_is_inflated(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _case("ratio_bomb_document").make(tmp_path)
    counter = _Counter(monkeypatch)
    with pytest.raises(IngestError, match="压缩比异常"):
        check_file(path)
    assert counter.produced == 0  # the directory records alone condemned it


def test_lying_record_never_inflates_more_than_it_declares(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """100 MB of zeros recorded as 4 KB: zipfile stops at 4 KB, the CRC then fails."""
    path = _case("lying_small_size_on_a_bomb").make(tmp_path)
    with zipfile.ZipFile(path) as archive:
        declared = sum(info.file_size for info in archive.infolist())
    counter = _Counter(monkeypatch)
    with pytest.raises(IngestError, match="文件已损坏"):
        check_file(path)
    assert counter.produced <= declared < 1024 * 1024


def test_streaming_stops_at_the_ratio_cap_even_if_records_lie(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Should a record get past the directory checks, inflating still stops at the cap."""
    path = tmp_path / "炸弹.docx"
    # Not an XML part, or the prolog check would stop it at the first chunk of zeros.
    path.write_bytes(hostile._zero_bomb("word/media/image9.png", 100))
    counter = _Counter(monkeypatch)
    with zipfile.ZipFile(path) as archive:
        info = archive.getinfo("word/media/image9.png")
        real_size = info.file_size
        info.file_size = 10**12  # pretend the record allowed anything
        with pytest.raises(IngestError, match="压缩比异常"):
            safety._stream_entry(archive, info, Where(file=path.name), budget=10**12)
    cap = max(RATIO_FLOOR_BYTES, info.compress_size * MAX_ENTRY_RATIO)
    assert counter.produced <= cap + safety._CHUNK
    assert counter.produced < real_size // 2


def test_streaming_stops_at_the_total_budget(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "plain.docx"
    path.write_bytes(hostile.valid_docx())
    counter = _Counter(monkeypatch)
    with zipfile.ZipFile(path) as archive:
        infos = archive.infolist()
        with pytest.raises(IngestError, match="解压后的内容超过"):
            for info in infos:
                safety._stream_entry(archive, info, Where(file=path.name), budget=1000)
    assert counter.produced <= 1000 + safety._CHUNK


def test_encrypted_marker_is_found_anywhere_in_the_file(tmp_path: Path) -> None:
    marker = "EncryptedPackage".encode("utf-16-le")
    for offset in (600, safety._CHUNK - 5, safety._CHUNK * 2 - len(marker) + 1, safety._CHUNK * 3):
        data = bytearray(hostile._ole(["Data"]) + bytes(safety._CHUNK * 3 + 100))
        data[offset : offset + len(marker)] = marker
        path = tmp_path / f"加密{offset}.xlsx"
        path.write_bytes(bytes(data))
        with pytest.raises(IngestError, match="设有打开密码"):
            check_file(path)


# ---------------------------------------------------------------- never anything but IngestError


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    kind=st.sampled_from(["docx", "xlsx"]),
    cut=st.integers(min_value=1, max_value=40_000),
    flips=st.lists(st.tuples(st.integers(min_value=0, max_value=40_000), st.integers(1, 255)), max_size=6),
)
def test_mangled_office_files_raise_only_ingest_errors(
    kind: str, cut: int, flips: list[tuple[int, int]]
) -> None:
    original = hostile.valid_docx() if kind == "docx" else hostile.valid_xlsx()
    data = bytearray(original)
    for at, mask in flips:
        data[at % len(data)] ^= mask
    data = data[: max(1, len(data) - cut % len(data))] if cut % 3 == 0 else data
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"x.{kind}"
        path.write_bytes(bytes(data))
        try:
            assert check_file(path) == kind
        except IngestError as error:
            assert "x." + kind in str(error)


@settings(max_examples=100, deadline=None)
@given(st.binary(max_size=3000), st.sampled_from(safety.KINDS))
def test_arbitrary_bytes_raise_only_ingest_errors(data: bytes, kind: str) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"x.{kind}"
        path.write_bytes(data)
        with contextlib.suppress(IngestError):
            assert check_file(path) == kind


# ---------------------------------------------------------------- speed (loosely bounded)


def test_gate_is_cheap_on_a_two_thousand_row_workbook(tmp_path: Path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append(["序号", "重点工作", "年度目标", "牵头单位", "责任单位", "完成时限"])
    chaos = random.Random(0)
    for number in range(1, 2001):
        words = ["推进", "项目", "建设", "优化", "营商", "环境", "完成", "审批", "全面", "落实"]
        sheet.append([number, *("".join(chaos.choices(words, k=12)) for _ in range(5))])
    path = tmp_path / "两千行.xlsx"
    workbook.save(path)
    import time

    start = time.perf_counter()
    for _ in range(5):
        assert check_file(path) == "xlsx"
    assert (time.perf_counter() - start) / 5 < 0.5  # measured about 6 ms; loose for slow CI


# ---------------------------------------------------------------- decode_text

_SAMPLE = (
    "序号,重点工作,牵头单位,完成时限\r\n"
    "1,推进重大项目建设（含“十四五”规划）,市发改委,2025年6月\r\n"
    "2,优化营商环境,市商务局,年底\r\n"
)
_EXPECTED = _SAMPLE.replace("\r\n", "\n")


@pytest.mark.parametrize(
    ("codec", "data"),
    [
        ("utf-8", _SAMPLE.encode("utf-8")),
        ("utf-8-sig", _SAMPLE.encode("utf-8-sig")),
        ("gb18030", _SAMPLE.encode("gbk")),
        ("gb18030", _SAMPLE.encode("gb2312")),
        ("gb18030", _SAMPLE.encode("gb18030")),
        ("utf-16-le", _SAMPLE.encode("utf-16")),  # Python writes the LE mark on this platform
        ("utf-16-be", b"\xfe\xff" + _SAMPLE.encode("utf-16-be")),
        ("utf-16-le", _SAMPLE.encode("utf-16-le")),
        ("utf-16-be", _SAMPLE.encode("utf-16-be")),
        ("utf-32-le", _SAMPLE.encode("utf-32")),
    ],
)
def test_same_text_decodes_identically_in_every_encoding(codec: str, data: bytes) -> None:
    text, found = decode_text(data, display_name="任务.csv")
    assert text == _EXPECTED
    assert found == codec


def test_decoding_strips_bom_and_normalises_line_ends() -> None:
    text, _ = decode_text(b"\xef\xbb\xbfa\r\nb\rc\n", display_name="a.txt")
    assert text == "a\nb\nc\n"


def test_rare_gb18030_characters_decode() -> None:
    text = "㐀䶵 的 𠀀 生僻字\n"  # CJK extension A and B need GB18030's four-byte codes
    assert decode_text(text.encode("gb18030"), display_name="a.txt") == (text, "gb18030")


@pytest.mark.parametrize("seed", range(5))
def test_random_binary_is_rejected(seed: int) -> None:
    data = random.Random(seed).randbytes(4096)
    with pytest.raises(IngestError) as caught:
        decode_text(data, display_name="乱码.csv")
    assert UNKNOWN_ENCODING in str(caught.value)
    assert "乱码.csv" in str(caught.value)


def test_a_stray_nul_in_gbk_text_is_not_taken_for_utf16() -> None:
    with pytest.raises(IngestError, match="无法识别文件编码"):
        decode_text(
            "一、推进项目\n".encode("gbk") + b"\x00" + "牵头单位\n".encode("gbk"), display_name="a.txt"
        )


def test_empty_text_decodes_to_nothing() -> None:
    assert decode_text(b"", display_name="a.txt") == ("", "utf-8")


_TEXT = st.text(
    alphabet=st.characters(blacklist_categories=("Cc", "Cs"), blacklist_characters="\ufeff"),
    max_size=200,
).map(lambda s: s + "\n")


@given(_TEXT, st.sampled_from(["utf-8", "utf-8-sig", "utf-16", "utf-32"]))
def test_any_text_round_trips_through_a_marked_or_utf8_encoding(text: str, codec: str) -> None:
    assert decode_text(text.encode(codec), display_name="a.txt")[0] == text
