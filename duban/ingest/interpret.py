"""From a read document to the plan the office means: title, period, goals, sections, tasks."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable

from duban.core.plan import PlanDoc, SectionDoc
from duban.ingest.cleaning import compact, join_label, to_simplified
from duban.ingest.errors import IngestError, NeedsMapping, Where
from duban.ingest.headers import Header, field_of, find_header
from duban.ingest.layout import (
    FIELD_LABELS,
    Layout,
    LayoutError,
    LeadRule,
    ShortRows,
    header_rows,
    header_texts,
    propose_layouts,
)
from duban.ingest.model import Document, Paragraph, Table
from duban.ingest.narrative import (
    goals_from_items,
    join_broken_paragraphs,
    numbering,
    read_items,
    sections_from_items,
    states_lead_rule,
)
from duban.ingest.recovery import align_short_rows
from duban.ingest.tables import MisalignedRow, ReadOptions, TableReader

_ATTACHMENT = re.compile(r"^附件\s*[0-9０-９一二三四五六七八九十]*\s*[:：]?$")
_TABLE_LABEL = re.compile(r"^(?:附)?表\s*[0-9０-９一二三四五六七八九十]+\s*[:：]?$")
_DOC_NUMBER = re.compile(r"〔\d{4}〕|\[\d{4}\]")
_PERIOD = re.compile(r"(20\d{2})\s*年?\s*(?:—|–|-|－|~|～|至|到)+\s*(20\d{2})\s*年")
_YEAR = re.compile(r"(20\d{2})\s*年")
# [issuer]关于印发《X》的通知, 关于X的通知 (after a 【…】 tag a page puts in front): the plan is X.
_ISSUING = re.compile(r"^(?:【[^】]*】)?[^《]{0,30}?关于(?:印发|转发|下发|印送)?《?(.+?)》?的(?:通知|函)$")
# 经市政府同意，现将《X》印发给你们: the document is X.
_NOTICE = re.compile(
    r"现将《([^《》]+)》(?:予以)?(?:印发|转发|下发|印送)|^《([^》]+)》.{0,60}?现(?:予以)?(?:印发|转发|下发|印送)给"
)
# A page's title line runs on into its furniture: 关于X的通知发布时间:2020-02-03 …
_RUNS_ON = re.compile(r"(?:发布时间|发布日期|来源|浏览次数)\s*[:：].*$")
# … or into its addressees and notice: 关于印发X的通知各县(市、区)人民政府,…:经市人民政府同意…
_NOTICE_RUNS_ON = re.compile(r"^(.{0,40}?关于.{2,80}?的(?:通知|函))(?=\S.{0,80}?[:：]).*$", re.S)
# The masthead: XX人民政府文件, XX人民政府办公室文件, 中共XX委员会文件.
_MASTHEAD = re.compile(r"(?:政府|办公室|办公厅|委员会|党委|局|委)\s*文\s*件$")
# Web page furniture and signature lines: never a title.
_FURNITURE = re.compile(
    r"[|>»]|^(?:首页|当前位置|您的位置|发布时间|发布日期|资料时间|数据时间|来源|字号|浏览次数|索引号|主题分类|成文日期)"
    r"|^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$"
)
_MIN_TITLE = 5
_HEADING_MAX = 60


def interpret_document(doc: Document, layout: Layout | None = None) -> PlanDoc:
    """The whole plan in a document, or an IngestError saying why there is none.

    With a layout (the office's mapping, or a remembered 版式) its table is read as it says,
    and the document's other tables are left alone.
    """
    first_table = next((i for i, b in enumerate(doc.blocks) if isinstance(b, Table)), len(doc.blocks))
    before = [b for b in doc.blocks[:first_table] if isinstance(b, Paragraph)]
    heading_count = len(_heading_block(before)) if first_table < len(doc.blocks) else 0
    prose = join_broken_paragraphs(before[: len(before) - heading_count])
    plan = PlanDoc(title="", file=doc.file, sha256=doc.sha256)
    if prose:
        plan.attachment_label, plan.title = _title(prose)
    _set_period(plan, [p.text for p in prose])
    items = read_items(prose)
    plan.goals = goals_from_items(items)
    plan.sections = sections_from_items(items, default_year=_year(plan), table="正文")
    if layout is None:
        _read_tables(doc, plan)
        if _tasks_are_figures(plan):
            raise _matrix_refusal("表格", Where(file=doc.file))
    else:
        _read_with_layout(doc, plan, layout)
    if not plan.sections:
        raise _refusal(doc)
    return plan


def _read_tables(doc: Document, plan: PlanDoc) -> None:
    paragraphs: list[Paragraph] = []
    previous: Header | None = None
    for block in doc.blocks:
        if isinstance(block, Paragraph):
            paragraphs.append(block)
            continue
        header = find_header(block.rows)
        if header is None:
            continue
        headings = [p.text for p in _heading_block(paragraphs)] + _title_rows(block, header)
        label, title = _heading(headings)
        continues = previous is not None and not headings and header.signature == previous.signature
        if not continues:
            _start_table_section(plan, label, title)
        texts = tuple(header_texts(block, header_rows(block, header)))
        options = ReadOptions(
            header_texts=texts,
            periods=header.periods,
            first_listed_leads=_first_listed(doc, texts),
            more_responsible=_more_responsible(texts, header),
        )
        reader = TableReader(block, header, doc.file, _year(plan, title), plan.sections, options)
        try:
            reader.read()
        except MisalignedRow as error:
            if doc.kind not in _COPIED_KINDS:
                # The office's own table has a row out of line: refused, saying which.
                raise IngestError(error.message, where=error.where) from None
            raise NeedsMapping(
                f"{error.message}。可在“对应列”步骤中指定每一列的含义和缺格行的对齐方式",
                proposals=propose_layouts(doc),
                where=error.where,
            ) from error
        plan.warnings.extend(reader.warnings)
        paragraphs, previous = [], header
    plan.sections = [s for s in plan.sections if s.tasks]


# Tables copied from a page (plain text, a PDF's text layer, a saved web page) often lose their
# merged cells: a row out of line there is a grid for the office to map, not a mistake to refuse.
_COPIED_KINDS = frozenset({"txt", "pdf", "html"})


def _more_responsible(texts: tuple[str, ...], header: Header) -> tuple[int, ...]:
    """Columns after the first that also name responsible units (责任单位 and 配合单位)."""
    first = header.columns.get("responsible")
    named = (c for c, text in enumerate(texts, start=1) if field_of(text) == "responsible")
    return tuple(c for c in named if c != first)


def _first_listed(doc: Document, header: tuple[str, ...]) -> bool:
    """The document says (in a note or in the header) that the first unit listed leads."""
    return any(states_lead_rule(t) for t in header) or any(states_lead_rule(p.text) for p in doc.paragraphs())


def _read_with_layout(doc: Document, plan: PlanDoc, layout: Layout) -> None:
    tables = doc.tables()
    if layout.table > len(tables):
        raise LayoutError(f"版式指定第{layout.table}个表格，但文件中只有{len(tables)}个表格")
    table = tables[layout.table - 1]
    header = _layout_header(table, layout)
    position = doc.blocks.index(table)
    if layout.short_rows == ShortRows.MERGED_LEFT:
        table = align_short_rows(table, header.row, {m.column: m.field for m in layout.columns if m.field})
    paragraphs = [b for b in doc.blocks[:position] if isinstance(b, Paragraph)]
    label, title = _heading([p.text for p in _heading_block(paragraphs)] + _title_rows(table, header))
    plan.sections = []  # the mapped table is the plan: list items in the text around it are not
    _start_table_section(plan, label, title)
    reader = TableReader(table, header, doc.file, _year(plan, title), plan.sections, _options(table, layout))
    reader.read()
    plan.warnings.extend(reader.warnings)
    plan.sections = [s for s in plan.sections if s.tasks]


def _layout_header(table: Table, layout: Layout) -> Header:
    last = max(layout.header_rows)
    index = next((i for i, row in enumerate(table.rows) if row.number == last), None)
    if index is None:
        raise LayoutError(f"版式指定表头在第{last}行，但{table.name}只有{len(table.rows)}行")
    signature = tuple(compact(c.text) for c in table.rows[index].cells)
    return Header(index, layout.field_columns(), signature)


def _options(table: Table, layout: Layout) -> ReadOptions:
    rows = [r for r in table.rows if r.number in layout.header_rows]
    return ReadOptions(
        section_rows=frozenset(layout.section_rows),
        unit_separator=layout.unit_separator,
        first_listed_leads=layout.lead_rule == LeadRule.FIRST_LISTED,
        all_lead=layout.lead_rule == LeadRule.ALL_LEAD,
        periods=tuple(layout.period_columns()),
        header_texts=_named_columns(header_texts(table, rows), layout),
        more_responsible=tuple(m.column for m in layout.columns if m.field == "responsible")[1:],
    )


def _named_columns(texts: list[str], layout: Layout) -> tuple[str, ...]:
    """The header's texts, a column the office mapped but the header leaves blank (a copy that
    lost the header's merged cells) named by its field, so that its cells are inside the table."""
    texts = texts + [""] * (max(m.column for m in layout.columns) - len(texts))
    for mapped in layout.columns:
        if mapped.field and not texts[mapped.column - 1].strip():
            texts[mapped.column - 1] = FIELD_LABELS[mapped.field]
    return tuple(texts)


def _start_table_section(plan: PlanDoc, label: str, title: str) -> None:
    if not plan.title:
        plan.title, plan.attachment_label = title, label
        _set_period(plan, [title])
    plan.sections.append(SectionDoc(title=title or plan.title))


def _heading_block(paragraphs: list[Paragraph]) -> list[Paragraph]:
    """The short paragraphs right above a table: its attachment label and title."""
    block: list[Paragraph] = []
    for paragraph in reversed(paragraphs):
        text = paragraph.text.strip()
        if text and (len(text) > _HEADING_MAX or text.endswith("。") or numbering(text) or len(block) == 4):
            break
        block.insert(0, paragraph)
    return [p for p in block if p.text.strip()]


def _title_rows(table: Table, header: Header) -> list[str]:
    """Rows above the header with a single value (a workbook's title rows)."""
    texts = []
    for row in table.rows[: header.row]:
        values = {c.text.strip() for c in row.cells if c.text.strip()}
        if len(values) == 1:
            texts.append(values.pop())
    return texts


def _heading(texts: list[str]) -> tuple[str, str]:
    """(attachment label, title) from the lines above a table."""
    label = next((t.strip() for t in texts if _ATTACHMENT.match(t.strip())), "")
    titles = [t for t in texts if not (_ATTACHMENT.match(t.strip()) or _TABLE_LABEL.match(t.strip()))]
    titles = [t for t in titles if not _is_furniture(t)] or titles  # 来源:… 发布日期:… is no title
    # A title wrapped on a page: …(截至10月31 / 日)
    if len(titles) >= 2 and len(compact(titles[-1])) < _MIN_TITLE:
        return label, _tidy_title(titles[-2] + titles[-1])
    return label, _tidy_title(titles[-1]) if titles else ""


def _title(prose: list[Paragraph]) -> tuple[str, str]:
    """(attachment label, title) of a prose document: its first real line."""
    label = next((p.text.strip() for p in prose if _ATTACHMENT.match(p.text.strip())), "")
    texts = [p.text.strip() for p in prose]
    for text in texts:  # 关于印发《X》的通知, 现将《X》印发给你们: the plan is X
        head = _NOTICE_RUNS_ON.sub(r"\1", _RUNS_ON.sub("", text))
        named = (_ISSUING.match(compact(head)) if len(head) <= 80 else None) or _NOTICE.search(text)
        if named:
            return label, _tidy_title(next(g for g in named.groups() if g))
    for index, text in enumerate(texts[:-1]):  # 附件1 on its own line: the attachment's title follows
        if _ATTACHMENT.match(text) and _is_title_line(texts[index + 1]):
            return label, _tidy_title(texts[index + 1])
    for text in texts:
        if _is_title_line(text):
            return label, _tidy_title(text)
    return label, ""


def _is_title_line(text: str) -> bool:
    """Not an attachment label, masthead, 文号, 主送 line, page furniture or a sentence of the notice."""
    flat = compact(text)
    return not (
        len(flat) < _MIN_TITLE
        or _ATTACHMENT.match(text)
        or _TABLE_LABEL.match(text)
        or _MASTHEAD.search(flat)
        or (_DOC_NUMBER.search(text) and len(text) < 30)
        or text.endswith(("：", ":"))
        or _is_furniture(text)
    )


def _is_furniture(text: str) -> bool:
    return bool(_FURNITURE.search(to_simplified(text)))


def _tidy_title(text: str) -> str:
    """A title as one line, without the spaces Word puts around numbers (2022 年 → 2022年)."""
    flat = re.sub(r"^【[^】]{1,12}】(?=\S)", "", join_label(text).strip())  # 【行政院】 is the site's tag
    return re.sub(r"(?<=[\d\u4e00-\u9fff])\s+(?=[\d\u4e00-\u9fff])", "", flat)


def _set_period(plan: PlanDoc, texts: list[str]) -> None:
    if plan.period_start:
        return
    for text in [plan.title, *texts]:
        match = _PERIOD.search(text) or _YEAR.search(text)
        if match:
            start, end = int(match.group(1)), int(match.group(match.lastindex or 1))
            plan.period_start, plan.period_end = dt.date(start, 1, 1), dt.date(end, 12, 31)
            return


def _year(plan: PlanDoc, title: str = "") -> int | None:
    match = _YEAR.search(compact(title))
    if match:
        return int(match.group(1))
    return plan.period_start.year if plan.period_start else None


_HAN = re.compile(r"[\u4e00-\u9fff]")
_HAN_DIGIT = re.compile(r"\d|目标|完成|进度|指标|项目|工作")
_REGION = re.compile(r"(?:省|市|县|区|旗|镇|乡|街道|开发区|园区|合计|全市|全县|总计)$")
_MATRIX_WORDS = ("目标", "进度", "完成比例", "完成率", "完成值", "目标值", "序时", "任务数", "实际完成")
_LEDGER_WORDS = ("台账", "清单", "附件", "附表", "详见", "见附")
_FLATTENED_CHARS = 400
_NUMBER = re.compile(r"\d+(?:\.\d+)?%?")


def _refusal(doc: Document) -> IngestError:
    """Why there is no plan in the document, saying what it looks like and what to upload instead."""
    where = Where(file=doc.file)
    matrix = next((t for t in doc.tables() if _is_indicator_matrix(t)), None)
    if matrix is not None:
        return _matrix_refusal(matrix.name, where)
    texts = [p.text.strip() for p in doc.paragraphs() if p.text.strip()]
    whole = "".join(texts)
    if "通报" in "".join(texts[:5]) and any(w in whole for w in _LEDGER_WORDS):
        return IngestError(
            "这是一份通报，正文提到的任务台账（清单、附件）不在这个文件里，通报本身不是逐项的任务清单。"
            "请上传通报所附的台账或任务清单文件（Word、Excel 或网页）",
            where=where,
        )
    if any(_is_grid(t) for t in doc.tables()):
        return NeedsMapping(
            "未找到表头：没有一行同时包含“工作任务”等列名及至少两个其他列名，无法自动识别这张表。"
            "请在“对应列”步骤中指定表头行和每一列的含义（哪一列是工作任务、哪一列是牵头单位等）",
            proposals=propose_layouts(doc),
            where=where,
        )
    if doc.tables():
        return IngestError(_nothing_found(doc), where=where)
    longest = max(texts, key=len, default="")
    if len(longest) >= _FLATTENED_CHARS and len(texts) <= 3 and len(_NUMBER.findall(longest)) >= 5:
        return IngestError(
            f"文件内容被压成了一个段落（{len(longest)}字，没有分行也没有表格），无法分出各项任务。"
            "请上传原始的 Word、Excel 文件，或保留了换行和表格的网页",
            where=where,
        )
    return IngestError(_nothing_found(doc), where=where)


def _matrix_refusal(name: str, where: Where) -> IngestError:
    return IngestError(
        f"{name}看起来是指标统计表（各地区×各项指标的目标、进度、完成比例），"
        "不是逐项列出工作任务和责任单位的任务清单，无法导入为重点工作。"
        "请上传列出每项工作任务及其牵头/责任单位的任务表（如重点工作任务分解表）",
        where=where,
    )


def _tasks_are_figures(plan: PlanDoc) -> bool:
    """Most "tasks" are named by a number or an indicator word (目标, 完成比例(%)): the rows read
    were the cells of a statistics table that lost its grid, not work items."""
    titles = [compact(t.title) for t in plan.tasks()]
    figures = [t for t in titles if _NUMBER.fullmatch(t.replace(",", "")) or _is_indicator_word(t)]
    return len(titles) >= 3 and len(figures) * 2 >= len(titles)


def _is_indicator_word(title: str) -> bool:
    """目标, 进度, 完成比例(%): a column label of a statistics table, not a task's name."""
    return len(title) <= 8 and any(w in title for w in (*_MATRIX_WORDS, "任务"))


def _is_grid(table: Table) -> bool:
    """At least two columns, and at least two rows with a cell of words (not a table of numbers)."""
    width = max((len(r.non_empty()) for r in table.rows), default=0)
    wordy = sum(1 for r in table.rows if any(len(_HAN.findall(c.text)) >= 4 for c in r.cells))
    return width >= 2 and wordy >= 2


def _is_indicator_matrix(table: Table) -> bool:
    """Regions down the side, indicators across, numbers inside (目标 / 进度 / 完成比例)."""
    if len(table.rows) < 3:
        return False
    side = [compact(r.cells[0].text) for r in table.rows[1:] if r.cells]
    top = [compact(c.text) for c in table.rows[0].cells[1:]]
    labels = "".join(c.text for r in table.rows[:3] for c in r.cells) + "".join(side)
    if sum(1 for w in _MATRIX_WORDS if w in labels) < 2:
        return False
    # Regions down the side or across the top (鄞州 | 海曙、江东、江北 | 镇海 | 合计).
    regions = max(_share(side, _is_region), _share(top, _is_region))
    cells = [c.text.strip() for r in table.rows[1:] for c in r.cells[1:] if c.text.strip()]
    numbers = sum(1 for t in cells if _NUMBER.fullmatch(t.replace(",", "")))
    return regions >= 0.5 and numbers * 3 >= len(cells) * 2


def _share(texts: list[str], test: Callable[[str], bool]) -> float:
    filled = [t for t in texts if t]
    return sum(1 for t in filled if test(t)) / len(filled) if filled else 0.0


def _is_region(text: str) -> bool:
    """甲县, 海曙区, 合计 — or a short place name of two to six characters without a verb."""
    return bool(_REGION.search(text)) or (2 <= len(text) <= 8 and not _HAN_DIGIT.search(text))


def _nothing_found(doc: Document) -> str:
    if doc.tables():
        return (
            "未找到表头：表格中没有一行包含“重点工作/工作任务/内容”等列名及至少两个其他列名"
            "（序号、目标、完成情况、牵头单位、责任单位、完成时限等），无法识别为重点工作表"
        )
    return "未找到重点工作表格，也未找到带牵头单位/责任单位的编号条目，无法识别为工作计划"
