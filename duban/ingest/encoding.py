"""Decode an uploaded text or CSV file without asking the user which encoding it uses.

Office users cannot answer "which encoding is this?", so the order below goes from
certain to likely: a byte-order mark, then strict UTF-8 (which almost never decodes
anything else by accident), then UTF-16 that shows itself by its NUL bytes, then
GB18030 (a superset of GBK and GB2312, what Chinese Excel and WPS write when they
"save as CSV"), and only then a statistical guess. Every candidate must also look
like text, because a wrong codec often "succeeds" on foreign bytes.
"""

from __future__ import annotations

import codecs
import re
import unicodedata

from charset_normalizer import from_bytes

from duban.ingest.errors import IngestError, Where

UNKNOWN_ENCODING = "无法识别文件编码，请另存为 UTF-8 后再上传"

# Longest first: the UTF-32-LE mark begins with the UTF-16-LE one.
_BOMS: tuple[tuple[bytes, str], ...] = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# Enough to judge a file; classifying more only costs time.
_SAMPLE_BYTES = 8192
_SAMPLE_CHARS = 8192
# A statistical guess is only trusted when charset-normalizer finds little "mess".
_MAX_GUESS_CHAOS = 0.1
# Share of control characters above which decoded "text" is really binary or a wrong codec.
_MAX_CONTROL_SHARE = 0.01
_TEXT_CONTROLS = frozenset("\t\n\r\f\v")
# UTF-16 without a mark must show at least this many ASCII characters to be believed.
_MIN_UTF16_NULS = 4
_ASCII_TEXT = frozenset(b"\t\n\r" + bytes(range(0x20, 0x7F)))


def bom_encoding(data: bytes) -> tuple[str, int] | None:
    """The codec named by a leading byte-order mark and the mark's length, if any."""
    for bom, name in _BOMS:
        if data.startswith(bom):
            return name, len(bom)
    return None


def utf16_without_bom(data: bytes) -> str | None:
    """'utf-16-le' or 'utf-16-be' when NUL bytes betray UTF-16 without a mark.

    ASCII characters (digits, commas, newlines, which every table has) carry a NUL
    high byte in UTF-16, so NULs pile up at odd offsets (LE) or even ones (BE), each
    beside a printable ASCII byte. CJK characters rarely have a zero byte, hence the
    low share required; the other parity may still hold a few (U+4E00 一 is 00 4E in
    LE). A stray NUL or two in GBK text, or NULs in binary data, fail these tests.
    """
    sample = data[:_SAMPLE_BYTES]
    sample = sample[: len(sample) // 2 * 2]
    low, high = sample[0::2], sample[1::2]
    even, odd = low.count(0), high.count(0)
    if odd >= even:
        codec, zeros, partners, dominant, other = "utf-16-le", high, low, odd, even
    else:
        codec, zeros, partners, dominant, other = "utf-16-be", low, high, even, odd
    if dominant < max(_MIN_UTF16_NULS, len(zeros) // 64) or other * 4 > dominant:
        return None
    ascii_partners = sum(1 for z, p in zip(zeros, partners, strict=True) if z == 0 and p in _ASCII_TEXT)
    return codec if ascii_partners * 10 >= dominant * 9 else None


def looks_like_text(text: str) -> bool:
    """True when decoded characters read as text: no NUL, almost no other controls."""
    sample = text[:_SAMPLE_CHARS]
    if "\x00" in sample:
        return False
    controls = sum(
        1 for ch in sample if ch not in _TEXT_CONTROLS and unicodedata.category(ch) in ("Cc", "Cs")
    )
    return controls <= len(sample) * _MAX_CONTROL_SHARE


def _strict(data: bytes, codec: str) -> str | None:
    try:
        text = data.decode(codec)
    except (UnicodeDecodeError, LookupError):
        return None
    return text if looks_like_text(text) else None


def _guess(data: bytes) -> tuple[str, str] | None:
    best = from_bytes(data[: _SAMPLE_BYTES * 4]).best()
    if best is None or best.chaos > _MAX_GUESS_CHAOS:
        return None
    codec = str(best.encoding)
    text = _strict(data, codec)
    return (text, codec) if text is not None else None


def _detect(data: bytes) -> tuple[str, str] | None:
    marked = bom_encoding(data)
    if marked is not None:
        # A mark is the writer's own statement; if the bytes contradict it, nothing else is safer.
        codec, skip = marked
        text = _strict(data[skip:], codec)
        return (text, codec + ("-sig" if codec == "utf-8" else "")) if text is not None else None
    text = _strict(data, "utf-8")
    if text is not None:
        return text, "utf-8"
    utf16 = utf16_without_bom(data)
    if utf16 is not None:
        text = _strict(data, utf16)
        if text is not None:
            return text, utf16
    text = _strict(data, "gb18030")
    if text is not None:
        return text, "gb18030"
    return _guess(data)


def decode_text(data: bytes, *, display_name: str) -> tuple[str, str]:
    """Return (text, encoding name) for a text/CSV upload; detect, never ask the user.

    The text has no leading BOM character and only ``\\n`` line ends, so readers can
    count lines the way an editor shows them.
    """
    found = _detect(data)
    if found is None:
        raise IngestError(UNKNOWN_ENCODING, where=Where(file=display_name))
    text, codec = found
    if text.startswith("\ufeff"):
        text = text[1:]
    return text.replace("\r\n", "\n").replace("\r", "\n"), codec


# <meta charset="gb2312"> or <meta http-equiv="Content-Type" content="text/html; charset=GBK">
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.IGNORECASE)
# What pages declare, read as the superset Chinese systems actually write.
_CHARSET_ALIASES = {"gb2312": "gb18030", "gbk": "gb18030", "x-gbk": "gb18030", "gb_2312-80": "gb18030"}


def declared_charset(data: bytes) -> str | None:
    """The codec a web page's <meta> names in its first kilobytes, if Python knows it."""
    match = _META_CHARSET.search(data[:_SAMPLE_BYTES])
    if match is None:
        return None
    name = match.group(1).decode("ascii", "replace").lower()
    name = _CHARSET_ALIASES.get(name, name)
    try:
        return codecs.lookup(name).name
    except LookupError:
        return None


def decode_html(data: bytes, *, display_name: str) -> tuple[str, str]:
    """Decode a saved web page: its byte-order mark, then its <meta> charset, then as any text.

    A page that declares GB2312 but was saved as UTF-8 (a browser's "save as" re-encodes
    without fixing the tag) fails the declared codec strictly and falls back to detection.
    """
    declared = declared_charset(data) if bom_encoding(data) is None else None
    if declared is not None:
        text = _strict(data, declared)
        if text is not None:
            return text.replace("\r\n", "\n").replace("\r", "\n"), declared
    return decode_text(data, display_name=display_name)
