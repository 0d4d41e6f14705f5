from __future__ import annotations

from typing import Any

from django import forms

from duban.accounts.forms import LeaderField
from duban.reporting.forms import AdhocForm
from duban.supervision.choices import SourceKind


class PatternForm(forms.Form):
    source = forms.ChoiceField(label="来源类别", choices=SourceKind.choices)
    pattern = forms.CharField(label="编号格式", max_length=60)


class AssignForm(AdhocForm):
    """交办 with the leader whose 批示 it is (he reads the closing report before 销号)."""

    leader = LeaderField(
        label="批示领导",
        required=False,
        help_text="来源为领导批示时选择，办结报告先呈该领导阅示",
    )


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class EvidenceField(forms.FileField):
    """Several files in one input (Django's documented way)."""

    def clean(self, data: Any, initial: Any = None) -> Any:
        single = super().clean
        if isinstance(data, list | tuple):
            return [single(d, initial) for d in data]
        return [single(data, initial)] if data else []


class CloseRequestForm(forms.Form):
    text = forms.CharField(label="办结情况", widget=forms.Textarea(attrs={"rows": 4}))
    evidence = EvidenceField(label="佐证材料", required=False, widget=MultipleFileInput())


class DecideForm(forms.Form):
    note = forms.CharField(label="意见", required=False)
    recheck_on = forms.DateField(
        label="回头看日期", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )


class RecheckForm(forms.Form):
    hold = forms.TypedChoiceField(
        label="回头看结论", choices=[("1", "成效巩固"), ("0", "重新办理")], coerce=lambda v: v == "1"
    )
    note = forms.CharField(label="说明", required=False)


class ArchiveForm(forms.Form):
    year = forms.IntegerField(label="年度", min_value=2000, max_value=2100)
