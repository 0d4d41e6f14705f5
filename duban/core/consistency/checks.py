"""The checks on one task: does what the unit reports support what it claims?

Each check takes a TaskContext and returns its findings for that task (usually none).
The thresholds are module constants, documented where they are defined and in
docs/audit.md.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from duban.core.consistency.acts import Act, final_stage, find_acts, target_acts
from duban.core.consistency.model import Evidence, Finding, Severity
from duban.core.consistency.pairing import Located, is_scope_not_amount, locate, meets, pair
from duban.core.consistency.tense import Clause, read_clauses
from duban.core.consistency.text import containment, listed_items, near_identical, normalise
from duban.core.consistency.wording import amount, quote, requirement
from duban.core.plan import TaskDoc
from duban.core.quantities import Indicator, find_quantities

# A reason whose character pairs are at least 80% found in the title and target says
# nothing new: "推进重大项目招引" under the task 重大项目招引.
REASON_REPEAT_SHARE = 0.8
# Progress texts this alike (difflib ratio, after normalising) are the same text retyped.
COPY_SIMILARITY = 0.9
# Words that only say "not done yet"; a reason made of them and the task's words explains nothing.
_STATUS_WORDS_RE = re.compile(r"尚未|暂未|未能|没有|仍在|正在|推进中|进行中|未|完成|达到|达标|实现")
# 剩余 / 尚余 / 余下 / 仍有: part of the work is left, so a pending step is not a side job.
_REMAINDER_RE = re.compile(r"剩余|尚余|余下|仍有|还有[^，。；]{0,10}未")
# A pending clause is quoted with its sentence (预计…许可证，12月开工建设) up to this length.
QUOTE_SENTENCE = 40
# Texts shorter than this (normalised) are too short to call a copy: 已完成 twice is vague, not copied.
MIN_COPY_LENGTH = 6
# A copied sentence this long (normalised characters) is no coincidence: a warning, not a hint.
LONG_COPY = 30


@dataclass(frozen=True)
class TaskContext:
    """One task with what the checks need to know around it."""

    section: str
    task: TaskDoc
    today: dt.date | None = None  # the as-of day: deadlines and months are judged against it
    year: int | None = None  # the year a month without a year belongs to (a one-year plan's)
    plan_tasks: tuple[tuple[str, TaskDoc], ...] = ()  # every (section, task) of the plan
    previous_progress: Mapping[tuple[str, str], str] = field(default_factory=dict)

    def finding(self, check: str, severity: Severity, message: str, evidence: list[Evidence]) -> Finding:
        """Return a finding about this task."""
        return Finding(self.section, self.task.seq, self.task.title, check, severity, message, evidence)

    def report(self) -> list[Clause]:
        """Return the progress text's clauses, each marked fact or pending."""
        return read_clauses(self.task.progress, today=self.today, year=self.year)


def amount_targets(task: TaskDoc) -> list[Located]:
    """Return the target's indicators that name an amount to reach (not 四个站点 or 一个学院)."""
    text = task.target or task.title
    return [loc for loc in locate(text, task.indicators) if not is_scope_not_amount(text, loc)]


# --- 1 ------------------------------------------------------------------------------------------


def claimed_done_below_target(ctx: TaskContext) -> list[Finding]:
    """Claimed 是, but a reported value paired with a target indicator falls short of it.

    Only values stated as facts count: 计划12月31日前完成100% is a plan (tense.py).
    Pairing and comparators are described in pairing.py.
    """
    task = ctx.task
    if task.completed is not True:
        return []
    targets = [loc.indicator for loc in amount_targets(task)]
    if not targets:
        return []
    facts, plans = _reported_values(ctx)
    findings: list[Finding] = []
    for target, actual in pair(targets, facts):
        if meets(target, actual.value, actual.comparator):
            continue
        message = (
            f"自报已完成，但“{target.metric}”实际为{amount(actual.value, actual.unit)}，"
            f"未达到目标{requirement(target)}。"
        )
        planned = [text for value, text in plans if value.unit == target.unit]
        if planned:
            message += f"进展中{quote(planned[0])}是计划，不计为已完成。"
        evidence = Evidence(
            target.text, actual.text, target.value, actual.value, target.unit, source_text=task.progress
        )
        findings.append(ctx.finding("claimed_done_below_target", Severity.SERIOUS, message, [evidence]))
    return findings


