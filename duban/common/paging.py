"""One page of a long list, and the links to the others that keep the list's filters."""

from __future__ import annotations

from typing import Any

from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def page_of(request: HttpRequest, items: Any, per_page: int) -> dict[str, Any]:
    """Template context for web/_pager.html: the page asked for (the last one when past
    the end) and the other GET parameters to repeat in the page links."""
    params = request.GET.copy()
    params.pop("page", None)
    page: Page[Any] = Paginator(items, per_page).get_page(request.GET.get("page"))
    return {"page": page, "query": params.urlencode()}
