"""A 督办件's file for the archive (督办件办理情况): its particulars, then every step in order.

Same layout as the other notices (``docx.py``): 小标宋 title, 仿宋 body and table text.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from duban.exports import _word as word
from duban.exports.docx import _heading, _notice, _signature, _simple_table
from duban.exports.fonts import OFFICIAL_FONTS, SIZE_3, Fonts

_PARTICULAR_COLUMNS = (("项目", 6), ("内容", 30))
_EVENT_COLUMNS = (("时间", 9), ("办理人", 7), ("办理情况", 22))


@dataclass(frozen=True)
class ItemEvent:
    at: str  # 2025-11-20 09:30, on the office's clock
    actor: str  # a person's name, or 系统
    text: str


@dataclass(frozen=True)
class ItemHistoryExport:
    number: str
    title: str
    particulars: list[tuple[str, str]]  # (督办编号, 霞督〔2025〕1号), (来源, 批示件), …
    events: list[ItemEvent]
    issued_on: dt.date
    office: str


def render_item_history_docx(x: ItemHistoryExport, *, fonts: Fonts = OFFICIAL_FONTS) -> bytes:
    """督办件办理情况: what the item was, then its 交办, 签收, reports, 办结, 阅示 and 销号 in order."""
    document = _notice("督办件办理情况", fonts, made_on=x.issued_on)
    word.add_text(document, f"{x.number}　{x.title}", font=fonts.body, size=SIZE_3, align=word.CENTER)
    _heading(document, "一、基本情况", fonts)
    _simple_table(document, _PARTICULAR_COLUMNS, [list(p) for p in x.particulars], fonts)
    _heading(document, "二、办理过程", fonts)
    _simple_table(document, _EVENT_COLUMNS, [[e.at, e.actor, e.text] for e in x.events], fonts)
    _signature(document, x.office, x.issued_on, fonts)
    return word.to_bytes(document)
