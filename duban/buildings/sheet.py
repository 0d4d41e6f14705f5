"""The buildings workbook: its Chinese columns and how a cell is read.

Import and export share ``COLUMNS`` so that an exported file imports back unchanged.
A problem always carries its row and column, counted the way Excel shows them.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import Any

from duban.buildings.choices import BuildingState, OwnerType
from duban.exports.text import formula_unescape
from duban.ingest import IngestError, Where
from duban.ingest.model import Document, Table


@dataclass(frozen=True)
class Column:
    field: str
    header: str
    kind: str = "text"  # text, area, date, choice, unit
    required: bool = False
    aliases: tuple[str, ...] = ()
    max_length: int = 0
    choices: type[Any] | None = None


COLUMNS: tuple[Column, ...] = (
    Column("name", "楼宇名称", required=True, aliases=("名称", "楼宇"), max_length=200),
    Column("unit", "所属镇街园区", "unit", required=True, aliases=("所属单位", "镇街园区", "所属镇街")),
    Column("address", "地址", aliases=("楼宇地址",), max_length=255),
    Column("owner_type", "产权类型", "choice", required=True, aliases=("楼宇类型",), choices=OwnerType),
    Column("owner", "产权单位", aliases=("权属单位", "产权人"), max_length=200),
    Column("floor_area_m2", "建筑面积（平方米）", "area", required=True),
    Column("land_area_m2", "土地面积（平方米）", "area"),
    Column("land_tenure", "土地性质", max_length=50),
    Column("land_use", "用地性质", max_length=50),
    Column("building_state", "房屋状态", "choice", choices=BuildingState),
    Column("idle_since", "闲置起始日期", "date", aliases=("闲置时间", "闲置日期")),
    Column("note", "备注", max_length=2000),
)
BY_FIELD = {c.field: c for c in COLUMNS}

_UNIT_SUFFIX = re.compile(r"[（(][^）)]*[）)]$")  # 建筑面积（平方米）, 建筑面积(㎡)


def normal_header(text: str) -> str:
    return _UNIT_SUFFIX.sub("", re.sub(r"\s+", "", text))


@dataclass(frozen=True)
class Problem:
    message: str
    row: int | None = None
    column: int | None = None
    header: str = ""

    def __str__(self) -> str:
        place = []
        if self.row is not None:
            place.append(f"第{self.row}行")
        if self.column is not None:
            place.append(f"第{self.column}列")
        if self.header:
            place.append(f"（{self.header}）")
        return f"{''.join(place)}：{self.message}" if place else self.message


def require_workbook(file_name: str) -> None:
    """Refuse anything but an .xlsx by its name, before the gate and the readers see it."""
    if not file_name.lower().endswith(".xlsx"):
        raise IngestError("只接受 Excel 工作簿（.xlsx）", where=Where(file=file_name))


def first_sheet(document: Document) -> Table:
    """The first sheet of a workbook that has passed the upload gate."""
    tables = document.tables()
    if not tables:
        raise IngestError("工作簿中没有内容", where=Where(file=document.file))
    return tables[0]


def find_header(table: Table, required: str) -> tuple[int, dict[str, int]] | None:
    """(row number, normalised header → column) of the first row naming ``required``."""
    for row in table.rows[:20]:
        headers = {normal_header(c.text): c.column for c in row.cells if c.text.strip()}
        if required in headers:
            return row.number, headers
    return None


def sheet_rows(table: Table, header_row: int) -> list[dict[str, Any]]:
    """Every non-empty row below the header: its number and its cells by column."""
    return [
        {"number": row.number, "cells": {str(c.column): c.text for c in row.cells if c.text.strip()}}
        for row in table.rows
        if row.number > header_row and row.non_empty()
    ]


def building_columns(headers: dict[str, int]) -> tuple[dict[str, int], list[Problem]]:
    """Which column holds which field; a missing required column is a problem for the whole file."""
    found: dict[str, int] = {}
    for column in COLUMNS:
        for name in (column.header, *column.aliases):
            if normal_header(name) in headers:
                found[column.field] = headers[normal_header(name)]
                break
    problems = [Problem(f"缺少必填列“{c.header}”") for c in COLUMNS if c.required and c.field not in found]
    return found, problems


# ---------------------------------------------------------------- reading one cell


class CellError(ValueError):
    """A cell that cannot be read; the message is Chinese and quotes the cell."""


def read_text(text: str, column: Column) -> str:
    value = formula_unescape(text.strip())
    if column.max_length and len(value) > column.max_length:
        raise CellError(f"超过{column.max_length}字")
    return value


def read_number(text: str, *, what: str = "数字") -> Decimal | None:
    """A non-negative number as an office writes it: 52,000 / 52000.5 / 52000平方米 / 85%."""
    cleaned = re.sub(r"[,，\s]|平方米$|㎡$|m²$|m2$|%$|％$", "", text.strip())
    if not cleaned:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise CellError(f"“{text.strip()}”不是数字，请只填写{what}") from None
    if not value.is_finite() or value < 0 or value >= Decimal(10) ** 10:
        raise CellError(f"“{text.strip()}”不是有效的{what}")
    return value.quantize(Decimal("0.01"))


def read_area(text: str) -> Decimal | None:
    return read_number(text, what="平方米数")


_DATE = re.compile(r"^(\d{4})\s*[年\-/.]\s*(\d{1,2})(?:\s*[月\-/.]\s*(\d{1,2})\s*日?|\s*月)?$")


def read_date(text: str) -> dt.date | None:
    cleaned = text.strip()
    if not cleaned:
        return None
    match = _DATE.match(cleaned)
    try:
        if match is None:
            raise ValueError
        year, month, daynum = int(match[1]), int(match[2]), int(match[3] or 1)
        return dt.date(year, month, daynum)
    except ValueError:
        raise CellError(f"“{cleaned}”不是日期，请写作 2023年3月1日 或 2023-03-01") from None


def read_choice(text: str, column: Column) -> str:
    assert column.choices is not None
    cleaned = text.strip()
    for value, label in column.choices.choices:
        if cleaned in (value, label):
            return str(value)
    allowed = "、".join(label for _, label in column.choices.choices)
    raise CellError(f"“{cleaned}”不是可选的值（可选：{allowed}）")
