"""Named personas, one per role, and the 2025 table imported through the real service.

王科长 (wang) supervises; 李主任 (li) files for 青阳镇; 周 (zhou) files for 月城镇, a town
on other rows; 青阳审核 (qing_reviewer) signs off 青阳镇; 张局长 (zhang) leads;
赵工 (zhao) administers the system; 沈 (shen) reads the audit log.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.test import Client

from duban.accounts.models import User
from duban.common.roles import Role
from duban.demo import KEY_WORK_2025
from duban.plans.models import Plan
from duban.plans.services.imports import plan_import_apply, plan_import_file
from duban.units.models import Unit
from tests.accounts.otp import otp_verify_session

PASSWORD = "Persona-pass-2025"


def _user(username: str, role: Role, unit: Unit | None = None) -> User:
    user = User(username=username, role=role, unit=unit, full_name=username)
    user.set_password(PASSWORD)
    user.save()
    return user


@pytest.fixture
def xiakeban(db: None) -> Unit:
    return Unit.objects.get_or_create(name="霞科办")[0]


@pytest.fixture
def qingyang(db: None) -> Unit:
    return Unit.objects.get_or_create(name="青阳镇")[0]


@pytest.fixture
def yuecheng(db: None) -> Unit:
    return Unit.objects.get_or_create(name="月城镇")[0]


@pytest.fixture
def wang(xiakeban: Unit) -> User:
    return _user("wang", Role.SUPERVISOR, xiakeban)


@pytest.fixture
def li(qingyang: Unit) -> User:
    return _user("li", Role.REPORTER, qingyang)


@pytest.fixture
def qing_reviewer(qingyang: Unit) -> User:
    return _user("qing_reviewer", Role.UNIT_REVIEWER, qingyang)


@pytest.fixture
def zhou(yuecheng: Unit) -> User:
    return _user("zhou", Role.REPORTER, yuecheng)


@pytest.fixture
def zhang(db: None) -> User:
    return _user("zhang", Role.LEADER)


@pytest.fixture
def zhao(db: None) -> User:
    return _user("zhao", Role.SYSADMIN)


@pytest.fixture
def shen(db: None) -> User:
    return _user("shen", Role.AUDITOR)


@pytest.fixture
def plan_2025(wang: User, qingyang: Unit, yuecheng: Unit) -> Plan:
    batch = plan_import_file(actor=wang, path=KEY_WORK_2025)
    return plan_import_apply(actor=wang, batch=batch, unit_choices={})


@pytest.fixture
def client_for() -> Callable[[User], Client]:
    def make(user: User) -> Client:
        client = Client()
        client.force_login(user)
        otp_verify_session(client, user)
        return client

    return make
