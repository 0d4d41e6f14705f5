from tests.web.conftest import *  # noqa: F403  (the personas and the 2025 table)
