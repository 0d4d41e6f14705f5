"""The dashboard reads the replica when one is configured; forms and writes never do."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings

from duban.common.replica import REPLICA, ReplicaRouter, lagging_reads

ROUTER = ReplicaRouter()
WITH_REPLICA = {"default": {"ENGINE": "django.db.backends.sqlite3"}, REPLICA: {"ENGINE": "x"}}


def test_without_a_replica_every_read_goes_to_the_primary() -> None:
    with lagging_reads():
        assert ROUTER.db_for_read(object) is None


@pytest.mark.filterwarnings("ignore:Overriding setting DATABASES")  # the router only reads its keys
@override_settings(DATABASES=WITH_REPLICA)
def test_only_reads_marked_as_lagging_go_to_the_replica() -> None:
    assert ROUTER.db_for_read(object) is None
    with lagging_reads():
        assert ROUTER.db_for_read(object) == REPLICA
        assert ROUTER.db_for_write(object) is None
    assert ROUTER.db_for_read(object) is None
    assert not ROUTER.allow_migrate(REPLICA, "plans") and ROUTER.allow_migrate("default", "plans")


CHILD = """
import django
django.setup()
from django.db import connections
from django.test.utils import CaptureQueriesContext
from duban.core.clock import today
from duban.dashboards.services import board_count

with CaptureQueriesContext(connections["default"]) as primary:
    with CaptureQueriesContext(connections["replica"]) as replica:
        assert board_count(today=today(), only_if_stale=False) is not None
print(len(primary), len(replica), any("plans_task" in q["sql"] for q in replica.captured_queries))
"""


def test_the_dashboard_is_counted_on_the_replica(tmp_path: Path) -> None:
    """A real second connection, made from DUBAN_REPLICA_DATABASE_URL as in production; here it
    opens the same SQLite file, a replica without lag."""
    env = {
        **os.environ,
        "DUBAN_DATA_DIR": str(tmp_path),
        "DUBAN_SECRET_KEY": "replica-test-key-0123456789abcdef0123456789",
        "DUBAN_REPLICA_DATABASE_URL": f"sqlite:///{tmp_path / 'duban.sqlite3'}",
        "DJANGO_SETTINGS_MODULE": "duban.settings",
        "DUBAN_STATIC_STORAGE": "django.contrib.staticfiles.storage.StaticFilesStorage",
    }
    env.pop("DATABASE_URL", None)
    command = [sys.executable, "-m", "duban.cli", "demo"]
    demo = subprocess.run(command, env=env, capture_output=True, text=True)
    assert demo.returncode == 0, demo.stderr
    done = subprocess.run([sys.executable, "-c", CHILD], env=env, capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    on_primary, on_replica, counted_there = done.stdout.split()
    assert int(on_replica) > 10 and counted_there == "True"
    # the data's versions, the board kept so far, the one written: nothing of the count itself
    assert int(on_primary) <= 5  # with BEGIN and COMMIT around the write
