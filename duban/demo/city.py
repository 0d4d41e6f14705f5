"""City-scale demo data: 150 units, ten years of plans, monthly rounds, review history.

``duban demo --scale city`` loads the ordinary demo first (the two seed documents, the
demo accounts, the demo buildings), then this: a city of about 150 units (towns and
streets, 市xx局 bureaus, parks, state companies, colleges); for each of ten years ten
plans of 300 tasks (3,000 a year) written from the seed tables' own texts, varied by
year and number; a monthly round per plan with one report per task (about 360,000),
mostly accepted, some returned, late or missing, each with its ReportVersion history;
findings of the truth check; and 2,000 buildings in the 楼宇信息库. The current month's
rounds are open, so there is work to file and review.

Speed over ceremony: rows are built in Python and written with ``bulk_create`` in
batches, one transaction per year, bypassing the services (and therefore the audit
log, which a generator has nothing truthful to say to). The same ``seed`` and ``today``
give the same data, row for row. Progress goes to the ``progress`` callback (stderr).
"""

from __future__ import annotations

import calendar
import datetime as dt
import random
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from typing import Any, TypeVar
from zoneinfo import ZoneInfo

from django.contrib.auth.hashers import make_password
from django.db import models, transaction

from duban.accounts.models import User
from duban.accounts.policy import DEMO_PASSWORD
from duban.buildings.choices import BuildingState, ChangeSource, OwnerType
from duban.buildings.models import Building, BuildingChange, Renovation
from duban.common.roles import Role
from duban.core import clock
from duban.demo import BUILDINGS_PLAN_2022, KEY_WORK_2025
from duban.ingest import parse_file
from duban.plans.choices import DeadlineKind, TaskStatus, UnitRole
from duban.plans.models import Indicator, Plan, Section, Task, TaskUnit
from duban.reporting.choices import Claim, ReportStatus, RoundStatus
from duban.reporting.models import ProgressReport, ReportingRound, ReportVersion
from duban.units.models import Unit, UnitGroup
from duban.units.services import guess_unit_kind
from duban.verification.choices import FindingState
from duban.verification.models import Finding

M = TypeVar("M", bound=models.Model)
TZ = ZoneInfo("Asia/Shanghai")
BATCH = 2000
MARKER = "（城市规模演示）"  # in every generated plan's source_name, to find them again

# The city's units: those the seed tables name first, then the rest of a county-level city.
SEED_UNITS = (
    "霞科办", "市科技局", "青阳镇", "徐霞客镇", "月城镇", "祝塘镇", "澄江街道", "高新区",
    "市数据局", "市自然资源规划局", "市财政局", "市发改委", "市工信局", "市住建局", "市交通运输局",
    "市人社局", "市商务局", "市教育局", "市公安局", "市审计局", "市市场监管局", "市文体广电旅游局",
    "市水利局", "市法院", "市税务局", "市行政审批局", "市委组织部", "江阴生态环境局", "团市委",
    "融媒体中心", "江阴银保监组", "人行江阴市支行", "市供电公司", "人才集团", "新国联集团",
    "江南水务", "江南大学", "江南大学江阴校区办",
)  # fmt: skip
MORE_UNITS = (
    # 镇街
    "南闸街道", "云亭街道", "夏港街道", "申港街道", "利港街道", "璜土镇", "周庄镇", "华士镇",
    "新桥镇", "长泾镇", "顾山镇", "峭岐镇", "马镇镇", "文林镇", "北漍镇", "璜塘镇", "定山街道",
    "君山街道", "敔山湾街道", "城东街道",
    # 园区
    "临港开发区", "综合保税区", "现代农业产业园", "新材料产业园", "数字经济产业园", "生命健康产业园",
    "临港物流园区", "滨江科创园区",
    # 委办局
    "市民政局", "市司法局", "市退役军人事务局", "市应急管理局", "市卫健委", "市农业农村局",
    "市统计局", "市医保局", "市城管局", "市信访局", "市档案馆", "市机关事务管理局", "市国资办",
    "市金融办", "市外办", "市民宗局", "市人防办", "市消防救援大队", "市气象局", "市邮政管理局",
    "市烟草专卖局", "市总工会", "市妇联", "市科协", "市残联", "市红十字会", "市工商联", "市文联",
    "市委宣传部", "市委统战部", "市委政法委", "市委编办", "市纪委监委", "市委网信办", "市委办",
    "市政府办", "市人大办", "市政协办", "市检察院", "市委党校", "市委研究室", "市住房公积金中心",
    "市不动产登记中心", "市公共资源交易中心", "市疾控中心", "市人民医院", "市中医院", "市园林局",
    "市口岸办", "市粮食和物资储备局", "市供销总社", "市委老干部局", "市委社会工作部",
    "市公路事业发展中心", "市人才办", "市投资促进中心", "市房产管理中心", "市港口管理局",
    "市生态环境综合执法局", "市文物保护中心", "市体育发展中心", "市图书馆", "市城市建设管理中心",
    "市乡村振兴服务中心", "市水文站", "市地震局",
    # 企业、高校
    "市城投集团", "市交通产业集团", "市公用事业集团", "市文旅集团", "市农业发展集团",
    "市国有资本运营公司", "市港口集团", "市公交集团", "市燃气公司", "市电信分公司", "市移动分公司",
    "市联通分公司", "市广电网络公司", "市建设发展集团", "市临港集团", "市高新投资公司",
    "市职业技术学院", "市开放大学", "市中等专业学校", "市卫生学校",
)  # fmt: skip
CITY_UNITS = SEED_UNITS + MORE_UNITS
SUPERVISOR_UNIT = "霞科办"
LEADER_UNIT = "市科技局"
TOWN_GROUP = "各镇街园区"

