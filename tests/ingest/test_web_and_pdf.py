"""Web pages saved from a government site and PDFs with a text layer read like the office's tables."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from PIL import Image

from duban.core.office import soffice, soffice_convert
from duban.ingest import IngestError, parse_file, read_document
from duban.ingest.encoding import decode_html
from duban.ingest.model import Paragraph, Table
from duban.ingest.readers.pdf import SCANNED

_PAGE = """<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN">
<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>某县人民政府门户网站</title><script>var a = "<table><tr><td>不是表格</td></tr></table>";</script>
<style>td {{ color: red }}</style></head>
<body>
<table class="layout"><tr><td><a href="/">首页</a> | <a href="/zwgk">政务公开</a></td></tr>
<tr><td>
  <div class="article">
    <h1>关于印发2025年重点工作任务分解表的通知</h1>
    <p>各乡镇人民政府，县直各单位：</p>
    <p>现将《2025年重点工作任务分解表》印发给你们，请认真抓好落实。</p>
    <p>附件</p>
    <p>2025年重点工作任务分解表</p>
    <table border="1">
      <tr><th rowspan="2">序号</th><th rowspan="2">重点工作</th><th colspan="2">责任分工</th>
          <th rowspan="2">完成时限</th></tr>
      <tr><th>牵头单位</th><th>责任单位</th></tr>
      <tr><td colspan="5">一、产业发展</td></tr>
      <tr><td>1</td><td rowspan="2">推进工业园区扩区<br>提质</td><td>县发改局</td>
          <td>县工信局、<br>县自然资源局</td><td>2025年6月底</td></tr>
      <tr><td>2</td><td>县工信局</td><td>各乡镇人民政府</td><td>2025年底</td></tr>
      <tr><td colspan="5">二、民生保障</td></tr>
      <tr><td>3</td><td>新建城乡养老服务中心3个</td><td>县民政局</td><td>{unit}</td><td>2025年9月</td></tr>
    </table>
    <p>某县人民政府办公室　　2025年3月1日</p>
  </div>
