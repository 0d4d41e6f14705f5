"""The auditor's filters: user, action, result, date range, object."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.db.models import Q, QuerySet

from duban.auditlog.archive import day_start
from duban.auditlog.choices import Action, Result
from duban.auditlog.models import AuditEntry


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self) -> None:
        super().__init__(attrs={"class": "form-control form-control-sm"}, format="%Y-%m-%d")


def _text(placeholder: str) -> forms.TextInput:
    return forms.TextInput(
        attrs={"class": "form-control form-control-sm", "placeholder": placeholder, "type": "search"}
    )


def _select() -> forms.Select:
    return forms.Select(attrs={"class": "form-select form-select-sm"})


class AuditFilterForm(forms.Form):
    user = forms.CharField(label="用户", required=False, max_length=150, widget=_text("用户名、姓名或 IP"))
    action = forms.ChoiceField(
        label="操作", required=False, choices=[("", "全部操作"), *Action.choices], widget=_select()
    )
    result = forms.ChoiceField(
        label="结果", required=False, choices=[("", "全部结果"), *Result.choices], widget=_select()
    )
    date_from = forms.DateField(label="起始日期", required=False, widget=DateInput())
    date_to = forms.DateField(label="截止日期", required=False, widget=DateInput())
    object = forms.CharField(
        label="对象", required=False, max_length=200, widget=_text("对象名称、类型或编号")
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        start, end = data.get("date_from"), data.get("date_to")
        if start and end and start > end:
            raise forms.ValidationError("起始日期不能晚于截止日期")
        return data

    def applied(self) -> dict[str, str]:
        """The filters in use, as text (recorded with an export)."""
        if not self.is_valid():
            return {}
        return {name: str(value) for name, value in self.cleaned_data.items() if value not in (None, "")}

    def filter(self, entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
        if not self.is_valid():
            return entries
        data = self.cleaned_data
        if data["user"]:
            text = data["user"].strip()
            entries = entries.filter(
                Q(actor_name__icontains=text) | Q(actor__full_name__icontains=text) | Q(ip=text)
                if _looks_like_ip(text)
                else Q(actor_name__icontains=text) | Q(actor__full_name__icontains=text)
            )
        if data["action"]:
            entries = entries.filter(action=data["action"])
        if data["result"]:
            entries = entries.filter(result=data["result"])
        if data["date_from"]:
            entries = entries.filter(at__gte=day_start(data["date_from"]))
        if data["date_to"]:
            entries = entries.filter(at__lt=day_start(data["date_to"] + dt.timedelta(days=1)))
        if data["object"]:
            text = data["object"].strip()
            entries = entries.filter(
                Q(object_repr__icontains=text) | Q(object_type__icontains=text) | Q(object_id=text)
            )
        return entries


def _looks_like_ip(text: str) -> bool:
    from ipaddress import ip_address

    try:
        ip_address(text)
    except ValueError:
        return False
    return True
