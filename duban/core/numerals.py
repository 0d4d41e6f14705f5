"""Number words in Chinese government text: Arabic, full-width and Chinese numerals.

Only the numeral itself is read here; units, comparators and names live in
``duban.core.quantities``. The regex fragments are exported so that module can
find numerals inside running text with exactly the syntax ``parse_number`` accepts.
"""

from __future__ import annotations

import re
from decimal import Decimal, InvalidOperation

__all__ = [
    "ARABIC_PATTERN",
    "CHINESE_PATTERN",
    "MULTIPLIER_PATTERN",
    "multiplier_of",
    "parse_arabic",
    "parse_chinese",
    "parse_number",
    "tidy",
]

_DIGIT_CLASS = "0-9０-９"
# A thousands comma only counts when exactly three digits follow, so "1,2" stays two numbers.
ARABIC_PATTERN = (
    rf"(?:[{_DIGIT_CLASS}]{{1,3}}(?:,[{_DIGIT_CLASS}]{{3}})+(?![{_DIGIT_CLASS}])|[{_DIGIT_CLASS}]+)"
    rf"(?:[.．][{_DIGIT_CLASS}]+)?"
)
# 千 and 百 after digits are multipliers unless they start a unit (千瓦, 千米, 千克, 百分点).
MULTIPLIER_PATTERN = r"(?:千万|百万|万亿|亿|万|千(?![瓦米克])|百(?!分))"
_CN_DIGITS = "零〇一二两三四五六七八九"
CHINESE_PATTERN = rf"[{_CN_DIGITS}十百千万亿]+(?:点[零〇一二三四五六七八九]+[万亿]?)?"

_MULTIPLIERS = {
    "千万": 10**7,
    "百万": 10**6,
    "万亿": 10**12,
    "亿": 10**8,
    "万": 10**4,
    "千": 10**3,
    "百": 100,
}
_DIGIT_VALUES = {ch: i for i, ch in enumerate("〇一二三四五六七八九")} | {"零": 0, "两": 2}
_SMALL_UNITS = {"十": 10, "百": 100, "千": 1000}
_FULL_WIDTH = str.maketrans("０１２３４５６７８９．", "0123456789.")
_ARABIC_WHOLE = re.compile(rf"({ARABIC_PATTERN})[ \t\u3000]*({MULTIPLIER_PATTERN})?")


def multiplier_of(word: str) -> int:
    """Return the factor a multiplier word such as 万 or 千万 stands for (1 for "")."""
    return _MULTIPLIERS.get(word, 1)


def parse_arabic(digits: str) -> Decimal | None:
    """Read Arabic digits (half- or full-width, decimals, thousands commas) as a Decimal."""
    try:
        return Decimal(digits.translate(_FULL_WIDTH).replace(",", ""))
    except InvalidOperation:
        return None


def tidy(value: Decimal) -> Decimal:
    """Drop exponent noise so 3.5万 reads as 35000, not 35000.0."""
    if value == value.to_integral_value():
        return Decimal(int(value))
    return value.normalize()


def parse_number(text: str) -> Decimal | None:
    """Return the value of a string that is exactly one number, else None."""
    stripped = text.strip()
    value: Decimal | None = None
    arabic = _ARABIC_WHOLE.fullmatch(stripped)
    if arabic is not None:
        value = parse_arabic(arabic.group(1))
        if value is not None:
            value *= multiplier_of(arabic.group(2) or "")
    elif re.fullmatch(CHINESE_PATTERN, stripped):
        value = parse_chinese(stripped)
    return None if value is None else tidy(value)


def parse_chinese(text: str) -> Decimal | None:
    """Read a Chinese numeral such as 二十五, 一百零五 or 三点五万; None if malformed."""
    whole, point, rest = text.partition("点")
    if not point:
        integer = _chinese_integer(whole)
        return None if integer is None else Decimal(integer)
    multiplier = 1
    if rest and rest[-1] in "万亿":
        multiplier, rest = multiplier_of(rest[-1]), rest[:-1]
    integer = _chinese_integer(whole)
    if integer is None or not rest or any(ch not in _DIGIT_VALUES for ch in rest):
        return None
    fraction = "".join(str(_DIGIT_VALUES[ch]) for ch in rest)
    return Decimal(f"{integer}.{fraction}") * multiplier


def _chinese_integer(text: str) -> int | None:
    """Read a Chinese integer numeral, or a digit-by-digit one such as 二〇二五."""
    if not text:
        return None
    if all(ch in _DIGIT_VALUES for ch in text):
        # Two bare digits (三五, 七八) mean "three or five", an estimate rather than 35.
        if len(text) == 2:
            return None
        return int("".join(str(_DIGIT_VALUES[ch]) for ch in text))
    return _positional(text)


def _positional(text: str) -> int | None:
    """Read a numeral with place words (十百千万亿); None when the places are out of order."""
    total = wan = section = 0
    pending: int | None = None
    last_small = 10**5  # place words inside a 4-digit section must strictly decrease
    last_place = 0
    zero_since_place = False
    for ch in text:
        if ch in _DIGIT_VALUES:
            digit = _DIGIT_VALUES[ch]
            if pending is not None:
                return None
            if digit == 0:
                zero_since_place = True
            else:
                pending = digit
        elif ch in _SMALL_UNITS:
            place = _SMALL_UNITS[ch]
            if place >= last_small or (pending is None and ch != "十"):
                return None
            section += (1 if pending is None else pending) * place
            pending, last_small, last_place, zero_since_place = None, place, place, False
        else:
            chunk = section + (pending or 0)
            if ch == "万":
                if chunk == 0 or wan:
                    return None
                wan, last_place = chunk * 10**4, 10**4
            else:
                chunk += wan
                if chunk == 0:
                    return None
                total, wan, last_place = (total + chunk) * 10**8, 0, 10**8
            section, pending, last_small, zero_since_place = 0, None, 10**5, False
    if pending is not None:
        # 一万五 / 两千五: a trailing digit right after a big place fills the next place down.
        if not zero_since_place and last_place >= 100:
            pending *= last_place // 10
        section += pending
    return total + wan + section
