"""The gate every uploaded file passes before any reader touches it.

Readers (python-docx, openpyxl, the text reader, the legacy converter) trust their
input far more than a web upload deserves: they inflate ZIP parts whole, parse XML
with DTD support, and fail with tracebacks on files that are merely misnamed. This
module looks at the bytes first and turns every such problem into one IngestError
whose Chinese message names the file, says what is wrong and what to do.

It is cheap on purpose: the ZIP directory is judged from its records before any
inflating, every entry is then inflated exactly once in chunks while counting
bytes, and only the first bytes of each XML part are kept (for its prolog).
"""

from __future__ import annotations

import codecs
import math
import os
import re
import stat
import struct
import zipfile
import zlib
from collections.abc import Iterable
from enum import Enum
from pathlib import Path, PurePath
from typing import BinaryIO

from duban.ingest.encoding import bom_encoding, looks_like_text, utf16_without_bom
from duban.ingest.errors import IngestError, Where

MAX_FILE_BYTES = 20 * 1024 * 1024
KINDS = ("docx", "xlsx", "csv", "txt", "html", "htm", "pdf", "doc", "xls", "wps", "et")

# A real plan is a 9-part workbook or a 17-part document; a workbook with a hundred
# sheets and images stays in the low hundreds. Far beyond that is only an attack on
# the memory the ZIP directory takes.
MAX_ZIP_ENTRIES = 1000
# Bounds the central directory before zipfile parses it (about 1 KiB per record is
# generous: records are 46 bytes plus a name and small extra fields).
MAX_CENTRAL_DIRECTORY_BYTES = MAX_ZIP_ENTRIES * 1024
# Everything inside, inflated. A 2,000-row plan inflates to about 3 MB; a 20 MB
# upload of dense XML could reach about 160 MB at the ratio such XML compresses to.
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
# Measured: 2,000 rows of real plan text compress 8:1 (sheet) to 32:1 (styles);
# 2,000 identical rows in a python-docx table 186:1, 10,000 identical rows 207:1,
# 5,000 empty rows 198:1. Deflate cannot exceed about 1032:1, which is what a bomb
# of zeros reaches. 400:1 leaves twice the worst legitimate case.
MAX_ENTRY_RATIO = 400
# Below this an entry cannot hurt whatever its ratio, and tiny parts compress oddly.
RATIO_FLOOR_BYTES = 1024 * 1024
# Office writes a one-line XML declaration before the root; a prolog this long is
# hiding something (a DOCTYPE after a wall of comments).
MAX_PROLOG_BYTES = 64 * 1024

_CHUNK = 256 * 1024
_MIB = 1024 * 1024

OOXML_KINDS = ("docx", "xlsx")
LEGACY_KINDS = ("doc", "xls", "wps", "et")
TEXT_KINDS = ("csv", "txt")
WEB_KINDS = ("html", "htm")
# A PDF's header may follow a little junk (the specification allows 1,024 bytes).
_PDF_HEADER_WINDOW = 1024
# A saved page names itself as HTML in its first kilobytes (a doctype, <html>, <head>,
# <meta> or <table>); a .html file without any of these is not a page.
_HTML_MARKERS = (b"<!doctype html", b"<html", b"<head", b"<meta", b"<body", b"<table")

_LABELS = {
    "docx": "Word 文档（.docx）",
    "xlsx": "Excel 工作簿（.xlsx）",
    "doc": "Word 97-2003 文档（.doc）",
    "xls": "Excel 97-2003 工作簿（.xls）",
    "wps": "WPS 文字文档（.wps）",
    "et": "WPS 表格文档（.et）",
    "csv": "CSV 文本表格（.csv）",
    "txt": "文本文件（.txt）",
    "html": "网页文件（.html）",
    "htm": "网页文件（.htm）",
    "pdf": "PDF 文件（.pdf）",
}
_MAIN_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
_CONTENT_TYPES = "[Content_Types].xml"

