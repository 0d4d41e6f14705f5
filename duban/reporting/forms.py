from __future__ import annotations

import datetime as dt
from typing import Any

from django import forms
from django.core.validators import ProhibitNullCharactersValidator

from duban.accounts.forms import LeaderField
from duban.core import clock
from duban.reporting.choices import AdhocSource, Claim, CoordinationStatus, Recurrence


class RoundOpenForm(forms.Form):
    label = forms.CharField(label="轮次", max_length=50, initial="")
    due_date = forms.DateField(label="截止日期", widget=forms.DateInput(attrs={"type": "date"}))

    def clean_due_date(self) -> dt.date:
        due: dt.date = self.cleaned_data["due_date"]
        if due < clock.today() - dt.timedelta(days=366):
            raise forms.ValidationError("截止日期太早")
        return due


class RoundRuleForm(forms.Form):
    recurrence = forms.ChoiceField(label="周期", choices=Recurrence.choices)
    due_day = forms.IntegerField(label="截止日", min_value=1, max_value=31, initial=25)


class _NamesItsFields(forms.Form):
    """A text field's NUL-byte refusal names the field (Django's says neither where nor, in Chinese, what)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            field.validators = [
                ProhibitNullCharactersValidator(f"“{field.label}”中含有空字符（\\0），请删除后再提交")
                if isinstance(validator, ProhibitNullCharactersValidator)
                else validator
                for validator in field.validators
            ]


class ReportForm(_NamesItsFields):
    version = forms.IntegerField(widget=forms.HiddenInput)
    progress = forms.CharField(label="完成情况", widget=forms.Textarea(attrs={"rows": 6}), required=False)
    problems = forms.CharField(
        label="存在问题", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )
    next_steps = forms.CharField(
        label="下步计划", widget=forms.Textarea(attrs={"rows": 3}), required=False, max_length=5000
    )
    claim = forms.ChoiceField(label="是否完成", choices=Claim.choices)
    shortfall_reason = forms.CharField(
        label="未完成理由", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


class ReviewForm(_NamesItsFields):
    version = forms.IntegerField(widget=forms.HiddenInput)
    comment = forms.CharField(
        label="意见", widget=forms.Textarea(attrs={"rows": 2}), required=False, max_length=2000
    )


class ContributionForm(_NamesItsFields):
    text = forms.CharField(label="配合情况", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)


class AttachmentForm(forms.Form):
    # An empty file reaches the service, which refuses it naming the file; Django's own check cannot.
    file = forms.FileField(
        label="附件（照片、PDF、Word、Excel）",
        allow_empty_file=True,
        error_messages={"required": "请选择要上传的附件"},
    )


class ExtensionForm(forms.Form):
    new_deadline = forms.DateField(label="申请延至", widget=forms.DateInput(attrs={"type": "date"}))
    reason = forms.CharField(label="理由", widget=forms.Textarea(attrs={"rows": 2}), max_length=2000)


class ExtensionDecisionForm(forms.Form):
    approve = forms.TypedChoiceField(
        label="审批", choices=[("1", "同意"), ("0", "不同意")], coerce=lambda v: v == "1"
    )
    note = forms.CharField(label="意见", required=False, max_length=2000)


class CoordinationDecisionForm(_NamesItsFields):
    status = forms.ChoiceField(
        label="处理结果",
        choices=[(s.value, s.label) for s in (CoordinationStatus.DONE, CoordinationStatus.IMPOSSIBLE)],
        error_messages={"required": "请选择“已协调”或“无法协调”"},
    )
    outcome = forms.CharField(
        label="协调结果",
        widget=forms.Textarea(attrs={"rows": 2}),
        max_length=2000,
        error_messages={"required": "请填写协调结果"},
    )


class AdhocForm(forms.Form):
    source = forms.ChoiceField(label="来源", choices=AdhocSource.choices)
    reference = forms.CharField(label="文号或出处", max_length=200, required=False)
    title = forms.CharField(label="交办事项", max_length=500)
    target = forms.CharField(label="工作要求", widget=forms.Textarea(attrs={"rows": 3}), required=False)
    lead_units = forms.CharField(label="牵头单位", max_length=500, help_text="多个单位用顿号或逗号分隔")
    responsible_units = forms.CharField(label="责任单位", max_length=1000, required=False)
    deadline = forms.DateField(
        label="完成时限",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="不填按来源默认的工作日数计算",
    )
    document = forms.FileField(label="来源文件（批示或纪要）", required=False)


class SubTaskReportForm(_NamesItsFields):
    """二次分解: the report form, simpler — the lead unit makes the claim for the whole task."""

    progress = forms.CharField(
        label="进展情况", widget=forms.Textarea(attrs={"rows": 5, "class": "form-control"}), max_length=5000
    )
    problems = forms.CharField(
        label="存在问题",
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        required=False,
        max_length=2000,
    )
    next_steps = forms.CharField(
        label="下步计划",
        widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"}),
        required=False,
        max_length=2000,
    )


class InstructionForm(_NamesItsFields):
    text = forms.CharField(label="批示内容", widget=forms.Textarea(attrs={"rows": 3}), max_length=5000)
    given_on = forms.DateField(label="批示日期", widget=forms.DateInput(attrs={"type": "date"}))
    leader = LeaderField(label="批示领导", required=False, help_text="督办员代领导录入时选择")
