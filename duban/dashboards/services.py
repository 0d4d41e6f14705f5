"""The dashboard counted once for all its readers, outside any request."""

from __future__ import annotations

import datetime as dt

from django.template.loader import render_to_string

from duban.accounts.models import User
from duban.assessment.selectors import assessment_ranking_for_dashboard
from duban.common.freshness import data_stamp
from duban.common.replica import lagging_reads
from duban.common.roles import Role
from duban.core import clock
from duban.core.lights import LABELS
from duban.dashboards.models import CountedBoard
from duban.dashboards.selectors import ALL_TASKS, LIGHT_ORDER, counted_board, dashboard, live_goals

BOARD_FIELDS = ["day", "stamp", "html", "counted_at"]


def board_count(*, today: dt.date, only_if_stale: bool = True) -> CountedBoard | None:
    """Count the dashboard of the readers who see every task and keep it for them.

    With only_if_stale, a board already counted for today from the current data is left as it
    is (the periodic job and readers' requests ask often; most asks find nothing new). Not
    audited: it records no one's act, only what the data says.
    """
    stamp = data_stamp()  # before counting: a write made meanwhile makes the next ask count again
    kept = counted_board()
    if only_if_stale and kept is not None and kept.day == today and kept.stamp == stamp:
        return None
    html = _board_html(_reader_of_everything(), today)
    board = CountedBoard(audience=ALL_TASKS, day=today, stamp=stamp, html=html, counted_at=clock.now())
    # One upsert: two counts finishing together both land, the later one stays.
    CountedBoard.objects.bulk_create(
        [board], update_conflicts=True, unique_fields=["audience"], update_fields=BOARD_FIELDS
    )
    return board


def _reader_of_everything() -> User:
    # Every dashboard reader sees all tasks (dashboards.views); the count is made for any one of
    # them, so an unsaved 领导 stands for them all. It is never stored or shown.
    return User(role=Role.LEADER)


def _board_html(user: User, today: dt.date) -> str:
    """Everything on the page but the site's frame, read from the replica when there is one."""
    with lagging_reads():
        data = dashboard(user, today=today)
        context = {
            "d": data,
            "as_of": clock.now(),
            "chart_data": data.chart_data(),
            "light_labels": {light: LABELS[light] for light in LIGHT_ORDER},  # the order of the count columns
            "ranking": assessment_ranking_for_dashboard(today.year),
            "live_goals": live_goals(user),
        }
        return render_to_string("dashboards/_board.html", context)
