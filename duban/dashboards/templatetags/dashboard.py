from __future__ import annotations

from urllib.parse import urlencode

from django import template
from django.urls import reverse

register = template.Library()


@register.simple_tag
def dashboard_link(light: str, query: dict[str, str]) -> str:
    """The URL of the task list behind a count: its light plus the row's plan/category/unit."""
    return f"{reverse('dashboards:tasks')}?{urlencode({'light': str(light), **query})}"
