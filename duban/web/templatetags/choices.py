"""``{% options form.field %}``: a select's options with the bound value selected.

Written out in Python because a template loop costs a few microseconds per option and
per comparison, and the plan page's unit list has a hundred and more."""

from __future__ import annotations

from html import escape  # Django's escape wraps it for lazy strings, at twice the cost a call

from django import template
from django.forms import BoundField
from django.forms.widgets import ChoiceWidget
from django.utils.safestring import SafeString, mark_safe

register = template.Library()


@register.simple_tag
def options(field: BoundField) -> SafeString:
    widget = field.field.widget
    if not isinstance(widget, ChoiceWidget):
        raise TypeError(f"{{% options %}} needs a field with choices, not {field.name}")
    value = field.value()
    chosen = None if value is None else str(value)  # unbound: leave the browser's default
    rows = (
        f'<option value="{escape(str(choice))}"{_selected(choice, chosen)}>{escape(str(label))}</option>'
        for choice, label in widget.choices  # the field's choices: Django sets them on its widget
    )
    return mark_safe("".join(rows))  # every value and label is escaped above


def _selected(choice: object, chosen: str | None) -> str:
    return " selected" if str(choice) == chosen else ""
