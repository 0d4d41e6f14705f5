from __future__ import annotations

from typing import Any

from django import forms

from duban.accounts.models import User
from duban.common.roles import Role
from duban.reporting.forms import AdhocForm
from duban.supervision.choices import NoticeLevel, SourceKind
from duban.supervision.models import EscalationRung
from duban.supervision.services.escalation import RungValues
from duban.units.models import Unit


class PatternForm(forms.Form):
    source = forms.ChoiceField(label="来源类别", choices=SourceKind.choices)
    pattern = forms.CharField(label="编号格式", max_length=60)


class LeaderField(forms.ModelChoiceField[User]):
    """Leaders by their names, not their user names."""

    def label_from_instance(self, obj: User) -> str:
        return obj.display_name()


class AssignForm(AdhocForm):
    """交办 with the leader whose 批示 it is (he reads the closing report before 销号)."""

    leader = LeaderField(
        label="批示领导",
        queryset=User.objects.filter(role=Role.LEADER, is_active=True).order_by("full_name", "username"),
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


class LadderForm(forms.Form):
    """The three rungs of 三色督办 in one form: per colour its threshold, time limit, 挂牌 and wording."""

    def __init__(self, *args: Any, rungs: dict[str, EscalationRung], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for level in NoticeLevel:
            rung = rungs.get(level.value)
            word = level.label.removesuffix("督办单")
            self.fields[f"{level}_rounds"] = forms.IntegerField(
                label=f"{word}：连续滞后轮次", min_value=1, max_value=24, initial=rung and rung.rounds
            )
            self.fields[f"{level}_days"] = forms.IntegerField(
                label=f"{word}：办理时限（工作日）",
                min_value=1,
                max_value=60,
                initial=rung and rung.reply_workdays,
            )
            self.fields[f"{level}_flagged"] = forms.BooleanField(
                label=f"{word}：挂牌督办", required=False, initial=rung and rung.flagged
            )
            self.fields[f"{level}_requirement"] = forms.CharField(
                label=f"{word}：督办要求",
                widget=forms.Textarea(attrs={"rows": 2}),
                initial=rung and rung.requirement,
            )

    def rows(self) -> list[tuple[NoticeLevel, list[forms.BoundField]]]:
        """Each colour with its four fields, for the page's table."""
        parts = ("rounds", "days", "flagged", "requirement")
        return [(level, [self[f"{level}_{part}"] for part in parts]) for level in NoticeLevel]

    def values(self) -> dict[NoticeLevel, RungValues]:
        data = self.cleaned_data
        return {
            level: RungValues(
                data[f"{level}_rounds"],
                data[f"{level}_days"],
                data[f"{level}_flagged"],
                data[f"{level}_requirement"],
            )
            for level in NoticeLevel
        }


class NoticeForm(forms.Form):
    level = forms.ChoiceField(label="督办等级", choices=NoticeLevel.choices)
    unit = forms.ModelChoiceField(label="主送单位", queryset=Unit.objects.all())
    problem = forms.CharField(label="存在问题", widget=forms.Textarea(attrs={"rows": 3}))


class NoticeReplyForm(forms.Form):
    text = forms.CharField(label="办理情况", widget=forms.Textarea(attrs={"rows": 3}))


class InterviewForm(forms.Form):
    held_on = forms.DateField(label="约谈日期", widget=forms.DateInput(attrs={"type": "date"}))
    unit = forms.ModelChoiceField(label="约谈单位", queryset=Unit.objects.all())
    people = forms.CharField(label="约谈对象", max_length=200, help_text="姓名及职务，如 青阳镇镇长王某")
    held_by = forms.CharField(label="约谈人", max_length=200)
    notes = forms.CharField(label="约谈记录", widget=forms.Textarea(attrs={"rows": 3}))
