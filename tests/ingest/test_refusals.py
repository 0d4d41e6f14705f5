"""Documents that are not task lists are refused with what they look like and what to upload instead."""

from __future__ import annotations

import pytest

from duban.ingest.errors import IngestError, NeedsMapping
from duban.ingest.interpret import interpret_document
from duban.ingest.readers.text import read_text_document


def _refusal(text: str) -> IngestError:
    with pytest.raises(IngestError) as caught:
        interpret_document(read_text_document(text, file="文件.txt", sha256="0"))
    return caught.value


def test_an_indicator_matrix_is_refused_as_a_statistics_table() -> None:
    text = "\n".join(
        [
            "2025年1-10月主要经济指标完成情况",
            "地区\t地区生产总值目标\t进度\t完成比例\t固定资产投资目标\t进度\t完成比例",
            "甲县\t120\t98\t81.7%\t45\t40\t88.9%",
            "乙县\t95\t80\t84.2%\t30\t22\t73.3%",
            "丙区\t150\t131\t87.3%\t60\t58\t96.7%",
        ]
    )
    error = _refusal(text)
    assert type(error) is IngestError
    assert "指标统计表" in error.message and "任务分解表" in error.message


def test_a_bulletin_that_refers_to_its_ledger_asks_for_the_ledger() -> None:
    text = (
        "关于2025年重点工作推进情况的通报\n各乡镇人民政府，县直各单位：\n"
        "截至10月底，全县重点工作总体推进有序，具体完成情况详见附件台账。\n"
        "请各单位对照台账抓好落实。\n"
    )
    error = _refusal(text)
    assert "这是一份通报" in error.message and "台账" in error.message


def test_text_flattened_into_one_paragraph_is_refused() -> None:
    body = "".join(
        f"{n}.推进第{n}项重点工作建设，完成投资{n * 3}亿元，牵头单位县发改局，完成时限2025年底。"
        for n in range(1, 20)
    )
    error = _refusal("2025年重点工作\n" + body)
    assert "压成了一个段落" in error.message


def test_a_grid_without_a_recognisable_header_goes_to_the_mapping_step() -> None:
    text = "\n".join(
        [
            "甲\t乙\t丙",
            "1\t推进城区道路改造提升\t县住建局",
            "2\t新建城乡养老服务中心\t县民政局",
        ]
    )
    error = _refusal(text)
    assert isinstance(error, NeedsMapping)
    assert "对应列" in error.message and "文件.txt" in str(error)
    [proposal] = error.proposals
    assert proposal.layout is None and proposal.name == "表1"


def test_a_table_of_numbers_only_is_refused_without_the_mapping_step() -> None:
    error = _refusal("12\t34\t56\n78\t90\t12\n")
    assert type(error) is IngestError and "未找到表头" in error.message


def test_an_indicator_matrix_with_regions_across_the_top_is_refused_too() -> None:
    text = "\n".join(
        [
            "\t鄞州\t海曙、江东、江北\t镇海\t合计",
            "新辟线路年度目标\t2\t5\t1\t8",
            "实际完成\t1\t2\t0\t3",
            "优化调整线路年度目标\t6\t9\t1\t16",
            "实际完成\t12\t12\t0\t24",
        ]
    )
    assert "指标统计表" in _refusal(text).message


def test_a_bulletin_with_a_page_information_table_still_asks_for_the_ledger() -> None:
    text = "\n".join(
        [
            "文件名称\t2022年第八次县政府常务会议确定事项落实情况通报",
            "公开责任部门\t紫阳县人民政府办公室",
            "",
            "近期，县政府督查室对常务会议确定事项落实情况开展了专项督查，现通报如下。",
            "已办结6件，正在办理16件（详见附件）。",
        ]
    )
    assert "这是一份通报" in _refusal(text).message


def test_a_statistics_table_whose_rows_read_as_numbers_is_refused_as_one() -> None:
    lines = ["地区", "就业工程", "城镇新增就业(人)", "市人社局", "目标", "任务", "进度", "完成比例(%)"]
    lines += ["全市", "27800", "52242", "187.9", "东坡区", "8000", "22921", "286.5"]
    lines += ["彭山区", "3800", "6138", "161.5"]
    with pytest.raises(IngestError, match="指标统计表"):
        interpret_document(read_text_document("\n".join(lines), file="完成情况.txt", sha256="0"))