def _reported_values(ctx: TaskContext) -> tuple[list[Indicator], list[tuple[Indicator, str]]]:
    """Split the report's indicators into facts and plans (with the clause of each plan)."""
    clauses = ctx.report()
    facts: list[Indicator] = []
    plans: list[tuple[Indicator, str]] = []
    for located in locate(ctx.task.progress):
        quantity = located.quantity
        clause = next((c for c in clauses if quantity and c.start <= quantity.start < c.end), None)
        if clause is not None and clause.pending:
            plans.append((located.indicator, clause.text))
        else:
            facts.append(located.indicator)
    return facts, plans


# --- 2 ------------------------------------------------------------------------------------------


def claimed_done_but_pending(ctx: TaskContext) -> list[Finding]:
    """Claimed 是, but the report says the target's key act, or a step before it, is not done yet.

    The target's key acts come from acts.py (开工, 竣工, 投入运营 …; acts it only asks to
    推进 or 筹备 are left out, so a target of ongoing work never trips this). A pending
    clause of the report (tense.py) is relevant when it names one of those acts
    (严重: 计划于12月开工 against 开工建设) or a step on the project ladder at or before
    the target's last act (警告: 设备调试中 against 投入运营). A pending step after it
    (设备安装中 against 主体完工) implies the target was passed and is not flagged.
    """
    task = ctx.task
    if task.completed is not True:
        return []
    asked = target_acts(task.target)
    if not asked:
        return []
    names = {act.name for act in asked}
    last = final_stage(asked)
    clauses = ctx.report()
    # 做好营业前准备工作 states preparation, not 营业: acts are read as a target's are.
    done = {act.name for clause in clauses if not clause.pending for act in target_acts(clause.text)}
    remainder = bool(_REMAINDER_RE.search(task.progress))
    direct: list[tuple[Clause, Act]] = []
    earlier: list[tuple[Clause, Act]] = []
    for clause in (c for c in clauses if c.pending):
        acts = find_acts(clause.text)
        if _REMAINDER_RE.search(clause.text) and not acts and last is not None:
            # 剩余1.5公里因管线迁改暂未实施: part of the target's own work is left undone.
            earlier.append((clause, next(a for a in asked if a.stage == last)))
            continue
        named = next((a for a in acts if a.name in names and not (clause.weak and a.name in done)), None)
        staged = [a for a in acts if a.stage is not None and last is not None and a.stage <= last]
        if named is not None:
            direct.append((clause, named))
        elif staged:
            step = max(staged, key=lambda a: a.stage or 0)
            if remainder or _blocked(asked, step, done):
                earlier.append((clause, step))
    if direct:
        return [_act_pending(ctx, asked, direct)]
    if earlier:
        return [_step_pending(ctx, asked, done, earlier)]
    return []


def _blocked(asked: list[Act], step: Act, done: set[str]) -> list[Act]:
    """Return the target's acts at or after a pending step that the report does not state as done."""
    return [a for a in asked if (a.stage or 0) >= (step.stage or 0) and a.name not in done]


def _act_pending(ctx: TaskContext, asked: list[Act], direct: list[tuple[Clause, Act]]) -> Finding:
    """严重: the report names an act the target asks for and says it is not done yet."""
    clause, act = direct[0]
    wanted = next(a.surface for a in asked if a.name == act.name)
    message = (
        f"自报已完成，但进展写{_context(clause)}（{clause.marker}），"
        f"目标要求的“{wanted}”尚未实现。请核实，未实现的应改为“否”并说明理由。"
    )
    return ctx.finding("claimed_done_but_pending", Severity.SERIOUS, message, _clause_evidence(ctx, direct))


