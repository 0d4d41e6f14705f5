from __future__ import annotations

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
