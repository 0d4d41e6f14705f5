"""The leaders' dashboard as one A4 landscape PDF page, without a browser.

The page is HTML with the charts drawn here as SVG (bars with a pattern per state, so they stay
apart in black-and-white print), which LibreOffice Writer lays out and prints to PDF: the same
LibreOffice the other exports use, so a fresh machine needs nothing more, and no browser runs on
the server.
"""

from __future__ import annotations

import base64
import html
import tempfile
from dataclasses import dataclass
from pathlib import Path

from duban.exports.pdf import convert_to_pdf

# LibreOffice opens .html as a web page unless told to use Writer, whose layout keeps @page.
WRITER_HTML = "HTML (StarWriter)"
# Long lists show their first rows on paper, and say how many there are, to stay on one page.
PLAN_ROWS, CATEGORY_ROWS, RED_ROWS, UNIT_ROWS = 5, 15, 8, 15
TITLE_CHARS = 24  # a red task's name on paper; the page in the system has it whole
ROUND_ROWS, ROUND_CHARS = 3, 140  # open rounds, and the length of each one's line
# One pattern per state, in the order of the lights: none, then hatches and dots.
PATTERNS = ("", "diag", "dots", "cross", "back", "grid")


@dataclass(frozen=True)
class LightKey:
    label: str
    colour: str


@dataclass(frozen=True)
class CountRow:
    """A plan's or a unit's counts per light (in the order of the keys) and its 完成率."""

    label: str
    counts: tuple[int, ...]
    done_share: int


@dataclass(frozen=True)
class RedItem:
    light: str
    plan: str
    seq: str
    title: str
    units: str
    deadline: str


@dataclass(frozen=True)
class DashboardExport:
    title: str
    as_of: str  # 截至 … as the page says it
    scheme: str  # the office's colour scheme, named in the legend
    lights: tuple[LightKey, ...]
    plans: tuple[CountRow, ...]
    units: tuple[CountRow, ...]
    categories: tuple[tuple[str, int], ...]  # label, 完成率
    rounds: tuple[str, ...]  # one line per open round
    red: tuple[RedItem, ...]


def render_dashboard_pdf(board: DashboardExport) -> bytes:
    """The dashboard on one A4 landscape page."""
    with tempfile.TemporaryDirectory(prefix="duban-board-") as tmp:
        source = Path(tmp) / "dashboard.html"
        source.write_text(render_dashboard_html(board), encoding="utf-8")
        return convert_to_pdf([source], Path(tmp), infilter=WRITER_HTML)[0].read_bytes()


def render_dashboard_html(board: DashboardExport) -> str:
    """Three columns: the plans and rounds; the categories; the red tasks and the units."""
    return _PAGE.format(
        title=_e(board.title),
        as_of=_e(board.as_of),
        first=_plan_chart(board) + _count_table("计划", board, board.plans, PLAN_ROWS) + _rounds(board),
        second=_category_chart(board),
        third=_red_table(board) + _count_table("牵头单位", board, board.units, UNIT_ROWS),
    )


_PAGE = """<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>{title}</title>
<style>@page {{ size: 297mm 210mm; margin: 8mm; }}
body {{ font-family: "Noto Sans CJK SC", "Microsoft YaHei", sans-serif; font-size: 7pt; }}
h1 {{ font-size: 12pt; margin: 0 0 2mm; }} h2 {{ font-size: 8pt; margin: 2mm 0 1mm; }}
td, th {{ font-size: 6.5pt; padding: 0 2px; }} th {{ background: #eeeeee; }}</style></head><body>
<h1>{title} <font size="2" color="#555555">{as_of}</font></h1>
<table width="100%" cellspacing="0" cellpadding="0"><tr>
<td width="29%" valign="top">{first}</td><td width="1%"></td><td width="29%" valign="top">{second}</td>
<td width="1%"></td><td width="40%" valign="top">{third}</td>
</tr></table></body></html>"""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _count_table(heading: str, board: DashboardExport, rows: tuple[CountRow, ...], shown: int) -> str:
    head = "".join(f"<th>{_e(key.label)}</th>" for key in board.lights)
    body = "".join(
        f"<tr><td>{_e(row.label)}</td>{''.join(f'<td align=right>{n}</td>' for n in row.counts)}"
        f"<td align=right>{row.done_share}%</td></tr>"
        for row in rows[:shown]
    )
    return (
        f"<h2>各{heading}</h2><table width=100% border=1 cellspacing=0 cellpadding=1>"
        f"<tr><th>{heading}</th>{head}<th>完成率</th></tr>{body}</table>{_more(len(rows), shown)}"
    )


def _red_table(board: DashboardExport) -> str:
    rows = "".join(
        f"<tr><td>{_e(r.light)}</td><td>{_e(_cut(r.plan, 12))}</td><td>{_e(r.seq)}</td>"
        f"<td>{_e(_cut(r.title, TITLE_CHARS))}</td><td>{_e(r.units)}</td><td>{_e(r.deadline)}</td></tr>"
        for r in board.red[:RED_ROWS]
    )
    return (
        f"<h2>红灯与逾期事项（{len(board.red)}）</h2><table width=100% border=1 cellspacing=0 cellpadding=1>"
        "<tr><th>状态</th><th>计划</th><th>序号</th><th>重点工作</th><th>牵头单位</th><th>完成时限</th></tr>"
        f"{rows or '<tr><td colspan=6>没有红灯事项</td></tr>'}</table>{_more(len(board.red), RED_ROWS)}"
    )


