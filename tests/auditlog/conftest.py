from tests.web.conftest import *  # noqa: F403  (the personas)
