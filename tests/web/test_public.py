"""政务公开: a published plan is readable without login, only with the fields the office chose."""

from __future__ import annotations

from collections.abc import Callable

from django.test import Client
from django.urls import reverse

from duban.accounts.models import User
from duban.plans.models import Plan, PlanPublication
from duban.verification.services import plan_audit_run


def test_a_published_plan_shows_only_the_chosen_fields_without_login(
    plan_2025: Plan, wang: User, client: Client, client_for: Callable[[User], Client]
) -> None:
    plan_audit_run(actor=wang, plan=plan_2025, today=plan_2025.period_end)
    client_for(wang).post(reverse("plans:publish", args=[plan_2025.pk]), {"fields": ["title", "status"]})
    publication = PlanPublication.objects.get(plan=plan_2025)
    page = client.get(reverse("public_plan", args=[publication.token])).content.decode()
    assert "北越新能源锂电池项目" in page and "已完成" in page
    assert "设备调试中" not in page  # progress was not chosen
    assert "真实性核查" not in page and "月城镇" not in page  # no findings, no units


def test_an_unpublished_plan_is_not_found(
    plan_2025: Plan, wang: User, client: Client, client_for: Callable[[User], Client]
) -> None:
    client_for(wang).post(reverse("plans:publish", args=[plan_2025.pk]), {"fields": ["title"]})
    token = PlanPublication.objects.get().token
    client_for(wang).post(reverse("plans:publish", args=[plan_2025.pk]), {"withdraw": "1"})
    assert client.get(reverse("public_plan", args=[token])).status_code == 404


def test_only_the_office_publishes(
    plan_2025: Plan, zhang: User, client_for: Callable[[User], Client]
) -> None:
    assert (
        client_for(zhang)
        .post(reverse("plans:publish", args=[plan_2025.pk]), {"fields": ["title"]})
        .status_code
        == 403
    )
    assert not PlanPublication.objects.exists()
