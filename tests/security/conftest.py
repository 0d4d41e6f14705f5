"""One world for the permission matrix: every object a URL pattern takes, owned by 青阳镇 ("own",
li's unit) or by 月城镇 ("other"), plus one logged-in session per role.

The world is built once per test module inside an outer transaction that is rolled back at the
end; each test runs in its own savepoint (pytest-django's ``db``), so a POST that changes state
never leaks into the next cell.
"""

from __future__ import annotations

import datetime as dt
import io
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

import openpyxl
import pytest
from django.conf import settings
from django.db import transaction
from django.test import Client
from django.utils import timezone

from duban.accounts.models import User
from duban.assessment.models import LeaderPoints
from duban.assessment.services import scheme_save as assessment_scheme_save
from duban.buildings.choices import CarrierKind, CarrierLevel, OwnerType
from duban.buildings.services.attachments import attachment_add as building_attachment_add
from duban.buildings.services.buildings import building_create, carrier_save, renovation_save
from duban.buildings.services.evaluations import (
    appeal_file,
    evaluation_compute,
    scores_set,
)
from duban.buildings.services.evaluations import scheme_save as evaluation_scheme_save
from duban.buildings.services.imports import building_import_upload, score_import_upload
from duban.common.roles import Role
from duban.core import clock
from duban.demo import KEY_WORK_2025
from duban.exports.unit_form import render_unit_form_xlsx
from duban.intake.models import Layout
from duban.intake.services import intake_upload
from duban.intake.storage import store_upload, upload_relative
from duban.plans.choices import LeaderKind
from duban.plans.models import Indicator, Plan, Task, TaskLeader
from duban.plans.services.breakdown import subtask_create
from duban.plans.services.imports import plan_import_apply, plan_import_file
from duban.plans.services.publication import plan_publish
from duban.reporting.models import AdhocAssignment, ReportingRound
from duban.reporting.selectors import unit_form_export
from duban.reporting.services.attachments import attachment_add as report_attachment_add
from duban.reporting.services.coordinations import coordination_request
from duban.reporting.services.extensions import extension_request
from duban.reporting.services.returns import returns_upload
from duban.reporting.services.rounds import round_open
from duban.supervision.choices import NoticeLevel
from duban.supervision.minutes import MinutesImporter
from duban.supervision.models import Acknowledgement, CloseRequest, MinutesBatch
from duban.supervision.services.closing import close_request_file
from duban.supervision.services.escalation import notice_issue
from duban.units.models import Unit
from duban.verification.models import Finding
from duban.verification.services import Upload, finding_reply_add
from tests.accounts.otp import otp_verify_session

PASSWORD = "Persona-pass-2025"
JPEG = b"\xff\xd8\xff\xe0" + b"\x00" * 64
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 64

# Column of the matrix -> (username, role, unit name). zhou ("reporter_other") acts on li's objects.
ROLES: dict[str, tuple[str, Role, str | None]] = {
    "sysadmin": ("zhao", Role.SYSADMIN, None),
    "secadmin": ("sec", Role.SECADMIN, None),
    "supervisor": ("wang", Role.SUPERVISOR, "霞科办"),
    "reporter": ("li", Role.REPORTER, "青阳镇"),
    "reporter_other": ("zhou", Role.REPORTER, "月城镇"),
    "unit_reviewer": ("qing_reviewer", Role.UNIT_REVIEWER, "青阳镇"),
    "leader": ("zhang", Role.LEADER, None),
    "auditor": ("shen", Role.AUDITOR, None),
}


@dataclass
class World:
    users: dict[str, User]
    sessions: dict[str, str]  # matrix column -> session key (OTP already verified)
    kwargs: dict[str, dict[str, dict[str, Any]]] = field(default_factory=dict)  # side -> name -> kw

    def resolve(self, name: str, side: str = "own") -> dict[str, Any]:
        """Concrete URL kwargs for ``namespace:name`` on 青阳镇's ("own") or 月城镇's ("other") object."""
        return self.kwargs[side].get(name, self.kwargs["own"].get(name, {}))

    def client(self, column: str) -> Client:
        client = Client()
        if column != "anonymous":
            client.cookies[settings.SESSION_COOKIE_NAME] = self.sessions[column]
        return client


