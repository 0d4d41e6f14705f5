from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from duban.common.context import client_ip


class NoStoreForAuthenticatedMiddleware:
    """Pages for a logged-in user are never cached, and audit rows learn the client address."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        token = client_ip.set(request.META.get("REMOTE_ADDR"))
        try:
            response = self.get_response(request)
        finally:
            client_ip.reset(token)
        if getattr(request, "user", None) is not None and request.user.is_authenticated:
            response["Cache-Control"] = "no-store"
        return response


# A download link carries ?ready=<token> (duban.js adds it); the file's response sets a cookie of
# that name, which is how the page learns the file has arrived and stops showing 正在生成.
READY_PARAM = "ready"
_TOKEN = re.compile(r"^[a-z0-9]{6,32}$")


class DownloadReadyMiddleware:
    """Marks a finished file download for the page that asked for it."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        token = request.GET.get(READY_PARAM, "")
        if _TOKEN.match(token) and response.get("Content-Disposition", "").startswith("attachment"):
            response.set_cookie(
                f"duban_ready_{token}", "1", max_age=120, samesite="Strict", secure=request.is_secure()
            )
        return response
