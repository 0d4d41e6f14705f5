"""Writing amounts and quotations the way a 督办员 reads them in a message."""

from __future__ import annotations

from decimal import Decimal

from duban.core.quantities import Indicator

_COMPARATOR_WORDS = {">=": "不低于", ">": "超过", "=": "", "≈": "约", "<=": "不超过", "<": "低于"}
_QUOTE_LIMIT = 40


def amount(value: Decimal, unit: str) -> str:
    """Write an amount in its base unit, money in 万元 / 亿元 (3641000000 元 -> 36.41亿元)."""
    if unit == "元" and abs(value) >= 10**8:
        return f"{_plain(value / 10**8)}亿元"
    if unit == "元" and abs(value) >= 10**4:
        return f"{_plain(value / 10**4)}万元"
    return f"{_plain(value)}{unit}"


def requirement(indicator: Indicator) -> str:
    """Write what an indicator requires: 不低于50家, 超过15家, 100%."""
    return f"{_COMPARATOR_WORDS.get(indicator.comparator, '')}{amount(indicator.value, indicator.unit)}"


def quote(text: str, limit: int = _QUOTE_LIMIT) -> str:
    """Quote text in Chinese quotation marks, shortened to limit characters."""
    flat = " ".join(text.split())
    return f"“{flat if len(flat) <= limit else flat[: limit - 1] + '…'}”"


def _plain(value: Decimal) -> str:
    """Write a decimal without exponent or trailing zeros (57544, 89.4, 0.9495)."""
    text = format(value.normalize(), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text
