from __future__ import annotations

from django import forms

from duban.units.models import Unit


class AliasForm(forms.Form):
    name = forms.CharField(label="别名", max_length=100)


class MergeForm(forms.Form):
    source = forms.ModelChoiceField(label="把此单位", queryset=Unit.objects.all())
    target = forms.ModelChoiceField(label="合并到", queryset=Unit.objects.all())

    def clean(self) -> dict[str, object]:
        data = super().clean() or {}
        if data.get("source") and data.get("source") == data.get("target"):
            raise forms.ValidationError("请选择两个不同的单位")
        return data


class ParentForm(forms.Form):
    """二次分解: put a unit under another (or at the top)."""

    unit = forms.ModelChoiceField(
        label="单位",
        queryset=Unit.objects.all(),
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    parent = forms.ModelChoiceField(
        label="上级单位",
        queryset=Unit.objects.all(),
        required=False,
        empty_label="（无上级单位）",
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
