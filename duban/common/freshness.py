"""Which data a write changed, so that results kept from it are computed again.

A write names what it touched inside its own transaction — ``data_changed(plan_scope(7))``;
``audit_record`` (duban/auditlog/services.py) does it for every audited write, scoped to the
plan when the writer says so. A kept result names the scopes it was computed from, and is
current while their versions have not moved (duban/common/memo.py). Versions live in the
database, so every process and instance sees the same ones, and a rolled-back write moves
nothing.

Scopes:
- ``plan_scope(pk)``: the plan's structure — its tasks, their texts, units, deadlines and
  numbers, the claims accepted into it, its goals and publication: what its table shows;
- ``plan_status_scope(pk)``: the plan's reports, rounds, reminders, findings and 签收 —
  what its lights and counts read; the plan page and a unit's 台账 fill them in on every
  request, so a report saved leaves their kept tables in place;
- ``SHARED``: anything not attributed to one plan (units, accounts, buildings, settings) —
  every plan's pages depend on it;
- ``ALL_PLANS`` moves with any plan's structure (with every ``plan_scope``): for pages that read
  the texts of all plans but no status (search);
- ``EVERYTHING`` moves with every write: for pages that read across all plans.
"""

from __future__ import annotations

from django.db.models import F

from duban.common.models import DataVersion

EVERYTHING = "*"
SHARED = "shared"
ALL_PLANS = "plans"
_PLAN = "plan:"


def plan_scope(plan_id: int) -> str:
    return f"{_PLAN}{plan_id}"


def plan_status_scope(plan_id: int) -> str:
    return f"plan-status:{plan_id}"


def data_changed(*scopes: str) -> None:
    """Move the versions of scopes (SHARED when none is named) and of EVERYTHING.
    Call inside the writing transaction."""
    named = set(scopes or (SHARED,))
    if any(scope.startswith(_PLAN) for scope in named):
        named.add(ALL_PLANS)
    touched = sorted({EVERYTHING, *named})  # one lock order for every writer
    moved = DataVersion.objects.filter(scope__in=touched).update(version=F("version") + 1)
    if moved < len(touched):  # a scope's first write: create its row, then count this write
        DataVersion.objects.bulk_create([DataVersion(scope=s) for s in touched], ignore_conflicts=True)
        DataVersion.objects.filter(scope__in=touched).update(version=F("version") + 1)


def data_stamp(*scopes: str) -> str:
    """The versions of scopes (EVERYTHING when none is named), as one comparable string."""
    asked = sorted(set(scopes or (EVERYTHING,)))
    found = dict(DataVersion.objects.filter(scope__in=asked).values_list("scope", "version"))
    return ";".join(f"{scope}={found.get(scope, 0)}" for scope in asked)