PLAN_THEMES = (
    "江阴市{y}年政府工作报告重点任务分解表",
    "江阴市{y}年重大项目推进计划",
    "江阴市{y}年优化营商环境重点任务清单",
    "江阴市{y}年民生实事项目安排表",
    "江阴市{y}年科技创新重点工作安排表",
    "江阴市{y}年城乡建设重点工作安排表",
    "江阴市{y}年生态环境保护重点任务清单",
    "江阴市{y}年乡村振兴重点工作安排表",
    "江阴市{y}年数字政府建设重点任务清单",
    "霞客湾科学城{y}年重点工作推进表",
)
SECTION_TITLES = (
    "一、体制机制创新",
    "二、重大项目建设",
    "三、产业培育发展",
    "四、民生保障提升",
    "五、基层治理",
)
SECTIONS_PER_PLAN = 4
VARIANTS = ("", "一期", "二期", "提升工程", "专项行动", "扩面", "深化", "攻坚", "续建", "三年行动")
DEADLINE_MONTHS = (3, 6, 6, 9, 10, 11, 12, 12, 12, 12)
RETURN_COMMENTS = (
    "请补充具体数据（投资额、完成比例），不要只写“有序推进”。",
    "自报已完成，但进展写的是“计划”“预计”，请核实后改为“否”并说明理由。",
    "与上月进展完全相同，请写明本月新增进展。",
    "请附现场照片或验收材料。",
    "未完成理由过于笼统，请说明卡点和下一步措施。",
)
SHORTFALL_REASONS = (
    "受土地指标调整影响，供地时间推迟，已协调自然资源部门加快办理。",
    "项目方投资计划调整，暂缓实施，正在对接替代项目。",
    "施工图审查周期较长，开工时间顺延至次年一季度。",
    "资金拨付未到位，已报请财政部门协调。",
)
STAGES = (
    "完成前期调研和方案编制",
    "方案已通过专家论证",
    "完成立项和招标准备",
    "完成招标，施工单位进场",
    "主体工程推进中，完成投资约{p}%",
    "主体工程完成约{p}%，同步推进配套建设",
    "进入扫尾阶段，完成工程量约{p}%",
    "组织阶段性验收，整改问题{n}项",
)
ROADS = (
    "人民路",
    "澄江路",
    "虹桥路",
    "长山大道",
    "芙蓉大道",
    "滨江路",
    "五星路",
    "青果路",
    "朝阳路",
    "花山路",
)
BUILDING_KINDS = ("综合楼", "办公楼", "厂房", "研发楼", "商务楼", "仓库", "科技楼", "孵化楼")
LAND_USES = ("工业", "商业", "商务办公", "科研", "仓储", "公共管理")


@dataclass(frozen=True)
class CityScale:
    """How big a city to generate; the defaults are the issue's city."""

    units: int = 150
    years: int = 10
    tasks_per_year: int = 3000
    plans_per_year: int = 10
    buildings: int = 2000
    seed: int = 20250101
    today: dt.date | None = None  # the last year is today's, with the current month's rounds open


