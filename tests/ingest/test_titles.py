"""The plan's title is the document's own name, not its masthead, 文号 or the notice sentence."""

from __future__ import annotations

from duban.ingest.interpret import interpret_document
from duban.ingest.readers.text import read_text_document

_ITEMS = "一、产业发展\n1. 推进工业园区扩区提质。（牵头单位：县发改局）\n"


def _title(text: str) -> str:
    return interpret_document(read_text_document(text, file="通知.txt", sha256="0")).title


def test_the_masthead_and_the_document_number_are_not_the_title() -> None:
    text = "某县人民政府办公室文件\n某政办发〔2025〕3号\n某县2025年重点工作清单\n" + _ITEMS
    assert _title(text) == "某县2025年重点工作清单"


def test_a_people_s_government_masthead_is_skipped_too() -> None:
    assert _title("某市人民政府文件\n\n某市2025年民生实事项目\n" + _ITEMS) == "某市2025年民生实事项目"


def test_the_notice_sentence_names_the_document() -> None:
    text = (
        "某县人民政府文件\n各乡镇人民政府，县直各单位：\n"
        "经县政府同意，现将《某县2025年重点工作任务分解方案》印发给你们，请认真贯彻落实。\n" + _ITEMS
    )
    assert _title(text) == "某县2025年重点工作任务分解方案"


def test_an_issuing_title_without_book_title_marks_gives_what_it_issues() -> None:
    text = "关于印发某县2025年重点工作任务分解表的通知\n" + _ITEMS
    assert _title(text) == "某县2025年重点工作任务分解表"


def test_web_page_furniture_is_not_the_title() -> None:
    text = "首页 > 政务公开 > 通知公告\n发布时间：2025-03-01\n某县2025年重点工作清单\n" + _ITEMS
    assert _title(text) == "某县2025年重点工作清单"


def test_an_issuer_and_a_page_tag_before_about_x_give_x() -> None:
    text = "【市政府重点工作及责任分解】滁州市人民政府关于2020年市政府重点工作及责任分解的通知\n" + _ITEMS
    assert _title(text) == "2020年市政府重点工作及责任分解"


def test_a_notice_opening_with_the_documents_it_issues_names_the_first() -> None:
    text = (
        "各乡镇人民政府：\n《某县2025年重点工作分解》和《某县民生实事分解》已经县政府同意，现印发给你们。\n"
        + _ITEMS
    )
    assert _title(text) == "某县2025年重点工作分解"


def test_an_issuing_title_running_on_into_the_page_furniture_gives_what_it_issues() -> None:
    text = "【重点工作分解】某县人民政府关于2025年重点工作分解的通知发布时间:2025-02-03 17:29\n" + _ITEMS
    assert _title(text) == "2025年重点工作分解"


def test_a_notice_issuing_several_documents_gives_way_to_the_attachments_title() -> None:
    notice = "经县政府同意，现将《某县任务分解》《某县实事分解》印发给你们。"
    text = "各乡镇人民政府：\n" + notice + "\n附件1\n某县2025年政府工作报告任务清单\n" + _ITEMS
    assert _title(text) == "某县2025年政府工作报告任务清单"


def test_a_title_wrapped_above_the_table_joins_and_page_furniture_is_skipped() -> None:
    text = "\n".join(
        [
            "某县民生实事未完成项目进度表(截至10月31",
            "日)",
            "来源:某县人民政府办公室发布日期:2022-12-14",
            "序号\t项目内容\t牵头单位\t当前进度",
            "1\t建设四好农村路55公里\t县交通局\t95%",
        ]
    )
    assert _title(text) == "某县民生实事未完成项目进度表(截至10月31日)"


def test_a_sites_tag_and_a_traditional_data_time_line_are_not_the_title() -> None:
    head = "【行政院】政務委員督導業務報告(106年2月)\n資料時間:106.2.17\n"
    text = head + "序號\t政策項目\t辦理情形及進度\n1\t長期照顧\t已核定"
    assert _title(text) == "政務委員督導業務報告(106年2月)"


def test_an_issuing_title_running_on_into_its_addressees_and_notice_gives_what_it_issues() -> None:
    text = (
        "某市人民政府办公厅关于印发某市应急体系建设规划责任分解的通知各县(市、区)人民政府,市直各有关单位:"
        "经市人民政府同意,现将《某市应急体系建设规划》责任分解印发给你们,请认真组织实施。\n" + _ITEMS
    )
    assert _title(text) == "某市应急体系建设规划责任分解"
