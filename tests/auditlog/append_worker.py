"""One writer process for test_concurrency.py: waits for the start file, then appends.

    python append_worker.py N BARRIER_DIR COUNT

Half the appends are bare audit_record calls in autocommit mode (as the login signals
make them), half are a unit created by the real service, audited in its transaction.
Prints one JSON line: {"writer": N, "appended": COUNT, "errors": [...]}.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "duban.settings")

import django

django.setup()

from duban.auditlog.choices import Action, Result  # noqa: E402
from duban.auditlog.services import audit_record  # noqa: E402
from duban.units.services import unit_create  # noqa: E402


def main() -> None:
    writer, barrier, count = int(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
    (barrier / f"ready-{writer}").touch()
    while not (barrier / "go").exists():
        time.sleep(0.005)
    errors: list[str] = []
    appended = 0
    for n in range(count):
        try:
            if n % 2:
                unit_create(actor=None, name=f"并发单位-{writer}-{n}")
            else:
                audit_record(
                    actor=None,
                    action=Action.LOGIN_FAILED,
                    result=Result.FAILURE,
                    message=f"writer {writer} #{n}",
                )
            appended += 1
        except Exception as error:  # reported, and the test fails on it
            errors.append(f"{type(error).__name__}: {error}")
    print(json.dumps({"writer": writer, "appended": appended, "errors": errors}))


if __name__ == "__main__":
    main()
