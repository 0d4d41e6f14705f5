"""The web personas: 王科长 (wang) supervises and imports; the pipeline is driven with the plan
importer over the real seed documents."""

from __future__ import annotations

from tests.web.conftest import *  # noqa: F403 — the personas, shared with the web tests
