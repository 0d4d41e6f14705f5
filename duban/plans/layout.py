"""The office's table layout: category cells merged down over the rows that share them."""

from __future__ import annotations

from dataclasses import dataclass

from duban.plans.models import Task


@dataclass
class OfficeRow:
    task: Task
    category_rowspan: int  # 0: covered by the merged cell above


def office_rows(tasks: list[Task]) -> list[OfficeRow]:
    rows = [OfficeRow(task, 1) for task in tasks]
    start = 0
    for index in range(1, len(rows) + 1):
        if index == len(rows) or rows[index].task.category != rows[start].task.category:
            rows[start].category_rowspan = index - start
            for covered in rows[start + 1 : index]:
                covered.category_rowspan = 0
            start = index
    return rows
