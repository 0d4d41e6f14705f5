"""Every role (plus anonymous and a user of another unit) × every named URL × GET/POST.

The expected outcome of each cell is in tests/security/matrix.py; a role that gets OK where the
table says otherwise is a leak. A refused POST must also leave the data as it was.
"""

from __future__ import annotations

from typing import Any

import pytest
from django.db.models import Model
from django.http import HttpResponse
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from duban.accounts.models import User
from duban.assessment.models import LeaderPoints
from duban.buildings.models import Appeal, Building, BuildingAttachment, BuildingImport, Carrier, Renovation
from duban.intake.models import Layout
from duban.plans.models import ImportBatch, Plan, PlanPublication, SubTask
from duban.reporting.models import (
    DeadlineExtension,
    ProgressReport,
    ReportAttachment,
    ReportingRound,
    SubTaskReport,
)
from duban.supervision.models import Acknowledgement, CloseRequest, Lifecycle, NumberPattern
from duban.units.models import Unit
from duban.verification.models import Finding
from duban.workdays.models import CalendarDay
from tests.security.conftest import World
from tests.security.matrix import COLUMNS, MATRIX, expected

METHODS = ("GET", "POST")
LOGIN_URL = "/accounts/login/"

# Cells that are leaks today, kept visible as strict xfails: (name, method, column) -> reason.
LEAKS: dict[tuple[str, str, str], str] = {}


def url_names(resolver: URLResolver | None = None, prefix: str = "") -> list[str]:
    """Every named pattern, ``namespace:name``, through every include."""
    names = []
    for pattern in (resolver or get_resolver()).url_patterns:
        if isinstance(pattern, URLResolver):
            names += url_names(pattern, f"{prefix}{pattern.namespace}:" if pattern.namespace else prefix)
        elif isinstance(pattern, URLPattern) and pattern.name:
            if str(pattern.pattern).startswith("static/"):
                continue
            names.append(prefix + pattern.name)
    return names


def classify(response: HttpResponse) -> str:
    status = response.status_code
    if status in (301, 302, 303, 307, 308):
        return "LOGIN" if response["Location"].startswith(LOGIN_URL) else "OK"
    if 200 <= status < 300:
        return "OK"
    return {400: "BAD", 403: "DENIED", 404: "NOTFOUND", 405: "NOTALLOWED"}.get(status, f"HTTP {status}")


SNAPSHOT: list[tuple[type[Model], tuple[str, ...]]] = [
    (User, ("is_active", "role", "unit_id", "password")),
    (Unit, ("name", "parent_id")),
    (Plan, ("title",)),
    (ImportBatch, ("status", "layout")),
    (Layout, ("name", "spec")),
    (PlanPublication, ("fields",)),
    (ReportingRound, ("status",)),
    (ProgressReport, ("status", "version")),
    (ReportAttachment, ()),
    (SubTask, ("title", "unit_id")),
    (SubTaskReport, ("progress",)),
    (DeadlineExtension, ("status",)),
    (Finding, ("state",)),
    (LeaderPoints, ("points",)),
    (Building, ("name", "unit_id")),
    (BuildingAttachment, ()),
    (Renovation, ("title",)),
    (Carrier, ("name",)),
    (BuildingImport, ("status",)),
    (Appeal, ("status",)),
    (CalendarDay, ("kind", "name")),
    (Acknowledgement, ("acknowledged_at",)),
    (CloseRequest, ("status",)),
    (Lifecycle, ("state", "recheck_state")),
    (NumberPattern, ("pattern",)),
]


def snapshot() -> dict[str, Any]:
    """The rows a refused POST could touch, with the fields that matter."""
    return {model._meta.label: sorted(model.objects.values_list("pk", *fields)) for model, fields in SNAPSHOT}


CELLS = [
    pytest.param(
        name,
        method,
        column,
        id=f"{name}-{method}-{column}",
        marks=[pytest.mark.xfail(strict=True, reason=LEAKS[name, method, column])]
        if (name, method, column) in LEAKS
        else [],
    )
    for name in sorted(MATRIX)
    for method in METHODS
    for column in COLUMNS
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "method", "column"), CELLS)
def test_cell(world: World, name: str, method: str, column: str) -> None:
    want = expected(name, method, column)
    url = reverse(name, kwargs=world.resolve(name, "own"))
    client = world.client(column)
    refused = method == "POST" and want in {"LOGIN", "DENIED", "NOTFOUND", "NOTALLOWED"}
    before = snapshot() if refused else None
    response = client.get(url) if method == "GET" else client.post(url, {})
    got = classify(response)
    assert got == want, f"{column} {method} {url}: got {got} ({response.status_code}), table says {want}"
    if refused and name != "accounts:logout":
        assert snapshot() == before, f"{column} {method} {url} was refused but changed data"


def test_every_named_url_has_a_row() -> None:
    names = set(url_names())
    missing = sorted(names - set(MATRIX))
    stale = sorted(set(MATRIX) - names)
    assert not missing, f"URL patterns without a row in tests/security/matrix.py: {missing}"
    assert not stale, f"rows in tests/security/matrix.py for URL names that no longer exist: {stale}"


def test_every_leak_names_a_real_cell() -> None:
    for name, method, column in LEAKS:
        assert name in MATRIX and method in METHODS and column in COLUMNS