</td></tr></table>
</body></html>
"""


def _page(unit: str = "县财政局") -> str:
    return _PAGE.format(unit=unit)


def test_a_gb2312_page_reads_its_data_table_and_ignores_the_layout_tables(tmp_path: Path) -> None:
    path = tmp_path / "通知.html"
    path.write_bytes(_page().encode("gb2312"))
    plan = parse_file(path)
    assert plan.title == "2025年重点工作任务分解表"
    assert [s.title for s in plan.sections] == ["一、产业发展", "二、民生保障"]
    first, second, third = plan.tasks()
    assert first.title == second.title == "推进工业园区扩区提质"
    assert first.lead_units == ["县发改局"]
    assert first.responsible_units == ["县工信局", "县自然资源局"]
    assert second.lead_units == ["县工信局"] and second.responsible_units == ["各乡镇人民政府"]
    assert third.title == "新建城乡养老服务中心3个" and third.responsible_units == ["县财政局"]
    assert str(third.deadline) == "2025-09-30"
    assert second.source_ref.cells["title"] == (4, 2)  # the rowspan's origin


def test_a_page_keeps_the_text_around_the_table_as_paragraphs_and_skips_scripts(tmp_path: Path) -> None:
    path = tmp_path / "通知.html"
    path.write_bytes(_page().encode("gb2312"))
    doc = read_document(path)
    texts = [b.text for b in doc.blocks if isinstance(b, Paragraph)]
    assert "各乡镇人民政府，县直各单位：" in texts
    assert texts.index("2025年重点工作任务分解表") < texts.index("某县人民政府办公室 2025年3月1日")
    assert not any("不是表格" in t or "color" in t for t in texts)
    (table,) = doc.tables()
    assert [c.text for c in table.rows[0].cells] == ["序号", "重点工作", "责任分工", "责任分工", "完成时限"]
    assert table.rows[0].cells[3].merged and table.rows[2].spanning


def test_a_page_that_says_gb2312_but_was_saved_as_utf8_is_still_read() -> None:
    text, codec = decode_html(_page("县住建局").encode("utf-8"), display_name="另存.html")
    assert codec == "utf-8" and "县住建局" in text
    text, codec = decode_html(_page().encode("gb18030"), display_name="原样.html")
    assert codec == "gb18030" and "养老服务中心" in text


def test_a_utf8_page_without_any_charset_reads(tmp_path: Path) -> None:
    path = tmp_path / "无声明.htm"
    path.write_text(
        _page().replace('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', "")
    )
    assert len(parse_file(path).tasks()) == 3


def test_a_page_with_no_grid_reads_its_numbered_items(tmp_path: Path) -> None:
    path = tmp_path / "清单.html"
    path.write_text(
        "<html><body><p>2025年重点工作清单</p><p>一、产业发展</p>"
        "<p>1. 推进工业园区扩区提质。（牵头单位：县发改局；责任单位：县工信局）</p>"
        "<p>2. 新建养老服务中心3个。（牵头单位：县民政局）</p></body></html>",
        encoding="utf-8",
    )
    plan = parse_file(path)
    assert [t.lead_units for t in plan.tasks()] == [["县发改局"], ["县民政局"]]


# ---------------------------------------------------------------- PDF


def _pdf_from_docx(document: docx.document.Document, path: Path) -> Path:
    assert soffice(), "LibreOffice is required by these tests: run scripts/system-packages.sh"
    source = path.with_suffix(".docx")
    document.save(str(source))
    soffice_convert([source], target="pdf", out_dir=path.parent, timeout=120)
    assert path.exists(), "LibreOffice did not write the PDF"
    return path


_ROWS = [
    ["1", "推进工业园区扩区提质", "县发改局", "县工信局、县自然资源局", "2025年6月底"],
    ["2", "", "县工信局", "各乡镇人民政府", "2025年底"],
    ["3", "新建城乡养老服务中心3个", "县民政局", "县财政局", "2025年9月"],
]


def _table_docx(rows: list[list[str]]) -> docx.document.Document:
    document = docx.Document()
    document.add_paragraph("附件1")
    document.add_paragraph("2025年重点工作任务分解表")
    table = document.add_table(rows=len(rows) + 1, cols=5)
    table.style = "Table Grid"
    for c, text in enumerate(["序号", "重点工作", "牵头单位", "责任单位", "完成时限"]):
        table.cell(0, c).text = text
    for r, values in enumerate(rows, start=1):
        for c, text in enumerate(values):
            table.cell(r, c).text = text
    return document


@pytest.fixture(scope="module")
def table_pdf(tmp_path_factory: pytest.TempPathFactory) -> Path:
    document = _table_docx(_ROWS)
    table = document.tables[0]
    merged = table.cell(1, 1).merge(table.cell(2, 1))
    merged.text = "推进工业园区扩区提质"
    return _pdf_from_docx(document, tmp_path_factory.mktemp("pdf") / "分解表.pdf")


def test_a_pdf_table_reads_with_its_merged_cells(table_pdf: Path) -> None:
    plan = parse_file(table_pdf)
    assert plan.title == "2025年重点工作任务分解表" and plan.attachment_label == "附件1"
    first, second, third = plan.tasks()
    assert first.title == second.title == "推进工业园区扩区提质"
    assert second.source_ref.cells["title"] == (2, 2)
    assert first.responsible_units == ["县工信局", "县自然资源局"]
    assert third.lead_units == ["县民政局"] and str(third.deadline) == "2025-09-30"


def test_a_table_over_several_pages_is_one_table(tmp_path: Path) -> None:
    rows = [[str(n), f"第{n}项重点工作", f"第{n}责任局", "县财政局", "2025年底"] for n in range(1, 121)]
    path = _pdf_from_docx(_table_docx(rows), tmp_path / "长表.pdf")
    doc = read_document(path)
    assert len(doc.tables()) == 1
    plan = parse_file(path)
    assert [t.seq for t in plan.tasks()] == [str(n) for n in range(1, 121)]
    assert plan.tasks()[119].lead_units == ["第120责任局"]


def test_a_pdf_of_numbered_items_reads_as_a_list(tmp_path: Path) -> None:
    document = docx.Document()
    for text in [
        "2025年重点工作清单",
        "一、产业发展",
        "1. 推进工业园区扩区提质。（牵头单位：县发改局；责任单位：县工信局）",
        "2. 新建养老服务中心3个。（牵头单位：县民政局）",
    ]:
        document.add_paragraph(text)
    path = _pdf_from_docx(document, tmp_path / "清单.pdf")
    assert not read_document(path).tables()
    plan = parse_file(path)
    assert [t.lead_units for t in plan.tasks()] == [["县发改局"], ["县民政局"]]


def test_a_scanned_pdf_is_refused_with_what_to_upload_instead(tmp_path: Path) -> None:
    path = tmp_path / "扫描件.pdf"
    Image.new("RGB", (600, 800), "white").save(path, "PDF")
    with pytest.raises(IngestError) as caught:
        parse_file(path)
    assert caught.value.message == SCANNED
    assert "扫描件.pdf" in str(caught.value) and "OCR" in str(caught.value)


def test_the_table_model_of_a_pdf_numbers_rows_across_pages(tmp_path: Path) -> None:
    rows = [[str(n), f"第{n}项重点工作", "县发改局", "", "2025年底"] for n in range(1, 81)]
    doc = read_document(_pdf_from_docx(_table_docx(rows), tmp_path / "编号.pdf"))
    (table,) = [b for b in doc.blocks if isinstance(b, Table)]
    assert [r.number for r in table.rows] == list(range(1, 82))


_TWO_ROW_HEADER = """<html><head><meta charset="utf-8"></head><body>
<p>2024年度民生实事项目进度表</p>
<table>
<tr><td rowspan="2">序号</td><td rowspan="2">牵头单位</td><td colspan="2" rowspan="2">项目名称</td>
<td rowspan="2">业主单位</td><td colspan="2">本月进展情况</td></tr>
<tr><td>前期手续</td><td>在建形象进度</td></tr>
<tr><td rowspan="2">一</td><td rowspan="2">区住建局</td><td rowspan="2">(一)断头路攻坚专项行动</td>
<td>1.文化中心北路</td><td>区城投</td><td>已完工</td><td></td></tr>
<tr><td>2.乐业路</td><td>区城管局</td><td>已完工</td><td></td></tr>
<tr><td>二</td><td>区城管局</td><td colspan="2">(一)井盖整治项目</td><td>区水投</td>
<td>已完工</td><td></td></tr>
</table></body></html>"""


def test_a_two_row_header_and_a_name_over_two_columns_give_the_items_under_their_groups(
    tmp_path: Path,
) -> None:
    path = tmp_path / "进度表.html"
    path.write_text(_TWO_ROW_HEADER, encoding="utf-8")
    plan = parse_file(path)
    assert [(t.title, t.lead_units, t.responsible_units, t.progress) for t in plan.tasks()] == [
        ("文化中心北路", ["区住建局"], ["区城投"], "已完工"),
        ("乐业路", ["区住建局"], ["区城管局"], "已完工"),
        ("井盖整治项目", ["区城管局"], ["区水投"], "已完工"),
    ]
