"""A form's fields by their own class (``Form.fields`` types them all as plain ``Field``), and
choices a form fills in when it is made."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import TypeVar

from django import forms
from django.utils.choices import BaseChoiceIterator

F = TypeVar("F", bound=forms.Field)


def form_field(form: forms.BaseForm, name: str, kind: type[F]) -> F:
    """The form's field called name, as the kind of field it was declared as: for the forms
    that fill in a field's choices or queryset when they are made."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"{type(form).__name__}.{name} is a {type(field).__name__}, not a {kind.__name__}")
    return field


class PlainChoices(BaseChoiceIterator):
    """(value, label) pairs of plain strings, taken as they are. Django checks every pair of a
    list of choices again each time a field or widget is given it (twice a form: 2 ms for the
    150 units of a city, on every plan page); an iterator of its own it passes through."""

    def __init__(self, pairs: Sequence[tuple[str, str]]) -> None:
        self.pairs = pairs

    def __iter__(self) -> Iterator[tuple[str, str]]:
        return iter(self.pairs)
