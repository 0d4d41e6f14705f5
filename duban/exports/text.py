"""Making user text safe to write into Office files, and the office's way of writing periods.

Every string a user typed passes through here on its way into a file: the
XML inside .docx and .xlsx cannot hold most C0 control characters (lxml and
openpyxl raise on them), and a spreadsheet cell that starts with ``=`` ``+``
``-`` ``@`` (or a tab or carriage return before one) is run as a formula when
the file is opened: a CSV/formula injection.
"""

from __future__ import annotations

import datetime as dt
import re

# XML 1.0 forbids these (a superset of openpyxl's ILLEGAL_CHARACTERS_RE): C0
# controls except tab, line feed and carriage return; lone surrogates; U+FFFE/F.
_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_FORMULA_START = ("=", "+", "-", "@")
_FORMULA_LEAD = ("\t", "\r")  # Excel skips these before a formula sign, so they start one too
QUOTE = "'"


def strip_control(text: str) -> str:
    """The text without the characters an Office XML file cannot hold."""
    return _ILLEGAL.sub("", text)


def formula_escape(text: str) -> str:
    """The text with a leading quote if a spreadsheet would run it as a formula (CSV or .xlsx).

    The quote prefix is what Excel itself shows for "text that looks like a
    formula"; it keeps the cell a string in Excel, WPS and LibreOffice alike.
    """
    return QUOTE + text if _runs_as_formula(text) else text


def formula_unescape(text: str) -> str:
    """A cell read back from our own export: the quote ``formula_escape`` added comes off again."""
    unquoted = text.removeprefix(QUOTE)
    return unquoted if unquoted != text and _runs_as_formula(unquoted) else text


def spreadsheet_text(text: str) -> str:
    """A user's text as an .xlsx cell will show it: never a formula, nothing the XML cannot hold."""
    return formula_escape(strip_control(text))


def _runs_as_formula(text: str) -> bool:
    return text.startswith(_FORMULA_LEAD) or text.lstrip().startswith(_FORMULA_START)


def period_label(start: dt.date | None, end: dt.date | None) -> str:
    """2025年 for one year, 2022—2024年 for a range, "" when unknown."""
    if start is None:
        return ""
    if end is None or end.year == start.year:
        return f"{start.year}年"
    return f"{start.year}—{end.year}年"