_ZIP_MAGIC = b"PK\x03\x04"
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Binary signatures: none of these can be a text file or the wrong Office format.
_SIGNATURES: tuple[tuple[bytes, str], ...] = (
    (_ZIP_MAGIC, "ZIP 压缩包"),
    (_OLE_MAGIC, "旧版 Office 文件（OLE2 格式）"),
    (b"PK\x05\x06", "空的 ZIP 压缩包"),
    (b"%PDF-", "PDF 文件"),
    (b"\x89PNG\r\n\x1a\n", "PNG 图片"),
    (b"\xff\xd8\xff", "JPEG 图片"),
    (b"GIF87a", "GIF 图片"),
    (b"GIF89a", "GIF 图片"),
    (b"\x7fELF", "Linux 可执行程序（ELF）"),
    (b"Rar!\x1a\x07", "RAR 压缩包"),
    (b"7z\xbc\xaf\x27\x1c", "7z 压缩包"),
    (b"\x1f\x8b", "gzip 压缩包"),
)
_EXE_MAGIC = b"MZ"

# OLE2 directory entries are UTF-16LE names; these few tell what the container holds.
_OLE_ENCRYPTED = "EncryptedPackage".encode("utf-16-le")
_OLE_WORD = "WordDocument".encode("utf-16-le")
_OLE_EXCEL = "Workbook".encode("utf-16-le")

# Encodings in which "<!DOCTYPE" is spelled with the ASCII bytes, so a byte-level
# prolog scan cannot be fooled (UTF-7 or EBCDIC could hide it).
_ASCII_COMPATIBLE = frozenset(
    {"utf-8", "utf8", "us-ascii", "ascii", "gbk", "gb2312", "gb18030", "big5", "shift_jis", "euc-jp"}
    | {"euc-kr", "windows-1252", "cp1252", "latin1", "latin-1", "iso-8859-1", "iso-8859-15"}
)

# What zipfile and zlib raise on broken archives; all of them mean "damaged file".
_ZIP_ERRORS = (
    zipfile.BadZipFile,
    zipfile.LargeZipFile,
    zlib.error,
    EOFError,
    OSError,
    ValueError,
    OverflowError,
    struct.error,
    NotImplementedError,  # zipfile: a compression method it cannot read
    RuntimeError,
    IndexError,
)


def check_file(path: Path, *, display_name: str | None = None) -> str:
    """Return the file kind after every guard passed; raise IngestError otherwise.

    The kind comes from the extension of the name the user sees (``display_name``,
    else the stored file's name), and the content must then agree with it.
    """
    name = display_name or path.name
    where = Where(file=name)
    size = _regular_file_size(path, where)
    if size == 0:
        raise IngestError("文件是空的（0 字节），请检查后重新上传", where=where)
    if size > MAX_FILE_BYTES:
        raise IngestError(
            f"文件大小 {_megabytes(size)} MB，超过上限 {MAX_FILE_BYTES // _MIB} MB，"
            "请删除无关内容（如图片）或拆分成几个文件后再上传",
            where=where,
        )
    kind = _kind_from_name(name, path, where)
    head = _read_head(path, where)
    if kind in OOXML_KINDS:
        _check_ooxml(path, kind, head, where)
    elif kind in LEGACY_KINDS:
        _check_legacy(path, kind, head, where)
    elif kind == "pdf":
        _check_pdf(path, kind, head, where)
    elif kind in WEB_KINDS:
        _check_html(path, kind, head, where)
    else:
        _check_text(path, kind, head, where)
    return kind


# ---------------------------------------------------------------- the file itself


def _regular_file_size(path: Path, where: Where) -> int:
    try:
        info = path.stat()
    except (FileNotFoundError, NotADirectoryError):
        raise IngestError("找不到文件，可能已被移动或删除，请重新选择后上传", where=where) from None
    except OSError as exc:
        raise _unreadable(where, exc) from None
    if stat.S_ISDIR(info.st_mode):
        raise IngestError("这是一个文件夹，不是普通文件，请选择文件夹里的表格文件上传", where=where)
    if not stat.S_ISREG(info.st_mode):
        # A pipe or device would block or never end when read.
        raise IngestError("这不是普通文件（可能是设备或管道），请选择表格文件上传", where=where)
    return info.st_size


