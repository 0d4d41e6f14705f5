"""A form's fields by their own class: ``Form.fields`` types them all as plain ``Field``."""

from __future__ import annotations

from typing import TypeVar

from django import forms

F = TypeVar("F", bound=forms.Field)


def form_field(form: forms.BaseForm, name: str, kind: type[F]) -> F:
    """The form's field called name, as the kind of field it was declared as: for the forms
    that fill in a field's choices or queryset when they are made."""
    field = form.fields[name]
    if not isinstance(field, kind):
        raise TypeError(f"{type(form).__name__}.{name} is a {type(field).__name__}, not a {kind.__name__}")
    return field