def _step_pending(
    ctx: TaskContext, asked: list[Act], done: set[str], earlier: list[tuple[Clause, Act]]
) -> Finding:
    """警告: the report says a step at or before the target's last act is still pending."""
    clause, step = max(earlier, key=lambda pending: pending[1].stage or 0)
    blocked = _blocked(asked, step, done) or [a for a in asked if a.stage == final_stage(asked)]
    goal = "、".join(dict.fromkeys(a.surface for a in blocked))
    if step in asked:  # a remainder of the target's own work (剩余…暂未实施)
        what = f"目标要求的“{goal}”还有部分没有完成"
    else:
        what = f"“{step.surface}”这一步还没有完成，目标要求的“{goal}”不可能已全部实现"
    message = f"自报已完成，但进展写{_context(clause)}（{clause.marker}），{what}。请核实完成情况。"
    return ctx.finding("claimed_done_but_pending", Severity.WARNING, message, _clause_evidence(ctx, earlier))


def _context(clause: Clause) -> str:
    """Quote the clause's sentence when short enough to read whole, else the clause alone."""
    return quote(clause.sentence) if len(clause.sentence) <= QUOTE_SENTENCE else quote(clause.text)


def _clause_evidence(ctx: TaskContext, found: list[tuple[Clause, Act]]) -> list[Evidence]:
    """Return one piece of evidence per pending clause: the target against that clause."""
    return [Evidence(ctx.task.target, clause.text, source_text=clause.sentence) for clause, _ in found]


# --- 3 ------------------------------------------------------------------------------------------


def not_done_without_reason(ctx: TaskContext) -> list[Finding]:
    """Claimed 否, and the reason column is empty."""
    task = ctx.task
    if task.completed is not False or task.shortfall_reason.strip():
        return []
    message = "自报未完成，但没有说明理由。请责任单位补充未完成的原因和下一步措施。"
    evidence = [Evidence(task.target, task.progress, source_text=task.progress)]
    return [ctx.finding("not_done_without_reason", Severity.WARNING, message, evidence)]


def reason_repeats_task(ctx: TaskContext) -> list[Finding]:
    """Claimed 否, and the reason only restates the task.

    Measure: the share of the reason's character pairs also found in the title and
    target, after taking out words that only say "not done" (未完成, 尚未, 正在, 推进中);
    at REASON_REPEAT_SHARE or more the reason adds no cause of its own
    (老旧小区改造未完成 under 完成老旧小区改造12个).
    """
    task = ctx.task
    reason = task.shortfall_reason.strip()
    if task.completed is not False or not reason:
        return []
    share = containment(_STATUS_WORDS_RE.sub("", reason), f"{task.title}\n{task.target}")
    if share < REASON_REPEAT_SHARE:
        return []
    message = (
        f"未完成理由{quote(reason)}与任务名称和目标重合{round(share * 100)}%，只是复述任务，"
        "没有说明为什么没有完成。请责任单位说明具体原因。"
    )
    evidence = [Evidence(task.target, reason, source_text=reason)]
    return [ctx.finding("reason_repeats_task", Severity.HINT, message, evidence)]


# --- 4 ------------------------------------------------------------------------------------------


def quantitative_target_without_number(ctx: TaskContext) -> list[Finding]:
    """The target asks for amounts but the report (not empty) states no quantity at all.

    警告 when the task is claimed 是: the claim cannot be checked. 提示 otherwise, and
    also when the report lists at least as many names as the largest count asked for
    (国瓷泓源、威腾铝箔、金域新能源、中际信等多个项目 against 3个): likely met, but the
    number should be written.
    """
    task = ctx.task
    targets = [loc.indicator for loc in amount_targets(task)]
    if not targets or not task.progress.strip() or find_quantities(task.progress):
        return []
    asked = "；".join(f"{t.metric}{requirement(t)}" for t in targets)
    message = f"目标有量化要求（{asked}），但进展没有写任何数字，无法核对是否达标。"
    names = listed_items(task.progress)
    largest = max(t.value for t in targets)
    if names:
        message += f"进展列举了{len(names)}个名称（{'、'.join(names)}），请写明完成数量。"
    listed_enough = bool(names) and len(names) >= largest
    severity = Severity.WARNING if task.completed is True and not listed_enough else Severity.HINT
    evidence = [Evidence(t.text, task.progress, t.value, None, t.unit, task.progress) for t in targets]
    return [ctx.finding("quantitative_target_without_number", severity, message, evidence)]