def _unreadable(where: Where, exc: OSError) -> IngestError:
    reason = os.strerror(exc.errno) if exc.errno else type(exc).__name__
    return IngestError(f"无法读取文件（{reason}），请重新上传", where=where)


def _megabytes(size: int) -> str:
    # Rounded up, so a file just over the limit never reads as exactly "20.0 MB".
    return f"{math.ceil(size * 10 / _MIB) / 10:.1f}"


def _kind_from_name(name: str, path: Path, where: Where) -> str:
    suffix = PurePath(name).suffix or path.suffix
    kind = suffix.lower().lstrip(".")
    if kind in KINDS:
        return kind
    shown = f" {suffix}" if suffix else "（文件名没有扩展名）"
    raise IngestError(
        f"不支持的文件类型{shown}。可以上传 .docx .xlsx .csv .txt 文件、网页 .html .htm、"
        "带文字的 .pdf，以及会自动转换的旧格式 .doc .xls .wps .et 文件",
        where=where,
    )


def _read_head(path: Path, where: Where, size: int = 8192) -> bytes:
    try:
        with path.open("rb") as stream:
            return stream.read(size)
    except OSError as exc:
        raise _unreadable(where, exc) from None


def _scan(path: Path, where: Where, needles: Iterable[bytes]) -> set[bytes]:
    """Which needles occur anywhere in the file, reading it once in overlapping chunks."""
    wanted = set(needles)
    overlap = max(len(n) for n in wanted) - 1
    found: set[bytes] = set()
    tail = b""
    try:
        with path.open("rb") as stream:
            while wanted - found and (chunk := stream.read(_CHUNK)):
                window = tail + chunk
                found |= {n for n in wanted if n in window}
                tail = window[-overlap:]
    except OSError as exc:
        raise _unreadable(where, exc) from None
    return found


# ---------------------------------------------------------------- what the bytes are


def _signature(head: bytes) -> tuple[bytes, str] | None:
    """(magic bytes, description) of a known binary format, or None."""
    for magic, description in _SIGNATURES:
        if head.startswith(magic):
            return magic, description
    # "MZ" alone could begin a text line; an executable header is full of NULs.
    if head.startswith(_EXE_MAGIC) and b"\x00" in head[:512]:
        return _EXE_MAGIC, "Windows 可执行程序（EXE）"
    return None


def _text_description(head: bytes) -> str | None:
    """What a text-looking file is, for telling the user why it is not an Office file."""
    if not _head_is_text(head):
        return None
    start = head.lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if start.startswith(b"{\\rtf"):
        return "RTF 文档"
    if start.startswith(b"mime-version:"):
        return "单个网页文件（MHT）"
    if b"urn:schemas-microsoft-com:office:spreadsheet" in start:
        return "Excel 2003 XML 表格"
    if start.startswith((b"<!doctype html", b"<html")) or any(m in start[:4096] for m in _HTML_MARKERS):
        return "网页（HTML）"
    if start.startswith(b"<?xml"):
        return "XML 文件"
    return "纯文本"


def _head_is_text(head: bytes) -> bool:
    if bom_encoding(head) is not None or utf16_without_bom(head) is not None:
        return True
    if b"\x00" in head:
        return False
    for codec in ("utf-8", "gb18030"):
        try:
            # The head may end inside a character; only the bytes before that must be valid.
            decoder = codecs.getincrementaldecoder(codec)()
            return looks_like_text(decoder.decode(head, final=False))
        except UnicodeDecodeError:
            continue
    return False


