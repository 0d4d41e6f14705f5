from __future__ import annotations

from django import forms

from duban.workdays.choices import DayKind

SELECT = forms.Select(attrs={"class": "form-select form-select-sm"})
DATE_INPUT = forms.DateInput(attrs={"type": "date", "class": "form-control form-control-sm"})


class DayForm(forms.Form):
    day = forms.DateField(label="日期", widget=DATE_INPUT, error_messages={"required": "请填写日期"})
    kind = forms.ChoiceField(
        label="类型",
        choices=DayKind.choices,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )
    name = forms.CharField(
        label="节日",
        max_length=40,
        required=False,
        widget=forms.TextInput(attrs={"class": "form-control form-control-sm", "placeholder": "如 春节"}),
    )


class RemoveForm(forms.Form):
    day = forms.DateField(error_messages={"required": "请指明要删除的日期"})


class NoticeForm(forms.Form):
    year = forms.IntegerField(
        label="年份",
        min_value=2000,
        max_value=2100,
        error_messages={"required": "请填写年份"},
        widget=forms.NumberInput(attrs={"class": "form-control form-control-sm"}),
    )
    text = forms.CharField(
        label="通知原文",
        max_length=10_000,
        error_messages={"required": "请粘贴通知中各节日的安排"},
        widget=forms.Textarea(attrs={"rows": 10, "class": "form-control"}),
    )
