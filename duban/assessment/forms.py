from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django import forms

from duban.assessment.choices import Rule
from duban.assessment.models import AssessmentScheme


def _style(fields: dict[str, forms.Field]) -> None:
    """Bootstrap's class on every widget, so templates render fields in one loop."""
    for field in fields.values():
        css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
        field.widget.attrs["class"] = f"{field.widget.attrs.get('class', '')} {css}".strip()


class SchemeForm(forms.ModelForm[AssessmentScheme]):
    class Meta:
        model = AssessmentScheme
        fields = [
            "year",
            "name",
            "base_score",
            *(f"{rule.value}_{part}" for rule in Rule for part in ("points", "cap")),
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self.fields)

    def rule_rows(self) -> list[tuple[str, forms.BoundField, forms.BoundField]]:
        """One row per rule: its name, the points per fact and the cap."""
        return [(rule.label, self[f"{rule.value}_points"], self[f"{rule.value}_cap"]) for rule in Rule]


class LeaderPointsForm(forms.Form):
    points = forms.DecimalField(
        label="分值", max_digits=6, decimal_places=2, help_text="加分为正，减分为负，如 2 或 -1.5"
    )
    reason = forms.CharField(label="理由", max_length=500, widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self.fields)

    def clean_points(self) -> Decimal:
        points: Decimal = self.cleaned_data["points"]
        if not points:
            raise forms.ValidationError("分值不能为0")
        return points


class AsOfForm(forms.Form):
    as_of = forms.DateField(label="截至日期", required=False, widget=forms.DateInput(attrs={"type": "date"}))

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        _style(self.fields)

    def day(self, default: dt.date) -> dt.date:
        """The chosen day, or the default when none or a bad one was given."""
        if self.is_valid() and self.cleaned_data["as_of"]:
            day: dt.date = self.cleaned_data["as_of"]
            return day
        return default