def _mismatch(kind: str, what: str | None, where: Where) -> IngestError:
    shown = f"但内容是{what}，不是{_LABELS[kind]}" if what else f"但内容不是{_LABELS[kind]}"
    return IngestError(
        f"文件内容与扩展名不符：扩展名是 .{kind}，{shown}。"
        f"请确认选对了文件；如是其他软件导出的，请另存为{_LABELS[kind]}后再上传",
        where=where,
    )


def _rename(kind: str, actual: str, where: Where) -> IngestError:
    return IngestError(
        f"这其实是{_LABELS[actual]}，但扩展名是 .{kind}。请把扩展名改为 .{actual} 后再上传",
        where=where,
    )


def _encrypted(where: Where) -> IngestError:
    return IngestError("文件已加密（设有打开密码），请去掉密码后再上传", where=where)


def _reject_ole(path: Path, kind: str, where: Where) -> IngestError:
    """An OLE2 container where it does not belong: encrypted OOXML, or an old Office file."""
    found = _scan(path, where, (_OLE_ENCRYPTED, _OLE_WORD, _OLE_EXCEL))
    if _OLE_ENCRYPTED in found:
        # Office stores a password-protected .docx/.xlsx as OLE2 with an EncryptedPackage stream.
        return _encrypted(where)
    if _OLE_WORD in found:
        return _rename(kind, "doc", where)
    if _OLE_EXCEL in found:
        return _rename(kind, "xls", where)
    return _mismatch(kind, "旧版 Office 文件（OLE2 格式）", where)


def _reject_zip(path: Path, kind: str, where: Where) -> IngestError:
    """A ZIP under a non-OOXML extension: suggest the right name when it is .docx/.xlsx."""
    flavour = _zip_flavour_of(path, where)
    if flavour in OOXML_KINDS:
        return _rename(kind, flavour, where)
    return _mismatch(kind, flavour or "ZIP 压缩包", where)


def _reject_content(path: Path, kind: str, head: bytes, where: Where) -> IngestError:
    signature = _signature(head)
    if signature is None:
        what = _text_description(head)
        if what == "网页（HTML）" and kind not in WEB_KINDS:
            # Many systems "export to Excel" by saving a web page as .xls: it reads as .html.
            return _rename(kind, "html", where)
        return _mismatch(kind, what, where)
    magic, description = signature
    if magic == b"%PDF-" and kind != "pdf":
        return _rename(kind, "pdf", where)
    if magic == _ZIP_MAGIC:
        return _reject_zip(path, kind, where)
    if magic == _OLE_MAGIC:
        return _reject_ole(path, kind, where)
    return _mismatch(kind, description, where)


# ---------------------------------------------------------------- per kind


def _check_ooxml(path: Path, kind: str, head: bytes, where: Where) -> None:
    if not head.startswith(_ZIP_MAGIC):
        raise _reject_content(path, kind, head, where)
    try:
        _check_zip_directory(path, where)
        with zipfile.ZipFile(path) as archive:
            infos = archive.infolist()
            _check_entry_table(archive, infos, where)
            _check_parts(archive, infos, kind, where)
            _stream_entries(archive, infos, where)
    except _ZIP_ERRORS:
        raise _corrupt(where) from None


def _check_legacy(path: Path, kind: str, head: bytes, where: Where) -> None:
    if not head.startswith(_OLE_MAGIC):
        raise _reject_content(path, kind, head, where)
    # The converter reads anything OLE2; an encrypted .docx renamed to .doc it cannot.
    if _OLE_ENCRYPTED in _scan(path, where, (_OLE_ENCRYPTED,)):
        raise _encrypted(where)


def _check_text(path: Path, kind: str, head: bytes, where: Where) -> None:
    if _signature(head):
        raise _reject_content(path, kind, head, where)
    # UTF-16 text is full of NULs; anything else with a NUL is binary.
    if bom_encoding(head) is not None or utf16_without_bom(head) is not None:
        return
    if b"\x00" in _scan(path, where, (b"\x00",)):
        raise _mismatch(kind, "二进制数据（不是文本）", where)


