"""The personas of tests/web/conftest.py: 赵工 (zhao) is the 系统管理员 who keeps the calendar."""

from __future__ import annotations

from tests.web.conftest import *  # noqa: F403  (the personas)
