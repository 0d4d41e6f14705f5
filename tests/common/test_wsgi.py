"""The web process leaves what it loaded at start out of the garbage collector's walks."""

from __future__ import annotations

import json
import subprocess
import sys

from django.conf import settings

PROBE = "import gc, json, duban.wsgi; print(json.dumps([gc.get_freeze_count(), gc.get_threshold()]))"


def test_the_web_process_freezes_what_it_loaded_and_collects_young_objects_less_often() -> None:
    env = {"DJANGO_SETTINGS_MODULE": "duban.settings", "DUBAN_DATA_DIR": str(settings.DATA_DIR)}
    env |= {"DUBAN_SECRET_KEY": "test-secret-key-for-the-wsgi-probe-0123456789", "PATH": "/usr/bin:/bin"}
    done = subprocess.run([sys.executable, "-c", PROBE], env=env, capture_output=True, text=True, check=True)
    frozen, threshold = json.loads(done.stdout)
    assert frozen > 50_000  # Django and the app's modules, at least
    assert threshold == [10_000, 20, 20]