def _check_pdf(path: Path, kind: str, head: bytes, where: Where) -> None:
    if b"%PDF-" not in head[:_PDF_HEADER_WINDOW]:
        raise _reject_content(path, kind, head, where)
    if b"%%EOF" not in _tail(path, where):
        raise IngestError(
            "文件已损坏：PDF 文件不完整（缺少结尾标记），可能只下载或复制了一部分。"
            "请重新下载或导出完整的 PDF 再上传",
            where=where,
        )


def _tail(path: Path, where: Where, size: int = 2048) -> bytes:
    try:
        with path.open("rb") as stream:
            stream.seek(max(0, path.stat().st_size - size))
            return stream.read()
    except OSError as exc:
        raise _unreadable(where, exc) from None


def _check_html(path: Path, kind: str, head: bytes, where: Where) -> None:
    if _signature(head) or not _head_is_text(head):
        raise _reject_content(path, kind, head, where)
    marked = bom_encoding(head)
    codec = marked[0] if marked else utf16_without_bom(head)
    start = (head.decode(codec, "replace").encode("utf-8", "replace") if codec else head).lower()
    if not any(marker in start for marker in _HTML_MARKERS):
        raise _mismatch(kind, _text_description(head), where)


# ---------------------------------------------------------------- ZIP containers


def _corrupt(where: Where, detail: str = "压缩包结构不完整") -> IngestError:
    return IngestError(
        f"文件已损坏，无法打开（{detail}）。请用 Word、Excel 或 WPS 打开后重新保存，再上传",
        where=where,
    )


def _too_many_entries(where: Where, detail: str) -> IngestError:
    return IngestError(f"文件的组成部分过多（{detail}），可能是恶意构造的文件，无法处理", where=where)


def _too_big_inflated(where: Where) -> IngestError:
    return IngestError(
        f"文件解压后的内容超过 {MAX_UNCOMPRESSED_BYTES // _MIB} MB，可能是恶意构造的压缩文件，无法处理",
        where=where,
    )


def _bomb(where: Where, part: str) -> IngestError:
    return IngestError(
        f"文件内部数据压缩比异常（{part}），可能是恶意构造的压缩炸弹，无法处理",
        where=where,
    )


def _check_zip_directory(path: Path, where: Where) -> None:
    """Bound the central directory from its end record, before zipfile builds it in memory."""
    with path.open("rb") as stream:
        stream.seek(0, os.SEEK_END)
        size = stream.tell()
        # End record (22 bytes) + longest comment + room for the ZIP64 locator.
        tail_size = min(size, 22 + 0xFFFF + 20)
        stream.seek(size - tail_size)
        tail = stream.read(tail_size)
        # Found the way zipfile finds it: at the very end when there is no comment.
        at = len(tail) - 22 if tail[-22:-18] == b"PK\x05\x06" else tail.rfind(b"PK\x05\x06")
        if at < 0 or len(tail) - at < 22:
            raise _corrupt(where)
        count, directory_size = struct.unpack("<HL", tail[at + 10 : at + 16])
        if count == 0xFFFF or directory_size == 0xFFFFFFFF:
            count, directory_size = _zip64_directory(stream, tail[at - 20 : at] if at >= 20 else b"")
    if count > MAX_ZIP_ENTRIES:
        raise _too_many_entries(where, f"{count} 个，上限 {MAX_ZIP_ENTRIES} 个")
    if directory_size > MAX_CENTRAL_DIRECTORY_BYTES:
        raise _too_many_entries(where, f"目录 {_megabytes(directory_size)} MB")


def _zip64_directory(stream: BinaryIO, locator: bytes) -> tuple[int, int]:
    """(entry count, directory size) from the ZIP64 end record the locator points to."""
    if not locator.startswith(b"PK\x06\x07"):
        raise zipfile.BadZipFile("missing ZIP64 locator")
    (offset,) = struct.unpack("<Q", locator[8:16])
    stream.seek(offset)
    record = stream.read(56)
    if len(record) < 56 or not record.startswith(b"PK\x06\x06"):
        raise zipfile.BadZipFile("bad ZIP64 end record")
    count, directory_size = struct.unpack("<QQ", record[32:48])
    return int(count), int(directory_size)


