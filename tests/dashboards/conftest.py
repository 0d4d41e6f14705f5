from tests.reporting.conftest import *  # noqa: F403  (personas, the 2025 plan, the November round)
