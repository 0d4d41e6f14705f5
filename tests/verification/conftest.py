from tests.reporting.conftest import *  # noqa: F403  (the personas, the November round)