@dataclass
class Counts:
    units: int = 0
    accounts: int = 0
    plans: int = 0
    tasks: int = 0
    rounds: int = 0
    reports: int = 0
    versions: int = 0
    findings: int = 0
    buildings: int = 0
    seconds: float = 0.0
    by_year: list[str] = field(default_factory=list)

    def summary(self) -> str:
        return (
            f"城市规模演示数据：单位 {self.units}，账户 {self.accounts}，计划 {self.plans}，"
            f"任务 {self.tasks}，填报轮次 {self.rounds}，填报 {self.reports}，填报版本 {self.versions}，"
            f"核查发现 {self.findings}，"
            f"楼宇 {self.buildings}；用时 {self.seconds:.0f} 秒"
        )


@dataclass(frozen=True)
class SeedTask:
    """One task of the seed tables, as text to vary."""

    title: str
    category: str
    target: str
    progress: str
    indicators: list[dict[str, Any]]
    findings: list[dict[str, Any]]


@cache
def seed_tasks() -> tuple[SeedTask, ...]:
    """The seed tables' tasks, with what the truth check says about them (for findings)."""
    from duban.core.consistency import audit_plan

    tasks = []
    for path, year in ((KEY_WORK_2025, 2025), (BUILDINGS_PLAN_2022, 2022)):
        doc = parse_file(path)
        found: dict[str, list[dict[str, Any]]] = {}
        for item in audit_plan(doc, today=dt.date(year, 12, 31)):
            found.setdefault(item.seq, []).append(item.as_dict())
        for task in doc.tasks():
            tasks.append(
                SeedTask(
                    title=task.title,
                    category=task.category,
                    target=task.target,
                    progress=task.progress,
                    indicators=[{**i.as_dict(), "value": i.value} for i in task.indicators],
                    findings=found.get(task.seq, []) if year == 2025 else [],
                )
            )
    return tuple(tasks)


def city_loaded() -> bool:
    return Plan.objects.filter(source_name__endswith=MARKER).exists()


def city_load(scale: CityScale = CityScale(), *, progress: Callable[[str], None] = lambda s: None) -> Counts:
    """Generate the city; refuses to run twice on the same database (returns zero counts)."""
    started = time.perf_counter()
    counts = Counts()
    if city_loaded():
        progress("城市规模演示数据已存在，跳过")
        return counts
    today = scale.today or clock.today()
    gen = _Generator(scale, today, random.Random(scale.seed), counts, progress)
    with _own_timestamps(Plan, Task, ReportingRound, ProgressReport, ReportVersion, Finding, Building):
        gen.run()
    counts.seconds = time.perf_counter() - started
    return counts


@contextmanager
def _own_timestamps(*model_classes: type[models.Model]) -> Iterator[None]:
    """Let the generator write historic auto_now/auto_now_add values (bulk_create would stamp now)."""
    fields = [
        f
        for m in model_classes
        for f in m._meta.concrete_fields
        if isinstance(f, models.DateField | models.TimeField) and (f.auto_now or f.auto_now_add)
    ]
    saved = [(f, f.auto_now, f.auto_now_add) for f in fields]
    for f in fields:
        f.auto_now = f.auto_now_add = False
    try:
        yield
    finally:
        for f, auto_now, auto_now_add in saved:
            f.auto_now, f.auto_now_add = auto_now, auto_now_add


def _at(day: dt.date, hour: int = 9, minute: int = 0) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=TZ)


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _bulk(model: type[M], rows: Sequence[M]) -> list[M]:
    return model._default_manager.bulk_create(rows, batch_size=BATCH)


@dataclass(frozen=True)
class _MadeTask:
    """A generated task with what made it: its seed (for the findings) and the lead unit that reports."""

    task: Task
    seed: SeedTask
    lead: Unit


