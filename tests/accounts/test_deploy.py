"""Production settings: `check --deploy` is clean in secure mode, every page carries a strict CSP,
and no template holds the inline script or style that CSP would block."""

from __future__ import annotations

import os
import re
import secrets
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.test import Client
from django.urls import reverse

import duban.settings as duban_settings
from duban.accounts import checks
from duban.accounts.checks import no_demo_password
from duban.accounts.models import User
from duban.accounts.policy import DEMO_PASSWORD

ROOT = Path(__file__).resolve().parents[2]
INLINE = re.compile(r"style=|<style|<script(?![^>]*\ssrc=)|\son[a-z]+\s*=|javascript:", re.IGNORECASE)


def _manage(tmp_path: Path, env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    """Another manage command against the same data directory and settings as `_check`."""
    # The instance under check keeps its data in tmp_path (SQLite), whichever database the suite runs on.
    ours = ("DJANGO_ALLOW_ASYNC_UNSAFE", "DATABASE_URL", "DUBAN_REPLICA_DATABASE_URL")
    clean = {k: v for k, v in os.environ.items() if not k.startswith("DUBAN_") and k not in ours}
    clean |= {"DUBAN_DATA_DIR": str(tmp_path), "DUBAN_SECRET_KEY": secrets.token_urlsafe(64), **env}
    command = [sys.executable, "-m", "django", *args, "--settings=duban.settings"]
    return subprocess.run(command, cwd=ROOT, env=clean, capture_output=True, text=True, timeout=300)


def _check(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    """`python -m django check --deploy` with the production settings and a clean DUBAN_* environment."""
    return _manage(tmp_path, env, "check", "--deploy", "--fail-level", "WARNING", "--database", "default")


def test_check_deploy_is_clean_in_secure_mode(
    tmp_path: Path, tmp_path_factory: pytest.TempPathFactory
) -> None:
    key_file = tmp_path_factory.mktemp("keys") / "audit.key"  # outside the data folder, mode 600
    key_file.write_text(f"k1:{secrets.token_hex(32)}\n", encoding="utf-8")
    key_file.chmod(0o600)
    result = _check(tmp_path, DUBAN_SECURE="true", DUBAN_AUDIT_KEY_FILE=str(key_file))
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_check_deploy_names_what_the_plain_http_default_lacks(tmp_path: Path) -> None:
    result = _check(tmp_path)
    assert result.returncode != 0
    for check in ("security.W004", "security.W008", "security.W012", "security.W016"):
        assert check in result.stderr


def test_check_deploy_refuses_the_demo_switch(tmp_path: Path) -> None:
    result = _check(tmp_path, DUBAN_SECURE="true", DUBAN_DEMO_NO_TOTP="true")
    assert result.returncode != 0 and "accounts.E002" in result.stderr


def test_check_deploy_refuses_the_seven_demo_accounts_and_names_them(tmp_path: Path) -> None:
    env = {"DUBAN_SECURE": "true"}
    assert _manage(tmp_path, env, "migrate", "--no-input").returncode == 0
    load = "from duban.demo.load import ACCOUNTS, _account_ensure\nfor a in ACCOUNTS: _account_ensure(a)"
    assert _manage(tmp_path, env, "shell", "-c", load).returncode == 0
    result = _check(tmp_path, **env)
    assert result.returncode != 0 and "accounts.E003" in result.stderr
    assert "duban（王科长）" in result.stderr and "shenji（审计管理员）" in result.stderr


def test_the_demo_password_check_names_active_accounts_that_still_use_it(
    wang: User, li: User, zhao: User
) -> None:
    for user in (wang, li, zhao):
        user.set_password(DEMO_PASSWORD)
        user.save()
    zhao.is_active = False
    zhao.save()
    li.set_password("Another-pass-2025")
    li.save()
    (error,) = no_demo_password(databases=["default"])
    assert error.id == "accounts.E003"
    assert "wang（wang）" in error.msg and "li" not in error.msg and "zhao" not in error.msg


def test_the_demo_password_check_is_quiet_without_demo_passwords(wang: User) -> None:
    assert no_demo_password(databases=["default"]) == []


def test_the_demo_password_check_hashes_each_stored_hash_once(
    wang: User, li: User, monkeypatch: pytest.MonkeyPatch
) -> None:
    shared = make_password(DEMO_PASSWORD)
    User.objects.filter(pk__in=[wang.pk, li.pk]).update(password=shared)
    calls: list[str] = []
    real = checks.check_password
    monkeypatch.setattr(
        checks, "check_password", lambda raw, encoded: calls.append(encoded) or real(raw, encoded)
    )
    (error,) = no_demo_password(databases=["default"])
    assert "wang（wang）" in error.msg and "li（li）" in error.msg
    assert calls == [shared]


def test_cookies_are_plain_http_by_default_so_make_run_works() -> None:
    assert not settings.SESSION_COOKIE_SECURE and not settings.CSRF_COOKIE_SECURE
    assert settings.SESSION_COOKIE_HTTPONLY and settings.CSRF_COOKIE_HTTPONLY


@pytest.mark.parametrize("page", ["accounts:login", "plans:list"])
def test_pages_carry_a_strict_content_security_policy(
    page: str, li: User, client_for: Callable[[User], Client]
) -> None:
    client = client_for(li) if page != "accounts:login" else Client()
    policy = client.get(reverse(page))["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy and "object-src 'none'" in policy
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy


def test_authenticated_pages_are_not_cached(li: User, client_for: Callable[[User], Client]) -> None:
    assert client_for(li).get(reverse("plans:list"))["Cache-Control"] == "no-store"


def test_no_template_has_inline_script_or_style() -> None:
    offenders = [
        f"{path.relative_to(ROOT)}:{number}"
        for path in sorted((ROOT / "duban").glob("**/templates/**/*.html"))
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1)
        if INLINE.search(line)
    ]
    assert offenders == []


def test_sqlite_overwrites_deleted_content(monkeypatch: pytest.MonkeyPatch, db: None) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    assert "PRAGMA secure_delete=ON" in duban_settings._database()["OPTIONS"]["init_command"]  # type: ignore[index]
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA secure_delete")
            assert cursor.fetchone()[0] == 1
