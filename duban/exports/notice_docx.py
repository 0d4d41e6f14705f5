"""督办单 (a 三色督办 notice) in the office's layout: the 红头 with the issuing office, the notice's
number above a red rule, 主送 unit, 事项 with its 督办编号, 存在问题, 督办要求 and 办理时限, the
落款 and, on a 挂牌 notice, 抄送 the 分管领导 between two rules at the foot.

Same fonts as the other notices (``docx.py``): 小标宋 红头 and title, 黑体 headings, 仿宋 body.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from docx.shared import Pt

from duban.core.dates import cn_date
from duban.exports import _word as word
from duban.exports.docx import _heading, _signature
from duban.exports.fonts import OFFICIAL_FONTS, SIZE_2, SIZE_3, SIZE_4, Fonts


@dataclass(frozen=True)
class NoticeExport:
    number: str  # 霞督单〔2025〕1号
    level_label: str  # 红色督办单
    office: str  # the issuing office, on the 红头 and the 落款
    unit: str  # 主送
    item_number: str  # the item's 督办编号
    item_title: str
    problem: str
    requirement: str
    due_on: dt.date
    flagged: bool  # 挂牌督办
    copied_to: str  # 分管领导张三、分管领导李四
    issued_on: dt.date


def render_notice_docx(x: NoticeExport, *, fonts: Fonts = OFFICIAL_FONTS) -> bytes:
    """督办单: 红头, number, 主送, 事项, 存在问题, 督办要求 with its time limit, 落款, 抄送."""
    document = word.new_document(
        landscape=False, body_font=fonts.body, title=x.level_label, made_on=x.issued_on
    )
    word.red_head(document, f"{x.office}督办单", font=fonts.title, size=SIZE_2)
    number = word.add_text(document, x.number, font=fonts.body, size=SIZE_3, align=word.CENTER)
    word.rule_below(number)
    title = word.add_text(document, x.level_label, font=fonts.title, size=SIZE_2, align=word.CENTER)
    title.paragraph_format.space_before = Pt(SIZE_3)
    word.add_text(document, f"{x.unit}：", font=fonts.body, size=SIZE_3)
    item = f"{x.item_number}　{x.item_title}" if x.item_number else x.item_title
    word.body_paragraph(document, f"事项：{item}", font=fonts.body, size=SIZE_3)
    _heading(document, "一、存在问题", fonts)
    word.body_paragraph(document, x.problem, font=fonts.body, size=SIZE_3)
    _heading(document, "二、督办要求", fonts)
    for text in notice_requirements(x):
        word.body_paragraph(document, text, font=fonts.body, size=SIZE_3)
    _signature(document, x.office, x.issued_on, fonts)
    if x.copied_to:
        _copied(document, x.copied_to, fonts)
    word.page_number_footer(document, font=fonts.body, size=SIZE_4)
    return word.to_bytes(document)


def notice_requirements(x: NoticeExport) -> list[str]:
    """督办要求, then 办理时限 (and 挂牌督办) in the office's words."""
    lines = [x.requirement]
    if x.flagged:
        lines.append("本事项列为挂牌督办事项，办结销号后摘牌。")
    lines.append(f"办理时限：请于{cn_date(x.due_on)}前将办理情况书面报送{x.office}。")
    return lines


def _copied(document: object, copied_to: str, fonts: Fonts) -> None:
    """抄送 between two thin black rules at the foot, as on an official document's 版记."""
    spacer = word.add_text(document, "", font=fonts.body, size=SIZE_4)
    spacer.paragraph_format.space_before = Pt(SIZE_3 * 2)
    word.rule_below(spacer, colour="000000")
    line = word.add_text(document, f"抄送：{copied_to}。", font=fonts.body, size=SIZE_4)
    word.rule_below(line, colour="000000")