def _more(total: int, shown: int) -> str:
    return f"<p>列出前 {shown} 项，共 {total} 项，全部见系统。</p>" if total > shown else ""


def _cut(text: str, length: int) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


def _rounds(board: DashboardExport) -> str:
    lines = "".join(f"<div>{_e(_cut(line, ROUND_CHARS))}</div>" for line in board.rounds[:ROUND_ROWS])
    more = _more(len(board.rounds), ROUND_ROWS)
    return f"<h2>本轮填报</h2>{lines or '<div>当前没有进行中的填报轮次</div>'}{more}"


def _plan_chart(board: DashboardExport) -> str:
    """Stacked bars, one per plan, each name whole (wrapped), with the legend naming the scheme."""
    width, label_w, line_h = 320, 120, 12
    rows = board.plans[:PLAN_ROWS]
    most = max((sum(r.counts) for r in rows), default=0) or 1
    parts, y = [_legend(board)], 40
    for row in rows:
        lines = _wrapped(row.label, 10)
        bar_h = max(16, len(lines) * line_h)
        parts += [
            _text(label_w - 4, y + (n + 1) * line_h - 2, line, anchor="end") for n, line in enumerate(lines)
        ]
        x = float(label_w)
        for index, count in enumerate(row.counts):
            w = (width - label_w - 24) * count / most
            parts.append(_bar(x, y, w, bar_h, index, board))
            x += w
        parts.append(_text(x + 3, y + line_h, str(sum(row.counts))))
        y += bar_h + 6
    scheme = f"配色：{board.scheme}（另以花纹区分）"
    parts.append(_text(width, y + 12, scheme, anchor="end", colour="#555555"))
    return "<h2>各计划红黄绿灯</h2>" + _svg(width, y + 16, "".join(parts))


def _category_chart(board: DashboardExport) -> str:
    """完成率 per category, every label whole: a long one wraps onto further lines."""
    width, label_w, line_h = 320, 180, 12
    scale = width - label_w - 36
    parts, y = [], 3
    for label, share in board.categories[:CATEGORY_ROWS]:
        lines = _wrapped(label, 15)
        parts += [
            _text(label_w - 4, y + (n + 1) * line_h - 3, line, anchor="end") for n, line in enumerate(lines)
        ]
        parts.append(_bar(label_w, y + 1, scale * share / 100, line_h - 2, 0, board))
        parts.append(_text(label_w + scale * share / 100 + 3, y + line_h - 3, f"{share}%"))
        y += len(lines) * line_h + 3
    chart = _svg(width, y + 3, "".join(parts))
    return f"<h2>各类别完成率</h2>{chart}{_more(len(board.categories), CATEGORY_ROWS)}"


def _wrapped(text: str, length: int) -> list[str]:
    return [text[i : i + length] for i in range(0, len(text), length)] or [""]


def _legend(board: DashboardExport) -> str:
    """Three keys a line: each state's colour and pattern, and its name."""
    keys = []
    for i, key in enumerate(board.lights):
        x, y = (i % 3) * 105, 4 + (i // 3) * 16
        keys.append(_bar(x, y, 18, 10, i, board) + _text(x + 22, y + 9, key.label))
    return "".join(keys)


def _bar(x: float, y: float, w: float, h: float, index: int, board: DashboardExport) -> str:
    if w <= 0:
        return ""
    colour = board.lights[index].colour
    box = f'x="{x:.1f}" y="{y:.1f}" width="{w:.1f}" height="{h:.1f}"'
    pattern = PATTERNS[index % len(PATTERNS)]
    over = f'<rect {box} fill="url(#{pattern})"/>' if pattern else ""
    return f'<rect {box} fill="{colour}" stroke="#333333" stroke-width="0.5"/>{over}'


def _text(x: float, y: float, text: str, *, anchor: str = "start", colour: str = "#212529") -> str:
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-size="10" text-anchor="{anchor}" fill="{colour}" '
        f'font-family="Noto Sans CJK SC, Microsoft YaHei, sans-serif">{_e(text)}</text>'
    )


_PATTERN_SHAPES = {
    "diag": '<path d="M0,6 L6,0" stroke="#ffffff" stroke-width="1.5"/>',
    "dots": '<circle cx="2.5" cy="2.5" r="1.2" fill="#ffffff"/>',
    "cross": '<path d="M0,3 L6,3 M3,0 L3,6" stroke="#ffffff" stroke-width="1"/>',
    "back": '<path d="M0,0 L6,6" stroke="#000000" stroke-width="1"/>',
    "grid": '<rect width="2" height="2" fill="#000000"/>',
}
_DEFS = "<defs>{}</defs>".format(
    "".join(
        f'<pattern id="{name}" width="6" height="6" patternUnits="userSpaceOnUse">{shape}</pattern>'
        for name, shape in _PATTERN_SHAPES.items()
    )
)


def _svg(width: int, height: int, body: str) -> str:
    """An SVG image inline as a data URI: Writer's HTML import draws it as a picture."""
    svg = (
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}">{_DEFS}{body}</svg>'
    )
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    return f'<img src="data:image/svg+xml;base64,{data}" width="{width}" height="{height}" alt="图表">'
