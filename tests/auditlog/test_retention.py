"""Retention: DUBAN_AUDIT_RETENTION_DAYS, never less than 180 days (网络安全法 第二十一条)."""

from __future__ import annotations

import pytest
from django.test import override_settings

from duban.auditlog.checks import retention_check
from duban.auditlog.retention import MINIMUM_DAYS, retention_days


def test_the_default_is_180_days(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DUBAN_AUDIT_RETENTION_DAYS", raising=False)
    assert retention_days() == MINIMUM_DAYS == 180
    assert retention_check() == []


def test_a_longer_period_is_kept(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUBAN_AUDIT_RETENTION_DAYS", "365")
    assert retention_days() == 365 and retention_check() == []


@override_settings(DUBAN_AUDIT_RETENTION_DAYS=30)
def test_a_shorter_period_is_raised_to_the_minimum_with_a_warning() -> None:
    assert retention_days() == 180
    (warning,) = retention_check()
    assert warning.id == "auditlog.W001" and "少于法定最低 180 天" in warning.msg


def test_a_value_that_is_not_a_number_is_an_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DUBAN_AUDIT_RETENTION_DAYS", "半年")
    assert retention_days() == 180
    (error,) = retention_check()
    assert error.id == "auditlog.E001"
