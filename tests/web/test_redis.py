"""With DUBAN_REDIS_URL, kept results and background jobs go through a real Redis, shared by
every instance. Run in a child process: the settings read the variable when they load."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REDIS_URL = "redis://127.0.0.1:6379/15"  # a database of its own, emptied by the test

CHILD = """
import django
django.setup()
from django.core.cache import cache
from django.utils.safestring import SafeString, mark_safe
from huey.contrib.djhuey import HUEY
from duban.accounts.models import User
from duban.auditlog.choices import Action
from duban.auditlog.services import audit_record
from duban.common.memo import until_next_write

cache.clear()
calls = []
def compute():
    calls.append(1)
    return mark_safe(f"<b>第{len(calls)}次</b>")
first = until_next_write("page", compute)
again = until_next_write("page", compute)
audit_record(actor=None, action=Action.UPDATE, message="a write")
after = until_next_write("page", compute)
from django.core.cache import caches
kinds = type(caches["default"]).__name__, type(HUEY).__name__
print(*kinds, len(calls), again.value, isinstance(again.value, SafeString), after.value)
"""


def test_the_cache_and_the_queue_are_redis(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "DUBAN_DATA_DIR": str(tmp_path),
        "DUBAN_SECRET_KEY": "redis-test-key-0123456789abcdef0123456789",
        "DUBAN_REDIS_URL": REDIS_URL,
        "DJANGO_SETTINGS_MODULE": "duban.settings",
    }
    env.pop("DATABASE_URL", None)
    command = [sys.executable, "-m", "duban.cli", "manage", "migrate", "-v0"]
    migrate = subprocess.run(command, env=env, capture_output=True, text=True)
    assert migrate.returncode == 0, migrate.stderr
    done = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["RedisCache", "RedisHuey", "2", "<b>第1次</b>", "True", "<b>第2次</b>"]
