"""What an export shows: plain dataclasses the web app's selectors fill in.

Nothing here knows about Word, Excel or the database. The adapters
(``docx.py``, ``xlsx.py``, ``pdf.py``) turn one of these into bytes; the
selectors, or ``from_doc.py`` for a parsed file, build them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from duban.core import clock


@dataclass(frozen=True)
class ExportRow:
    """One task as one row of the office's table, every value already written out as text."""

    seq: str
    category: str
    title: str
    target: str = ""
    progress: str = ""
    completed_text: str = ""  # 是 / 否（理由…） / "" as the office writes it
    lead_units: list[str] = field(default_factory=list)
    responsible_units: list[str] = field(default_factory=list)
    deadline_text: str = ""
    status_label: str = ""  # 督办状态 (进行中, 已逾期 …); shown only when asked for
    number: str = ""  # 督办编号 (霞重〔2025〕12号) of a stored task; a parsed file has none


@dataclass(frozen=True)
class ExportSection:
    """A part of the table under its own title (e.g. 校地合作“八个一”工作清单)."""

    title: str
    rows: list[ExportRow] = field(default_factory=list)


@dataclass(frozen=True)
class ColumnChoice:
    """The optional columns to show beside the office's eight.

    Each is shown only when at least one row has a value for it, so an export of
    a plan without deadlines looks exactly like the office's own table.
    """

    deadline: bool = True  # 完成时限
    status: bool = False  # 督办状态: for internal review copies, never in the table sent out
    number: bool = True  # 督办编号: the last column, after the office's own, when tasks have one


@dataclass(frozen=True)
class PlanExport:
    """A whole plan in the office's table layout (附件1 / title / table)."""

    title: str
    sections: list[ExportSection]
    attachment_label: str = ""  # 附件1
    period_label: str = ""  # 2025年, 2022—2024年: document properties, not the page
    columns: ColumnChoice = field(default_factory=ColumnChoice)
    generated_on: dt.date = field(default_factory=clock.today)

    def rows(self) -> list[ExportRow]:
        return [row for section in self.sections for row in section.rows]


LEAD_ROLE, SHARED_ROLE = "牵头", "配合"  # 牵头单位 leads; a 责任单位 works with it


@dataclass(frozen=True)
class AssignmentRow:
    """One task a unit leads (牵头) or shares (配合) on a 交办单."""

    seq: str
    title: str
    role: str  # LEAD_ROLE or SHARED_ROLE
    target: str = ""
    deadline: dt.date | None = None  # for sorting; None sorts last
    deadline_text: str = ""  # as written (年底前, 6月底); the date is printed when this is empty
    category: str = ""
    number: str = ""  # 督办编号, printed under the 序号


@dataclass(frozen=True)
class UnitAssignmentExport:
    """A 交办单: the tasks of one plan handed to one unit."""

    unit: str
    plan_title: str
    rows: list[AssignmentRow]
    issued_on: dt.date
    office: str  # the issuing office, e.g. 霞科办
    number: str = ""  # one 督办件's 交办单 carries its 督办编号 under the title


@dataclass(frozen=True)
class LaggingRow:
    """A task named in a 通报 because it is behind."""

    seq: str
    title: str
    units: list[str]
    status_label: str
    note: str = ""  # the reason given, or the supervisor's remark


@dataclass(frozen=True)
class ProblemRow:
    """A task whose report names 存在问题 or 需协调事项, for the 通报's section on them."""

    seq: str
    title: str
    units: list[str]
    problems: str
    coordinations: list[str] = field(default_factory=list)  # "事项（协调对象：…）"


@dataclass(frozen=True)
class RoundBulletinExport:
    """A 通报 on one reporting round: counts per status and the items that lag."""

    plan_title: str
    round_label: str  # 2025年11月
    status_counts: list[tuple[str, int]]  # in the order to print, e.g. [("已完成", 40), …]
    lagging: list[LaggingRow]
    issued_on: dt.date
    office: str = ""
    problems: list[ProblemRow] = field(default_factory=list)

    def total(self) -> int:
        return sum(count for _, count in self.status_counts)
