"""`duban check`: a year the working-day calendar does not know is counted Monday to Friday."""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.db import DatabaseError

from duban.core import clock
from duban.workdays.selectors import unknown_years

HINT = "系统管理员在“工作日历”页面粘贴国务院办公厅当年的节假日安排通知，见 docs/operations.md“工作日历”"


@checks.register("duban", checks.Tags.database)
def unknown_year_check(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    """This year unknown is a warning (deadlines count wrongly now); next year, in December, a note."""
    try:
        years = unknown_years()
    except DatabaseError:  # not migrated yet: `migrate` comes first
        return []
    this_year = clock.today().year
    messages: list[checks.CheckMessage] = []
    for year in years:
        text = f"工作日历不知道{year}年的法定节假日和调休，工作日只能按周一至周五计算"
        if year == this_year:
            messages.append(checks.Warning(text, hint=HINT, id="workdays.W001"))
        else:
            messages.append(checks.Info(text, hint=HINT, id="workdays.I001"))
    return messages