def _user(username: str, role: Role, unit: Unit | None) -> User:
    user = User(username=username, role=role, unit=unit, full_name=username)
    user.set_password(PASSWORD)
    user.save()
    return user


def _minutes(office: User, *tasks: Task) -> MinutesBatch:
    """A pasted 纪要 waiting for its preview, and each task pointing at a stored source document."""
    importer = MinutesImporter(actor=office, today=clock.today(), source="minutes")
    text = "会议议定如下：\n一、由青阳镇牵头，两周内完成排查。"
    batch = intake_upload(importer=importer, chunks=[text.encode()], file_name="纪要.txt")
    for task in tasks:
        path, _sha, _size = store_upload([text.encode()], file_name="纪要.txt", area="adhoc")
        AdhocAssignment.objects.create(
            task=task, source="minutes", document_name="纪要.txt", document_path=upload_relative(path)
        )
    return batch


def _task(plan: Plan, seq: str) -> Task:
    return plan.tasks.get(seq=seq, section__position=1)


def _scores_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["载体名称", "入驻率", "在孵企业数"])
    sheet.append(["青阳孵化器", 80, 10])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _buildings_xlsx() -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["楼宇名称", "所属镇街园区", "地址", "产权类型", "建筑面积（平方米）"])
    sheet.append(["演示·青阳镇原农机站大楼", "青阳镇", "青阳镇演示路2号", "国有", 4200])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def _returned_table(user: User, round_: ReportingRound, unit: Unit) -> uuid.UUID:
    """The unit's 填报表, uploaded back unchanged by its own 填报员: a preview waiting."""
    data = render_unit_form_xlsx(unit_form_export(round_, unit))
    upload, _batches, _refusals = returns_upload(
        actor=user, round_=round_, files=[("回收表.xlsx", io.BytesIO(data))]
    )
    return upload


