"""Issue 14: "100% after the mapping step" on the other-offices corpus.

Every document that auto-detection does not read perfectly has the layout (版式) an office would
make for it in the mapping step, saved as the small .json file the 版式 page exports and
``duban import FILE --layout LAYOUT`` reads (tests/ingest/corpus/layouts/<document>.json);
read with it, every expected field of the document is right.
"""

from __future__ import annotations

import pytest

from duban.ingest import parse_file
from duban.intake.layouts import layout_from_file
from tests.ingest.corpus.expected import CORPUS
from tests.ingest.corpus_scoring import CORPUS_DIR, compare, score_all

LAYOUTS = CORPUS_DIR / "layouts"
IMPERFECT = sorted(s.document for s in score_all() if s.right < s.total)


def test_every_document_auto_detection_misreads_has_a_layout() -> None:
    assert IMPERFECT, "auto-detection reads every document perfectly: this test has nothing to check"
    assert sorted(p.name.removesuffix(".json") for p in LAYOUTS.glob("*.json")) == IMPERFECT


@pytest.mark.parametrize("name", IMPERFECT)
def test_read_with_its_layout_every_field_is_right(name: str) -> None:
    layout = layout_from_file((LAYOUTS / f"{name}.json").read_bytes())
    outcome = compare(name, CORPUS[name], parse_file(CORPUS_DIR / name, layout=layout))
    assert outcome.mismatches == []
    assert outcome.right == outcome.total > 0
