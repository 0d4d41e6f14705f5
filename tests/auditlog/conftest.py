from __future__ import annotations

import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.reporting.conftest import november  # noqa: F401  (the 2025年11月 round on the real table)
from tests.web.conftest import *  # noqa: F403  (the personas)


@pytest.fixture
def key_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A key file with one key, k1, outside any data folder."""
    path = tmp_path_factory.mktemp("keys") / "audit.key"
    path.write_text(f"k1:{secrets.token_hex(32)}\n", encoding="utf-8")
    path.chmod(0o600)
    return path


@pytest.fixture(autouse=True)
def audit_key(settings: Any, key_file: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """Every audit test seals rows with a key unless it clears DUBAN_AUDIT_KEY_FILE itself,
    and keeps its checkpoints in a folder of its own."""
    settings.DUBAN_AUDIT_KEY_FILE = str(key_file)
    settings.DUBAN_AUDIT_CHECKPOINT_DIR = tmp_path_factory.mktemp("checkpoints")
    settings.DUBAN_AUDIT_MAC = "HMAC-SHA256"
    yield key_file