def build_world() -> World:
    units = {name: Unit.objects.get_or_create(name=name)[0] for name in ("霞科办", "青阳镇", "月城镇")}
    users = {
        column: _user(username, role, units[unit] if unit else None)
        for column, (username, role, unit) in ROLES.items()
    }
    wang, li, zhou = users["supervisor"], users["reporter"], users["reporter_other"]
    qingyang, yuecheng = units["青阳镇"], units["月城镇"]

    # Accounts the administrators act on (never a persona, so a POST cannot lock a persona out).
    target_own = _user("target_qy", Role.REPORTER, qingyang)
    target_other = _user("target_yc", Role.REPORTER, yuecheng)

    # Plans, a round, reports, attachments, an extension, a finding, a publication.
    plan = plan_import_apply(
        actor=wang, batch=plan_import_file(actor=wang, path=KEY_WORK_2025), unit_choices={}
    )
    pending_batch = plan_import_file(actor=wang, path=KEY_WORK_2025)  # a preview never applied
    layout = Layout.objects.create(
        name="民生实事推进表",
        fingerprint="0" * 32,
        spec={"header_rows": [1], "columns": [{"column": 1, "field": "title", "period": ""}]},
        created_at=clock.now(),
        updated_at=clock.now(),
    )
    november = round_open(actor=wang, plan=plan, label="2025年11月", due_date=dt.date(2025, 11, 25))
    own_task, other_task = _task(plan, "14"), _task(plan, "12")  # 青阳镇 leads 14; 12 is 月城镇 only
    village = Unit.objects.create(name="青阳村", parent=qingyang)
    own_subtask = subtask_create(
        actor=li, task=own_task, unit=village, title="走访摸底", milestones="2025-12-10 完成走访"
    )
    own_report = november.reports.get(task=own_task)
    other_report = november.reports.get(task=other_task)
    own_attachment = report_attachment_add(actor=li, report=own_report, chunks=[JPEG], file_name="现场.jpg")
    other_attachment = report_attachment_add(
        actor=zhou, report=other_report, chunks=[JPEG], file_name="厂房.jpg"
    )
    own_coordination = coordination_request(
        actor=li, report=own_report, matter="征地手续", counterpart="市自然资源规划局"
    )
    other_coordination = coordination_request(
        actor=zhou, report=other_report, matter="用电增容", counterpart="供电公司"
    )
    # The leader settles the 需协调事项 of the tasks he leads: both tasks name him.
    for led in (own_report.task, other_report.task):
        TaskLeader.objects.create(task=led, name="张明", kind=LeaderKind.IN_CHARGE, user=users["leader"])
    far = dt.date(2027, 6, 30)
    own_extension = extension_request(actor=li, task=own_task, new_deadline=far, reason="设备延期到货")
    other_extension = extension_request(actor=zhou, task=other_task, new_deadline=far, reason="征地未完成")
    own_finding, other_finding = (
        Finding.objects.create(
            plan=plan,
            task=task,
            section=task.section.title,
            seq=task.seq,
            check_code="claimed_done_but_pending",
            severity="严重",
            message="填报称已完成，但进展写“设备调试中”",
            last_seen=timezone.now(),
        )
        for task in (own_task, other_task)
    )
    own_close, other_close = (
        close_request_file(actor=user, task=task, text="已办结", files=[("验收.jpg", [JPEG])])
        for user, task in ((li, own_task), (zhou, other_task))
    )
    for finding, user in ((own_finding, li), (other_finding, zhou)):  # 申辩 with a file, waiting
        finding_reply_add(actor=user, finding=finding, text="已竣工", upload=Upload("验收单.jpg", [JPEG]))
    publication = plan_publish(actor=wang, plan=plan, fields=["title", "status"])
    indicator = Indicator.objects.filter(plan=plan).first()

    # Unit assessment: a scheme and leader points per town.
    scheme = assessment_scheme_save(actor=wang, values={"year": 2025, "name": "2025年度重点工作考核"})
    own_points, other_points = (
        LeaderPoints.objects.create(scheme=scheme, unit=unit, points=Decimal(1), reason="表扬", given_by=wang)
        for unit in (qingyang, yuecheng)
    )

    # Buildings, attachments, renovations, carriers, evaluation, results, appeals, imports.
    buildings = {}
    for unit, name in ((qingyang, "演示·青阳镇原纺织厂办公楼"), (yuecheng, "演示·月城镇原丝绸厂厂房")):
        buildings[unit.pk] = building_create(
            actor=wang,
            values={
                "name": name,
                "unit": unit,
                "owner_type": OwnerType.STATE,
                "floor_area_m2": Decimal(10000),
            },
        )
    own_building, other_building = buildings[qingyang.pk], buildings[yuecheng.pk]
    own_photo, other_photo = (
        building_attachment_add(actor=wang, building=b, chunks=[PNG], file_name="外立面.png")
        for b in (own_building, other_building)
    )
    own_renovation, other_renovation = (
        renovation_save(
            actor=wang,
            building=b,
            values={"title": f"{b.name}改造", "started_on": dt.date(2022, 1, 1), "finished_on": None},
        )
        for b in (own_building, other_building)
    )
    own_carrier, other_carrier = (
        carrier_save(
            actor=wang,
            values={
                "name": name,
                "building": b,
                "kind": CarrierKind.INCUBATOR,
                "level": CarrierLevel.CITY,
                "area_m2": Decimal(1000),
                "established_on": dt.date(2023, 1, 1),
            },
        )
        for name, b in (("青阳孵化器", own_building), ("月城众创空间", other_building))
    )
    evaluation = evaluation_scheme_save(
        actor=wang,
        values={"year": 2025, "title": "2025年度科创载体绩效考评"},
        indicators=[
            {"name": "入驻率", "unit": "%", "weight": Decimal(40), "max_value": Decimal(100)},
            {"name": "在孵企业数", "unit": "家", "weight": Decimal(60), "max_value": Decimal(50)},
        ],
    )
    first, second = evaluation.indicators.all()
    scores_set(
        actor=wang,
        scheme=evaluation,
        values={
            (c.pk, i.pk): Decimal(v)
            for c, row in ((own_carrier, (80, 10)), (other_carrier, (60, 20)))
            for i, v in zip((first, second), row, strict=True)
        },
    )
    results = {r.carrier_id: r for r in evaluation_compute(actor=wang, scheme=evaluation)}
    own_result, other_result = results[own_carrier.pk], results[other_carrier.pk]
    own_appeal = appeal_file(actor=li, result=own_result, reason="数据有误")
    other_appeal = appeal_file(actor=zhou, result=other_result, reason="漏报")
    own_import = building_import_upload(actor=li, chunks=[_buildings_xlsx()], file_name="楼宇.xlsx")
    scores_import = score_import_upload(
        actor=wang, scheme=evaluation, chunks=[_scores_xlsx()], file_name="得分.xlsx"
    )

    sessions = {}
    for column, user in users.items():
        client = Client()
        client.force_login(user)
        otp_verify_session(client, user)
        sessions[column] = client.cookies[settings.SESSION_COOKIE_NAME].value

    def side(
        unit: Unit,
        task: Task,
        report: Any,
        attachment: Any,
        extension: Any,
        finding: Any,
        points: Any,
        account: User,
        building: Any,
        photo: Any,
        renovation: Any,
        carrier: Any,
        result: Any,
        appeal: Any,
        close: CloseRequest,
    ) -> dict[str, dict[str, Any]]:
        return {
            "public_plan": {"token": publication.token},
            "accounts:set_active": {"pk": account.pk},
            "accounts:password_reset": {"pk": account.pk},
            "accounts:otp_reset": {"pk": account.pk},
            "accounts:grant": {"pk": account.pk},
            "assessment:ranking": {"pk": scheme.pk},
            "assessment:scheme_edit": {"pk": scheme.pk},
            "assessment:export": {"pk": scheme.pk},
            "assessment:unit": {"pk": scheme.pk, "unit_pk": unit.pk},
            "assessment:points_add": {"pk": scheme.pk, "unit_pk": unit.pk},
            "assessment:points_delete": {"pk": points.pk},
            "buildings:detail": {"pk": building.pk},
            "buildings:edit": {"pk": building.pk},
            "buildings:attachment_upload": {"pk": building.pk},
            "buildings:renovation_new": {"pk": building.pk},
            "buildings:attachment": {"pk": photo.pk},
            "buildings:renovation_edit": {"pk": renovation.pk},
            "buildings:carrier_edit": {"pk": carrier.pk},
            "buildings:import_preview": {"pk": own_import.pk},
            "buildings:import_discard": {"pk": own_import.pk},
            "buildings:scheme": {"pk": evaluation.pk},
            "buildings:scheme_edit": {"pk": evaluation.pk},
            "buildings:scores": {"pk": evaluation.pk},
            "buildings:scores_export": {"pk": evaluation.pk},
            "buildings:scores_import": {"pk": evaluation.pk},
            "buildings:scores_preview": {"pk": scores_import.pk},
            "buildings:scheme_compute": {"pk": evaluation.pk},
            "buildings:appeal_new": {"pk": result.pk},
            "buildings:appeal_decide": {"pk": appeal.pk},
            "buildings:goal_bind": {"pk": indicator.pk if indicator else 0},
            "buildings:goal_relink": {"pk": plan.pk},
            "plans:detail": {"pk": plan.pk},
            "plans:export": {"pk": plan.pk, "fmt": "xlsx"},
            "plans:assignment": {"pk": plan.pk, "unit_pk": unit.pk},
            "plans:task": {"pk": task.pk},
            "plans:task_leaders": {"pk": task.pk},
            "plans:publish": {"pk": plan.pk},
            "plans:import_preview": {"pk": pending_batch.pk},
            "plans:import_discard": {"pk": pending_batch.pk},
            "plans:import_mapping": {"pk": pending_batch.pk},
            "intake:layout_rename": {"pk": layout.pk},
            "intake:layout_export": {"pk": layout.pk},
            "intake:layout_delete": {"pk": layout.pk},
            "reporting:round_new": {"plan_pk": plan.pk},
            "reporting:rule_new": {"plan_pk": plan.pk},
            "reporting:carry_over": {"plan_pk": plan.pk},
            "reporting:round": {"pk": november.pk},
            "reporting:round_close": {"pk": november.pk},
            "reporting:bulletin": {"pk": november.pk},
            "reporting:report": {"pk": report.pk},
            "reporting:contribute": {"pk": report.pk},
            "reporting:attach": {"pk": report.pk},
            "reporting:act": {"pk": report.pk, "action": "submit"},
            "reporting:attachment": {"pk": attachment.pk},
            "reporting:remind": {"task_pk": task.pk},
            "reporting:extension_new": {"task_pk": task.pk},
            "reporting:instruction_new": {"task_pk": task.pk},
            "reporting:extension_decide": {"pk": extension.pk},
            "supervision:sign": {"task_pk": task.pk},
            "supervision:close_request": {"task_pk": task.pk},
            "supervision:recheck": {"task_pk": task.pk},
            "supervision:assignment": {"task_pk": task.pk, "unit_pk": unit.pk},
            "supervision:remind": {"pk": Acknowledgement.objects.get(task=task, unit=unit).pk},
            "supervision:decide": {"pk": close.pk, "step": "close"},
            "supervision:evidence": {"pk": close.evidence.get().pk},
            "units:detail": {"pk": unit.pk},
            "units:alias_add": {"pk": unit.pk},
            "verification:plan": {"plan_pk": plan.pk},
            "verification:run": {"plan_pk": plan.pk},
            "verification:review": {"pk": finding.pk},
            "verification:ask": {"pk": finding.pk},
            "verification:not_done": {"pk": finding.pk},
            "verification:reply": {"pk": finding.pk},
            "web:inbox_list": {"key": "review"},
            "verification:decide": {"pk": finding.replies.get().pk},
            "verification:reply_file": {"pk": finding.replies.get().pk},
        }

    world = World(users=users, sessions=sessions)
    world.kwargs["own"] = side(
        qingyang, own_task, own_report, own_attachment, own_extension, own_finding, own_points,
        target_own, own_building, own_photo, own_renovation, own_carrier, own_result, own_appeal,
        own_close,
    )  # fmt: skip
    world.kwargs["other"] = side(
        yuecheng, other_task, other_report, other_attachment, other_extension, other_finding,
        other_points, target_other, other_building, other_photo, other_renovation, other_carrier,
        other_result, other_appeal, other_close,
    )  # fmt: skip
    minutes = _minutes(wang, own_task, other_task)
    for side_name, task in (("own", own_task), ("other", other_task)):
        world.kwargs[side_name]["supervision:source_document"] = {"task_pk": task.pk}
        world.kwargs[side_name]["supervision:minutes_batch"] = {"pk": minutes.pk}
        world.kwargs[side_name]["supervision:minutes_discard"] = {"pk": minutes.pk}
    world.kwargs["own"]["reporting:coordination_decide"] = {"pk": own_coordination.pk}
    for side_name, unit, task in (("own", qingyang, own_task), ("other", yuecheng, other_task)):
        notice = notice_issue(actor=wang, task=task, unit=unit, level=NoticeLevel.BLUE, problem="本轮未填报")
        for name in ("notice_docx", "notice_receive", "notice_reply"):
            world.kwargs[side_name][f"supervision:{name}"] = {"pk": notice.pk}
        world.kwargs[side_name]["supervision:notice_new"] = {"task_pk": task.pk}
        world.kwargs[side_name]["supervision:interview_new"] = {"task_pk": task.pk}
    world.kwargs["own"]["supervision:round_notices"] = {"round_pk": november.pk}
    world.kwargs["own"]["plans:task_split"] = {"pk": own_task.pk}
    for name in ("reporting:subtask", "reporting:subtask_report"):
        world.kwargs["own"][name] = {"pk": own_subtask.pk}
    for side_name, user, unit in (("own", li, qingyang), ("other", zhou, yuecheng)):
        upload = _returned_table(user, november, unit)
        world.kwargs[side_name].update(
            {
                "reporting:unit_form": {"pk": november.pk, "unit_pk": unit.pk, "fmt": "xlsx"},
                "reporting:returns_new": {"pk": november.pk},
                "reporting:returns_preview": {"upload": upload},
                "reporting:returns_confirm": {"upload": upload},
                "reporting:returns_discard": {"upload": upload},
            }
        )
    world.kwargs["other"]["reporting:coordination_decide"] = {"pk": other_coordination.pk}
    return world


@pytest.fixture(scope="module")
def world(django_db_setup: None, django_db_blocker: Any) -> Iterator[World]:
    """Built once per module inside a transaction that is rolled back when the module is done."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield build_world()
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)