class _Generator:
    def __init__(
        self,
        scale: CityScale,
        today: dt.date,
        rng: random.Random,
        counts: Counts,
        progress: Callable[[str], None],
    ) -> None:
        self.scale, self.today, self.rng, self.counts, self.say = scale, today, rng, counts, progress
        self.seeds = seed_tasks()
        self.first_year = today.year - scale.years + 1

    # ------------------------------------------------------------ units and accounts

    def run(self) -> None:
        self.say(
            f"生成城市规模演示数据：{self.scale.units} 个单位，{self.scale.years} 年，"
            f"每年 {self.scale.tasks_per_year} 项任务（随机种子 {self.scale.seed}）"
        )
        with transaction.atomic():
            self.units = self._units()
            self.group = self._town_group()
            self._accounts()
        self.say(f"单位 {len(self.units)}，账户 {self.counts.accounts}")
        for index, year in enumerate(range(self.first_year, self.today.year + 1), start=1):
            started = time.perf_counter()
            with transaction.atomic():
                line = self._year(year)
            seconds = time.perf_counter() - started
            line = f"第{index}/{self.scale.years}年（{year}年）：{line}，用时 {seconds:.1f} 秒"
            self.counts.by_year.append(line)
            self.say(line)
        with transaction.atomic():
            self._buildings()
        self.say(f"楼宇 {self.counts.buildings}")

    def _unit_names(self) -> list[str]:
        names = list(CITY_UNITS[: self.scale.units])
        n = 1
        while len(names) < self.scale.units:  # more than the list: numbered streets
            names.append(f"第{n}街道")
            n += 1
        return names

    def _units(self) -> list[Unit]:
        names = self._unit_names()
        existing = {u.name for u in Unit.objects.filter(name__in=names)}
        created = _bulk(Unit, [Unit(name=n, kind=guess_unit_kind(n)) for n in names if n not in existing])
        self.counts.units = len(names)
        self.say(f"单位：已有 {len(existing)}，新增 {len(created)}")
        by_name = {u.name: u for u in Unit.objects.filter(name__in=names)}
        return [by_name[n] for n in names]

    def _town_group(self) -> UnitGroup:
        group, _ = UnitGroup.objects.get_or_create(name=TOWN_GROUP)
        towns = [u for u in self.units if u.kind in ("town", "park")]
        group.members.add(*towns)
        return group

    def _accounts(self) -> None:
        """One 单位填报员 per unit (tb001…), ten 督办员 (duban01…) and ten 领导 (lingdao01…)."""
        password = make_password(DEMO_PASSWORD)  # hashed once: the slow part of creating accounts
        now = _at(self.today)
        by_name = {u.name: u for u in self.units}
        office = by_name.get(SUPERVISOR_UNIT, self.units[0])
        leaders = by_name.get(LEADER_UNIT, self.units[0])
        wanted: list[tuple[str, Role, str, Unit]] = [
            (f"tb{i:03d}", Role.REPORTER, f"{u.name}填报员", u) for i, u in enumerate(self.units, start=1)
        ]
        wanted += [(f"duban{i:02d}", Role.SUPERVISOR, f"督办员{i:02d}", office) for i in range(1, 11)]
        wanted += [(f"lingdao{i:02d}", Role.LEADER, f"领导{i:02d}", leaders) for i in range(1, 11)]
        existing = set(
            User.objects.filter(username__in=[w[0] for w in wanted]).values_list("username", flat=True)
        )
        users = [
            User(
                username=name,
                role=role,
                full_name=full_name,
                unit=unit,
                password=password,
                password_changed_at=now,
                date_joined=now,
            )
            for name, role, full_name, unit in wanted
            if name not in existing
        ]
        _bulk(User, users)
        self.counts.accounts = len(wanted)
        self.supervisors = list(
            User.objects.filter(username__startswith="duban0").order_by("username")
        ) or list(User.objects.filter(role=Role.SUPERVISOR))
        reporters = User.objects.filter(username__startswith="tb", role=Role.REPORTER).select_related("unit")
        self.reporter_of = {u.unit_id: u for u in reporters}

    # ------------------------------------------------------------ one year

    def _year(self, year: int) -> str:
        per_plan = _split(self.scale.tasks_per_year, self.scale.plans_per_year)
        tasks_total = reports_total = versions_total = rounds_total = findings_total = 0
        for p, count in enumerate(per_plan):
            if count == 0:
                continue
            plan = self._plan(year, p)
            tasks = self._tasks(plan, year, count)
            rounds, reports, versions = self._rounds(plan, year, tasks)
            findings_total += self._findings(plan, year, tasks)
            tasks_total += len(tasks)
            rounds_total += rounds
            reports_total += reports
            versions_total += versions
        self.counts.plans += sum(1 for c in per_plan if c)
        self.counts.tasks += tasks_total
        self.counts.rounds += rounds_total
        self.counts.reports += reports_total
        self.counts.versions += versions_total
        self.counts.findings += findings_total
        return (
            f"任务 {tasks_total}，轮次 {rounds_total}，填报 {reports_total}，版本 {versions_total}，"
            f"核查发现 {findings_total}"
        )

    def _plan(self, year: int, index: int) -> Plan:
        title = PLAN_THEMES[index % len(PLAN_THEMES)].format(y=year)
        if index >= len(PLAN_THEMES):
            title += f"（第{index // len(PLAN_THEMES) + 1}批）"
        created = _at(dt.date(year, 1, 10 + index % 10))
        plan = Plan.objects.create(
            title=title,
            attachment_label=f"附件{index + 1}",
            period_start=dt.date(year, 1, 1),
            period_end=dt.date(year, 12, 31),
            source_name=f"{title}.docx{MARKER}",
            created_at=created,
            updated_at=created,
        )
        return plan

    def _tasks(self, plan: Plan, year: int, count: int) -> list[_MadeTask]:
        rng = self.rng
        sections = _bulk(
            Section,
            [
                Section(plan=plan, title=SECTION_TITLES[(i + plan.pk) % len(SECTION_TITLES)], position=i + 1)
                for i in range(min(SECTIONS_PER_PLAN, count))
            ],
        )
        per_section = _split(count, len(sections))
        current = year == self.today.year
        stamp = _at(_month_end(year, 12) if not current else self.today)
        tasks, extras = [], []
        position = 0
        for section, n in zip(sections, per_section, strict=True):
            for seq in range(1, n + 1):
                position += 1
                seed = rng.choice(self.seeds)
                task, extra = self._task(plan, section, seed, year, seq, position, current, stamp)
                tasks.append(task)
                extras.append((seed, extra))
        tasks = _bulk(Task, tasks)
        made, assignments, indicators = [], [], []
        for task, (seed, (leads, responsible, use_group)) in zip(tasks, extras, strict=True):
            made.append(_MadeTask(task, seed, leads[0]))
            for i, unit in enumerate(leads):
                assignments.append(
                    TaskUnit(task=task, unit=unit, role=UnitRole.LEAD, position=i, written_as=unit.name)
                )
            for i, unit in enumerate(responsible):
                assignments.append(
                    TaskUnit(
                        task=task, unit=unit, role=UnitRole.RESPONSIBLE, position=i, written_as=unit.name
                    )
                )
            if use_group:
                assignments.append(
                    TaskUnit(
                        task=task,
                        group=self.group,
                        role=UnitRole.RESPONSIBLE,
                        position=len(responsible),
                        written_as=self.group.name,
                    )
                )
            for i, ind in enumerate(seed.indicators):
                indicators.append(
                    Indicator(
                        plan=plan,
                        task=task,
                        text=ind["text"],
                        metric=ind["metric"][:200],
                        comparator=ind["comparator"],
                        value=ind["value"],
                        unit=ind["unit"][:20],
                        position=i,
                    )
                )
        _bulk(TaskUnit, assignments)
        _bulk(Indicator, indicators)
        return made

    def _task(
        self,
        plan: Plan,
        section: Section,
        seed: SeedTask,
        year: int,
        seq: int,
        position: int,
        current: bool,
        stamp: dt.datetime,
    ) -> tuple[Task, tuple[list[Unit], list[Unit], bool]]:
        rng = self.rng
        variant = rng.choice(VARIANTS)
        title = f"{seed.title}{variant}" if variant and len(seed.title) < 40 else seed.title
        target = _year_text(seed.target, year) or f"{year}年内完成{title}年度任务。"
        roll = rng.random()
        if current:
            status = (
                TaskStatus.DONE
                if roll < 0.22
                else TaskStatus.NOT_DONE
                if roll < 0.25
                else TaskStatus.IN_PROGRESS
            )
        else:
            status = (
                TaskStatus.DONE
                if roll < 0.88
                else TaskStatus.NOT_DONE
                if roll < 0.96
                else TaskStatus.IN_PROGRESS
            )
        month = rng.choice(DEADLINE_MONTHS)
        kind_roll = rng.random()
        if kind_roll < 0.7:
            deadline, kind = _month_end(year, month), DeadlineKind.DATE
            text = "年底前" if month == 12 else f"{month}月底前"
        elif kind_roll < 0.8:
            deadline, kind, text = None, DeadlineKind.ONGOING, "长期"
        else:
            deadline, kind, text = None, DeadlineKind.NONE, ""
        leads = [self._unit_for_lead()]
        if rng.random() < 0.15:
            second = self._unit_for_lead()
            if second is not leads[0]:
                leads.append(second)
        responsible = []
        for _ in range(rng.choice((0, 1, 1, 2, 2, 3, 4))):
            unit = rng.choice(self.units)
            if unit not in leads and unit not in responsible:
                responsible.append(unit)
        use_group = rng.random() < 0.03
        progress, reason = "", ""
        if status == TaskStatus.DONE:
            progress = _year_text(seed.progress, year) or f"已按计划完成{title}。"
        elif status == TaskStatus.NOT_DONE:
            progress = f"截至{year}年底，{STAGES[rng.randrange(4)]}。"
            reason = rng.choice(SHORTFALL_REASONS)
        elif not current:
            progress = f"截至{year}年底，{STAGES[5].format(p=rng.randint(60, 95))}。"
        task = Task(
            plan=plan,
            section=section,
            position=position,
            seq=str(seq),
            category=seed.category,
            title=title,
            target=target,
            progress=progress,
            completed={TaskStatus.DONE: True, TaskStatus.NOT_DONE: False}.get(status) if progress else None,
            shortfall_reason=reason,
            deadline=deadline,
            deadline_text=text,
            deadline_kind=kind,
            status=status,
            source_ref={"generated": "city", "seed": self.scale.seed},
            updated_at=stamp,
        )
        return task, (leads, responsible, use_group)

    def _unit_for_lead(self) -> Unit:
        # Bureaus and towns lead most tasks; every unit leads some.
        return self.rng.choice(self.units)

    # ------------------------------------------------------------ rounds, reports, history

    def _rounds(self, plan: Plan, year: int, tasks: list[_MadeTask]) -> tuple[int, int, int]:
        last_month = 12 if year < self.today.year else self.today.month
        rng = self.rng
        rounds = []
        for month in range(1, last_month + 1):
            is_open = year == self.today.year and month == self.today.month
            opened = _at(dt.date(year, month, 1), 9, rng.randrange(60))
            rounds.append(
                ReportingRound(
                    plan=plan,
                    label=f"{year}年{month}月",
                    due_date=dt.date(year, month, 25),
                    status=RoundStatus.OPEN if is_open else RoundStatus.CLOSED,
                    opened_by=rng.choice(self.supervisors),
                    opened_at=opened,
                )
            )
        rounds = _bulk(ReportingRound, rounds)
        reports_total = versions_total = 0
        accepted: dict[int, str] = {}
        for month, round_ in enumerate(rounds, start=1):
            is_open = round_.status == RoundStatus.OPEN
            reports, histories = [], []
            for made in tasks:
                report, history = self._report(round_, made, year, month, is_open)
                reports.append(report)
                histories.append(history)
            reports = _bulk(ProgressReport, reports)
            versions = [
                ReportVersion(report=report, **values)
                for report, history in zip(reports, histories, strict=True)
                for values in history
            ]
            _bulk(ReportVersion, versions)
            reports_total += len(reports)
            versions_total += len(versions)
            for report in reports:
                if report.status == ReportStatus.ACCEPTED:
                    accepted[report.task_id] = report.progress
        # This year's unfinished tasks show their latest accepted report, as the roll-up would.
        rolled = [m.task for m in tasks if not m.task.progress and m.task.pk in accepted]
        for task in rolled:
            task.progress = accepted[task.pk]
        Task.objects.bulk_update(rolled, ["progress"], batch_size=500)
        return len(rounds), reports_total, versions_total

    def _report(
        self, round_: ReportingRound, made: _MadeTask, year: int, month: int, is_open: bool
    ) -> tuple[ProgressReport, list[dict[str, Any]]]:
        rng = self.rng
        task, unit = made.task, made.lead
        reporter = self.reporter_of.get(unit.pk)
        supervisor = rng.choice(self.supervisors)
        due = round_.due_date
        final = month == 12 or (task.status != TaskStatus.IN_PROGRESS and month * 30 > rng.randint(200, 360))
        if final and task.progress:
            progress, claim = task.progress, _CLAIM[TaskStatus(task.status)]
            reason = task.shortfall_reason
        else:
            stage = STAGES[min(len(STAGES) - 1, (month - 1) * len(STAGES) // 12)]
            progress = (
                f"截至{month}月底，"
                + stage.format(p=min(95, month * 8 + rng.randint(0, 8)), n=rng.randint(1, 6))
                + "。"
            )
            claim, reason = Claim.IN_PROGRESS, ""
        roll = rng.random()
        if is_open:  # this month: some filed already, most still to do
            outcome = (
                "draft"
                if roll < 0.55
                else "returned"
                if roll < 0.62
                else "submitted"
                if roll < 0.85
                else "accepted"
            )
            submitted_day = dt.date(year, month, rng.randint(1, min(25, self.today.day)))
        else:
            outcome = (
                "accepted" if roll < 0.86 else "reaccepted" if roll < 0.92 else "returned" if roll < 0.95
                else "submitted" if roll < 0.97 else "missing"
            )  # fmt: skip
            late = rng.random() < 0.1
            submitted_day = (
                due + dt.timedelta(days=rng.randint(1, 4))
                if late
                else dt.date(year, month, rng.randint(15, 25))
            )
        submit_at = _at(submitted_day, rng.randint(8, 17), rng.randrange(60))
        review_at = submit_at + dt.timedelta(days=rng.randint(0, 3), hours=rng.randint(1, 5))
        content = {"progress": progress, "claim": claim, "shortfall_reason": reason}
        history: list[dict[str, Any]] = []

        def step(
            action: str, status: ReportStatus, at: dt.datetime, actor: User | None, comment: str = ""
        ) -> None:
            history.append(
                {
                    "version": len(history) + 2,
                    "action": action,
                    "status": status,
                    "comment": comment,
                    "actor": actor,
                    "at": at,
                    **content,
                }
            )

        status, accepted_at, submitted_at = ReportStatus.DRAFT, None, None
        updated_at, updated_by = _at(dt.date(year, month, 1)), None
        if outcome in ("missing", "draft"):
            if outcome == "draft" and roll < 0.2 and reporter is not None:  # a saved draft
                step("save", ReportStatus.DRAFT, submit_at, reporter)
                updated_at, updated_by = submit_at, reporter
        else:
            step("submit", ReportStatus.SUBMITTED, submit_at, reporter)
            status, submitted_at, updated_at, updated_by = (
                ReportStatus.SUBMITTED,
                submit_at,
                submit_at,
                reporter,
            )
            if outcome in ("returned", "reaccepted"):
                step("return", ReportStatus.RETURNED, review_at, supervisor, rng.choice(RETURN_COMMENTS))
                status, updated_at, updated_by = ReportStatus.RETURNED, review_at, supervisor
            if outcome == "reaccepted":
                resubmit = review_at + dt.timedelta(days=1, hours=rng.randint(0, 6))
                content["progress"] += "（已补充：本月完成投资约" + str(rng.randint(200, 5000)) + "万元）"
                step("submit", ReportStatus.SUBMITTED, resubmit, reporter)
                review_at = resubmit + dt.timedelta(hours=rng.randint(2, 30))
                submitted_at = resubmit
            if outcome in ("accepted", "reaccepted"):
                step("accept", ReportStatus.ACCEPTED, review_at, supervisor)
                status, accepted_at, updated_at, updated_by = (
                    ReportStatus.ACCEPTED,
                    review_at,
                    review_at,
                    supervisor,
                )
        report = ProgressReport(
            round=round_,
            task=task,
            unit=unit,
            status=status,
            version=len(history) + 1,
            submitted_at=submitted_at,
            accepted_at=accepted_at,
            updated_at=updated_at,
            updated_by=updated_by,
            **content,
        )
        return report, history

    # ------------------------------------------------------------ findings

    def _findings(self, plan: Plan, year: int, tasks: list[_MadeTask]) -> int:
        rng = self.rng
        current = year == self.today.year
        sections = {s.pk: s.title for s in plan.sections.all()}
        rows, seen = [], set()
        for made in tasks:
            task = made.task
            for item in made.seed.findings:
                if rng.random() > 0.5:
                    continue
                key = (sections[task.section_id], task.seq, item["check"])
                if key in seen:
                    continue
                seen.add(key)
                found = _at(dt.date(year, 12 if not current else self.today.month, 1), 10)
                state = FindingState.OPEN
                reviewed_by, reviewed_at, note = None, None, ""
                if not current or rng.random() < 0.3:
                    state = FindingState.REVIEWED if rng.random() < 0.7 else FindingState.RESOLVED
                    reviewed_by = rng.choice(self.supervisors)
                    reviewed_at = found + dt.timedelta(days=rng.randint(1, 10))
                    note = (
                        "已电话核实，单位已按实际情况修改为“否”并说明理由。"
                        if state == FindingState.REVIEWED
                        else ""
                    )
                rows.append(
                    Finding(
                        plan=plan,
                        task=task,
                        section=key[0],
                        seq=task.seq,
                        check_code=item["check"],
                        severity=item["severity"],
                        message=item["message"],
                        evidence=item["evidence"],
                        state=state,
                        review_note=note,
                        reviewed_by=reviewed_by,
                        reviewed_at=reviewed_at,
                        first_seen=found,
                        last_seen=found,
                    )
                )
        _bulk(Finding, rows)
        return len(rows)

    # ------------------------------------------------------------ buildings

    def _buildings(self) -> None:
        rng = self.rng
        hosts = [u for u in self.units if u.kind in ("town", "park")] or self.units
        opened = dt.date(self.first_year, 3, 31)
        rows, renovated = [], []
        for n in range(1, self.scale.buildings + 1):
            unit = hosts[n % len(hosts)]
            road = ROADS[rng.randrange(len(ROADS))]
            kind = BUILDING_KINDS[rng.randrange(len(BUILDING_KINDS))]
            owner_type = rng.choice((OwnerType.STATE, OwnerType.COLLECTIVE, OwnerType.ENTERPRISE))
            floor = Decimal(rng.randint(800, 60000))
            idle_since = dt.date(rng.randint(self.first_year - 5, self.today.year), rng.randint(1, 12), 1)
            state = rng.choices(
                (BuildingState.IDLE, BuildingState.RENOVATING, BuildingState.RENOVATED, BuildingState.IN_USE),
                weights=(55, 10, 20, 15),
            )[0]
            entered = _at(max(opened, idle_since))
            rows.append(
                Building(
                    name=f"演示·{unit.name}{road}{n}号{kind}",
                    address=f"江阴市{unit.name}{road}{n}号",
                    unit=unit,
                    owner_type=owner_type,
                    owner=f"演示·{unit.name}{'资产公司' if owner_type == OwnerType.STATE else '某有限公司'}",
                    floor_area_m2=floor,
                    land_area_m2=Decimal(rng.randint(500, 30000)),
                    land_tenure="集体" if owner_type == OwnerType.COLLECTIVE else "国有",
                    land_use=rng.choice(LAND_USES),
                    building_state=state,
                    idle_since=idle_since
                    if state in (BuildingState.IDLE, BuildingState.RENOVATING)
                    else None,
                    created_at=entered,
                    updated_at=entered,
                )
            )
            renovated.append(state in (BuildingState.RENOVATING, BuildingState.RENOVATED))
        rows = _bulk(Building, rows)
        changes, renovations = [], []
        for building, was_renovated in zip(rows, renovated, strict=True):
            changes.append(
                BuildingChange(
                    building=building,
                    on=building.created_at.date(),
                    at=building.created_at,
                    source=ChangeSource.CREATED,
                    label="新建入库",
                    new=building.name,
                )
            )
            if was_renovated:
                start = building.created_at.date() + dt.timedelta(days=rng.randint(30, 400))
                start = min(start, self.today)
                finish = None
                if building.building_state == BuildingState.RENOVATED:
                    finish = min(start + dt.timedelta(days=rng.randint(120, 600)), self.today)
                renovations.append(
                    Renovation(
                        building=building,
                        title=f"{building.name.removeprefix('演示·')}科技赋能改造",
                        investor=building.owner,
                        area_m2=building.floor_area_m2 * Decimal("0.8"),
                        planned_start=start,
                        started_on=start,
                        finished_on=finish,
                    )
                )
        _bulk(BuildingChange, changes)
        _bulk(Renovation, renovations)
        self.counts.buildings = len(rows)


_CLAIM = {
    TaskStatus.DONE: Claim.DONE,
    TaskStatus.NOT_DONE: Claim.NOT_DONE,
    TaskStatus.IN_PROGRESS: Claim.IN_PROGRESS,
}


def _split(total: int, parts: int) -> list[int]:
    """total spread over parts as evenly as possible (first parts get the remainder)."""
    if parts <= 0:
        return []
    base, extra = divmod(total, parts)
    return [base + (1 if i < extra else 0) for i in range(parts)]


def _year_text(text: str, year: int) -> str:
    """A seed text moved to another year (2025年 → 2019年)."""
    return text.replace("2025", str(year)).replace("2024", str(year - 1)) if text else text