def _check_entry_table(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], where: Where) -> None:
    """Everything the directory records say, judged before a single byte is inflated."""
    if len(infos) > MAX_ZIP_ENTRIES:
        raise _too_many_entries(where, f"{len(infos)} 个，上限 {MAX_ZIP_ENTRIES} 个")
    names = [info.filename for info in infos]
    if len(set(names)) != len(names):
        # Two parts with one name: readers would disagree on which one counts.
        raise _corrupt(where, "内部有重名的部分")
    for info in infos:
        _check_entry_name(info.filename, where)
        if info.flag_bits & 0x1:
            raise IngestError(
                "文件中部分内容被加密，无法读取。请去掉密码后重新保存，再上传",
                where=where,
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise IngestError(
                f"文件使用了不支持的压缩方式（{info.compress_type}）。"
                "请用 Word、Excel 或 WPS 重新保存后再上传",
                where=where,
            )
        if info.compress_type == zipfile.ZIP_STORED and info.compress_size != info.file_size:
            raise _corrupt(where, "内部记录的大小不一致")
    if sum(info.file_size for info in infos) > MAX_UNCOMPRESSED_BYTES:
        raise _too_big_inflated(where)
    for info in infos:
        if info.file_size > max(RATIO_FLOOR_BYTES, info.compress_size * MAX_ENTRY_RATIO):
            raise _bomb(where, info.filename)
    _check_no_overlap(archive, infos, where)


def _check_entry_name(name: str, where: Where) -> None:
    parts = re.split(r"[/\\]", name)
    if name.startswith(("/", "\\")) or re.match(r"[A-Za-z]:", name) or ".." in parts:
        raise IngestError(
            f"文件包含不安全的内部路径（{name}），可能是恶意文件，无法处理",
            where=where,
        )


def _check_no_overlap(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], where: Where) -> None:
    """Entries sharing compressed bytes are the trick of non-recursive zip bombs."""
    ordered = sorted(infos, key=lambda i: i.header_offset)
    ends = [i.header_offset for i in ordered[1:]] + [archive.start_dir]
    for info, next_start in zip(ordered, ends, strict=True):
        # A 30-byte local header plus the name (in characters, never more than its
        # bytes) is a lower bound on what precedes the data.
        if info.header_offset + 30 + len(info.orig_filename) + info.compress_size > next_start:
            raise _corrupt(where, "内部结构重叠")


def _check_parts(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], kind: str, where: Where) -> None:
    """The package must hold a main part of its own kind and the content-types list."""
    names = {info.filename for info in infos}
    if _main_part(archive, names, kind) is None:
        flavour = _zip_flavour(archive, names)
        if flavour in OOXML_KINDS and flavour != kind:
            raise _rename(kind, flavour, where)
        if flavour is not None and flavour not in OOXML_KINDS:
            raise _mismatch(kind, flavour, where)
        if _CONTENT_TYPES not in names:
            raise _mismatch(kind, "普通 ZIP 压缩包", where)
        raise _missing_part(_MAIN_PARTS[kind], kind, where)
    if _CONTENT_TYPES not in names:
        raise _missing_part(_CONTENT_TYPES, kind, where)


def _main_part(archive: zipfile.ZipFile, names: set[str], kind: str) -> str | None:
    """The usual main part name, else the one _rels/.rels names if it is of this kind."""
    if _MAIN_PARTS[kind] in names:
        return _MAIN_PARTS[kind]
    target = _office_document_target(archive, names)
    return target if target and _flavour_of_part(target) == kind else None


def _missing_part(part: str, kind: str, where: Where) -> IngestError:
    return IngestError(
        f"文件不是完整的{_LABELS[kind]}：缺少必要的组成部分 {part}。"
        "请用 Word、Excel 或 WPS 打开后重新保存，再上传",
        where=where,
    )


