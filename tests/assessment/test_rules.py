"""The arithmetic of a score, without Django: caps and ranks where ties share a place."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

from duban.assessment.rules import capped, shared_ranks

D = Decimal


def test_without_a_cap_every_deduction_counts_in_full() -> None:
    assert capped([D(2), D(2), D(2)], None) == [D(2), D(2), D(2)]


def test_a_cap_counts_the_deduction_that_reaches_it_in_part_and_the_rest_as_nothing() -> None:
    assert capped([D(2), D(2), D(2), D(2)], D(5)) == [D(2), D(2), D(1), D(0)]
    assert capped([D("0.5")] * 3, D(1)) == [D("0.5"), D("0.5"), D(0)]
    assert capped([D(2)], D(0)) == [D(0)]


def test_ties_share_a_place_and_the_next_place_is_skipped() -> None:
    assert shared_ranks([D(100), D(98), D(100), D(90)]) == [1, 3, 1, 4]
    assert shared_ranks([]) == []


def test_the_rules_never_import_django() -> None:
    code = (
        "import sys\n"
        "import duban.assessment.rules\n"
        "assert not [m for m in sys.modules if m.startswith('django')]\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    assert result.returncode == 0, result.stderr
