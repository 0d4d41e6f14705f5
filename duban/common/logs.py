"""Logging filters the settings attach: what reaches the server log, and in what shape."""

from __future__ import annotations

import logging


class ForbiddenAsOneLine(logging.Filter):
    """A 403 from django.request becomes one warning line with the path and the user id, no traceback.

    Django logs every PermissionDenied with its traceback. A refusal is expected behaviour, already
    audited as a denial, so a traceback per 403 only floods the log (anyone can provoke them).
    """

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", None) != 403:
            return True
        request = getattr(record, "request", None)
        path = str(getattr(request, "path", "?")).encode("unicode_escape").decode("ascii")
        user = getattr(request, "user", None)
        user_id = user.pk if user is not None and user.is_authenticated else "-"
        record.msg, record.args = "Forbidden (403): %s user=%s", (path, user_id)
        record.exc_info, record.exc_text = None, None
        return True