_FLAVOUR_PARTS = (
    ("word/document.xml", "docx"),
    ("xl/workbook.xml", "xlsx"),
    ("ppt/presentation.xml", "PowerPoint 演示文稿"),
    ("xl/workbook.bin", "Excel 二进制工作簿（.xlsb）"),
    ("content.xml", "OpenDocument 文档（.odt/.ods）"),
)


def _flavour_of_part(part: str) -> str | None:
    for prefix, flavour in (("word/", "docx"), ("xl/", "xlsx"), ("ppt/", "PowerPoint 演示文稿")):
        if part.startswith(prefix):
            return flavour
    return None


def _zip_flavour(archive: zipfile.ZipFile, names: set[str]) -> str | None:
    """'docx' or 'xlsx', else a description of another ZIP-based format, else None."""
    for part, flavour in _FLAVOUR_PARTS:
        if part in names:
            return flavour
    target = _office_document_target(archive, names)
    return _flavour_of_part(target) if target else None


def _zip_flavour_of(path: Path, where: Where) -> str | None:
    """The flavour of a ZIP found under a non-OOXML extension; None when unreadable."""
    try:
        _check_zip_directory(path, where)
        with zipfile.ZipFile(path) as archive:
            return _zip_flavour(archive, set(archive.namelist()))
    except _ZIP_ERRORS:
        return None


_RELATIONSHIP = re.compile(r"<(?:\w+:)?Relationship\b[^>]*>")
_ATTRIBUTE = re.compile(r"""(\w+)\s*=\s*["']([^"']*)["']""")


def _office_document_target(archive: zipfile.ZipFile, names: set[str]) -> str | None:
    """The main part named by _rels/.rels when it exists, for packages with unusual part names.

    Read with a bounded read and a regex: no XML parser sees this part before the
    prolog check has run on it.
    """
    if "_rels/.rels" not in names:
        return None
    with archive.open("_rels/.rels") as stream:
        text = stream.read(MAX_PROLOG_BYTES).decode("utf-8", "replace")
    for tag in _RELATIONSHIP.finditer(text):
        attributes = dict(_ATTRIBUTE.findall(tag.group(0)))
        if attributes.get("Type", "").endswith("/officeDocument"):
            target = attributes.get("Target", "").lstrip("/")
            return target if target in names else None
    return None


def _stream_entries(archive: zipfile.ZipFile, infos: list[zipfile.ZipInfo], where: Where) -> int:
    """Inflate every entry once, in file order; return the bytes actually produced."""
    total = 0
    for info in sorted(infos, key=lambda i: i.header_offset):
        total += _stream_entry(archive, info, where, MAX_UNCOMPRESSED_BYTES - total)
    return total


def _stream_entry(archive: zipfile.ZipFile, info: zipfile.ZipInfo, where: Where, budget: int) -> int:
    """Inflate one entry in chunks, stopping as soon as it outgrows any limit.

    The recorded sizes were judged already, but records can lie; these counts are
    of bytes really produced, so a lying record cannot make us inflate more.
    """
    limit = max(RATIO_FLOOR_BYTES, info.compress_size * MAX_ENTRY_RATIO)
    prolog = _Prolog() if info.filename.lower().endswith((".xml", ".rels")) else None
    produced = 0
    with archive.open(info) as stream:
        while chunk := stream.read(_CHUNK):
            produced += len(chunk)
            if produced > budget:
                raise _too_big_inflated(where)
            if produced > limit:
                raise _bomb(where, info.filename)
            if produced > info.file_size:
                raise _corrupt(where, "内部记录的大小与实际不符")
            if prolog is not None:
                prolog.feed(chunk, info.filename, where)
    if produced != info.file_size:
        raise _corrupt(where, "内部记录的大小与实际不符")
    if prolog is not None:
        prolog.finish(info.filename, where)
    return produced


# ---------------------------------------------------------------- XML prologs