# --- 5 ------------------------------------------------------------------------------------------


def progress_copied(ctx: TaskContext) -> list[Finding]:
    """The progress text repeats another task's progress, or this task's previous report.

    Texts are compared after normalising (width, punctuation, spaces) and count as
    copies at COPY_SIMILARITY; texts under MIN_COPY_LENGTH characters are not compared.
    Another task's text: 提示 when short (under LONG_COPY characters, where two projects
    at the same stage may truly read alike), 警告 when long. The previous round's text:
    警告, the report was not updated.
    """
    task = ctx.task
    if len(normalise(task.progress)) < MIN_COPY_LENGTH:
        return []
    evidence: list[Evidence] = []
    parts: list[str] = []
    twins = [
        (section, other)
        for section, other in ctx.plan_tasks
        if other is not task and near_identical(task.progress, other.progress, COPY_SIMILARITY)
    ]
    for section, other in twins:
        where = "" if section == ctx.section else f"“{section}”"
        parts.append(f"与{where}第{other.seq}项（{other.title}）的进展相同")
        evidence.append(Evidence(f"{where}第{other.seq}项的进展：{other.progress}", task.progress))
    previous = ctx.previous_progress.get((ctx.section, task.seq), "")
    not_updated = near_identical(task.progress, previous, COPY_SIMILARITY)
    if not_updated:
        parts.append("与上一轮填报的进展相同")
        evidence.append(Evidence(f"上一轮填报的进展：{previous}", task.progress))
    if not parts:
        return []
    message = f"进展{quote(task.progress, 30)}{'，'.join(parts)}，可能是复制粘贴或未更新，请核实实际进展。"
    long_copy = len(normalise(task.progress)) >= LONG_COPY
    severity = Severity.WARNING if not_updated or long_copy else Severity.HINT
    return [ctx.finding("progress_copied", severity, message, evidence)]


def progress_copies_target(ctx: TaskContext) -> list[Finding]:
    """The progress text is the target text again (after normalising): nothing is reported.

    Only exact copies count. "已完成项目规划方案及融资" against the target
    "完成项目规划方案及融资" states the target as done, the usual way to report a
    completion, and is not flagged.
    """
    task = ctx.task
    if not normalise(task.progress) or normalise(task.progress) != normalise(task.target):
        return []
    message = (
        f"进展{quote(task.progress)}与年度目标原文相同，照抄目标，没有反映实际完成情况。"
        "请补充完成的事实（时间、节点、数量）。"
    )
    evidence = [Evidence(task.target, task.progress, source_text=task.progress)]
    return [ctx.finding("progress_copies_target", Severity.HINT, message, evidence)]


# --- 7 ------------------------------------------------------------------------------------------


def deadline_passed_not_done(ctx: TaskContext) -> list[Finding]:
    """The deadline is before today and the task is not claimed done.

    警告 when claimed 否; 提示 when nothing is claimed (the plan has no report yet).
    """
    task = ctx.task
    if ctx.today is None or task.deadline is None or task.deadline >= ctx.today or task.completed is True:
        return []
    written = task.deadline_text or task.deadline.isoformat()
    if task.completed is False:
        message = (
            f"完成时限“{written}”（{task.deadline.isoformat()}）已过，截至{ctx.today.isoformat()}仍未完成。"
        )
        severity = Severity.WARNING
    else:
        message = (
            f"完成时限“{written}”（{task.deadline.isoformat()}）已过，"
            f"截至{ctx.today.isoformat()}尚未填报是否完成。请督促责任单位报送进展。"
        )
        severity = Severity.HINT
    evidence = [Evidence(written, ctx.today.isoformat(), source_text=task.deadline_text)]
    return [ctx.finding("deadline_passed_not_done", severity, message, evidence)]
