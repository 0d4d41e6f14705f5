"""A form's field is read as the class it was declared as, a wrong class is refused, and plain
choices given to a field validate and render as a list would."""

from __future__ import annotations

import pytest
from django import forms

from duban.common.forms import PlainChoices, form_field


class _Form(forms.Form):
    unit = forms.TypedChoiceField(coerce=int, choices=[("7", "青阳镇")])
    text = forms.CharField()


def test_a_field_comes_back_as_its_own_class_and_is_the_forms_own_copy() -> None:
    form = _Form()
    unit = form_field(form, "unit", forms.ChoiceField)
    unit.choices = [("8", "月城镇")]
    assert unit is form.fields["unit"]
    assert form_field(_Form(), "unit", forms.ChoiceField).choices == [("7", "青阳镇")]  # others keep theirs


def test_asking_for_the_wrong_class_names_the_field() -> None:
    with pytest.raises(TypeError, match=r"_Form\.text is a CharField, not a ChoiceField"):
        form_field(_Form(), "text", forms.ChoiceField)


def test_plain_choices_validate_and_reach_the_widget_as_given() -> None:
    pairs = [("", "全部单位"), ("7", "青阳镇"), ("8", "月城镇")]
    form = _Form({"unit": "8", "text": "x"})
    form_field(form, "unit", forms.ChoiceField).choices = PlainChoices(pairs)
    assert form.is_valid() and form.cleaned_data["unit"] == 8
    assert list(form.fields["unit"].widget.choices) == pairs


def test_a_value_outside_plain_choices_is_refused() -> None:
    form = _Form({"unit": "9", "text": "x"})
    form_field(form, "unit", forms.ChoiceField).choices = PlainChoices([("7", "青阳镇")])
    assert not form.is_valid() and "unit" in form.errors