class _Verdict(Enum):
    ROOT = "root"  # the root element started with nothing forbidden before it
    MORE = "more"  # undecided: the bytes so far end inside the prolog
    FORBIDDEN = "forbidden"  # a DOCTYPE/ENTITY (or anything else "<!") before the root
    MALFORMED = "malformed"  # not XML at all


def _forbidden_xml(where: Where, part: str) -> IngestError:
    return IngestError(
        f"文件包含不允许的 XML 声明（DTD/实体），可能是恶意文件，无法处理（{part}）",
        where=where,
    )


class _Prolog:
    """Collects the first bytes of an XML part until its prolog can be judged.

    DTDs and entity declarations (billion laughs, external entities) can only
    appear before the root element, so that is all that needs looking at.
    """

    def __init__(self) -> None:
        self._head = bytearray()
        self._decided = False

    def feed(self, chunk: bytes, part: str, where: Where) -> None:
        if self._decided:
            return
        self._head += chunk[: MAX_PROLOG_BYTES - len(self._head)]
        verdict = _judge_prolog(bytes(self._head))
        if verdict is _Verdict.MORE and len(self._head) >= MAX_PROLOG_BYTES:
            verdict = _Verdict.FORBIDDEN
        self._settle(verdict, part, where)

    def finish(self, part: str, where: Where) -> None:
        if self._decided or not self._head.strip():
            return  # empty parts are for the reader to complain about
        verdict = _judge_prolog(bytes(self._head))
        self._settle(_Verdict.MALFORMED if verdict is _Verdict.MORE else verdict, part, where)

    def _settle(self, verdict: _Verdict, part: str, where: Where) -> None:
        if verdict is _Verdict.FORBIDDEN:
            raise _forbidden_xml(where, part)
        if verdict is _Verdict.MALFORMED:
            raise _corrupt(where, f"内部 XML 部分 {part} 格式不正确")
        self._decided = verdict is _Verdict.ROOT


def _xml_codec(head: bytes) -> str | None:
    """The codec an XML parser would read these bytes with (XML 1.0 appendix F)."""
    marked = bom_encoding(head)
    if marked is not None:
        return marked[0]
    if head[:4] in (b"<\x00\x00\x00", b"\x00\x00\x00<"):
        return "utf-32-le" if head[0] else "utf-32-be"
    if len(head) >= 4 and head[1] == 0 and head[3] == 0 and head[0]:
        return "utf-16-le"
    if len(head) >= 4 and head[0] == 0 and head[2] == 0 and head[1]:
        return "utf-16-be"
    declared = re.match(rb"<\?xml[^>]*?encoding\s*=\s*[\"']([A-Za-z0-9._:-]+)[\"']", head)
    if declared and declared.group(1).decode("ascii").lower() not in _ASCII_COMPATIBLE:
        return None
    return "utf-8"


_NAME_START = re.compile(r"[A-Za-z_:\u00c0-\uffff]")


def _judge_prolog(head: bytes) -> _Verdict:
    if len(head) < 4:
        return _Verdict.MORE
    codec = _xml_codec(head)
    if codec is None:
        return _Verdict.FORBIDDEN  # an encoding that could spell "<!DOCTYPE" unseen
    text = head.decode(codec, "replace").lstrip("\ufeff")
    return _scan_prolog(text)


def _scan_prolog(text: str) -> _Verdict:
    at, end = 0, len(text)
    while True:
        while at < end and text[at] in " \t\r\n":
            at += 1
        if at >= end or (end - at < 4 and "<!--".startswith(text[at:])):
            return _Verdict.MORE  # the buffer ends before the next construct is clear
        for opener, closer in (("<?", "?>"), ("<!--", "-->")):
            if text.startswith(opener, at):
                close = text.find(closer, at + len(opener))
                if close < 0:
                    return _Verdict.MORE
                at = close + len(closer)
                break
        else:
            if text.startswith("<!", at):
                return _Verdict.FORBIDDEN
            if text[at] == "<" and _NAME_START.match(text, at + 1):
                return _Verdict.ROOT
            return _Verdict.MALFORMED
