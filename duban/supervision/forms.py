from __future__ import annotations

from typing import Any

from django import forms

from duban.accounts.forms import LeaderField
from duban.reporting.choices import AdhocSource
from duban.reporting.forms import AdhocForm
from duban.supervision.choices import NoticeLevel, SourceKind
from duban.supervision.models import EscalationRung
from duban.supervision.services.escalation import RungValues
from duban.units.models import Unit


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


class MinutesUploadForm(forms.Form):
    """A 会议纪要 or 批示: pasted, or as a Word, PDF or text file."""

    source = forms.ChoiceField(
        label="来源", choices=[(s.value, s.label) for s in (AdhocSource.MINUTES, AdhocSource.INSTRUCTION)]
    )
    leader = LeaderField(
        label="批示领导",
        required=False,
        help_text="来源为领导批示时选择，办结报告先呈该领导阅示",
    )
    text = forms.CharField(
        label="粘贴正文", required=False, widget=forms.Textarea(attrs={"rows": 12, "class": "form-control"})
    )
    document = forms.FileField(label="或上传文件（.docx / .doc / .wps / .pdf / .txt）", required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if not (data.get("text") or "").strip() and not data.get("document"):
            raise forms.ValidationError("请粘贴纪要或批示的正文，或上传文件")
        return data


def _small(widget: forms.Widget) -> forms.Widget:
    widget.attrs.setdefault("class", "form-control form-control-sm")
    return widget


class MinutesItemForm(forms.Form):
    """One proposed item as the office corrects it before 交办."""

    keep = forms.BooleanField(label="保留", required=False)
    title = forms.CharField(
        label="交办事项", max_length=500, required=False, widget=_small(forms.TextInput())
    )
    lead_units = forms.CharField(
        label="牵头单位", max_length=500, required=False, widget=_small(forms.TextInput())
    )
    responsible_units = forms.CharField(
        label="配合单位", max_length=1000, required=False, widget=_small(forms.TextInput())
    )
    deadline = forms.DateField(
        label="完成时限",
        required=False,
        widget=_small(forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")),
    )
    source = forms.ChoiceField(
        label="类别",
        choices=AdhocSource.choices,
        widget=forms.Select(attrs={"class": "form-select form-select-sm"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # The table has one heading per column; each input says which item it belongs to.
        number = int((self.prefix or "form-0").rsplit("-", 1)[-1]) + 1
        for field in self.fields.values():
            field.widget.attrs["aria-label"] = f"第{number}项{field.label}"


MinutesItemFormSet = forms.formset_factory(MinutesItemForm, extra=0)


class MinutesHeaderForm(forms.Form):
    reference = forms.CharField(
        label="文号", max_length=200, required=False, widget=_small(forms.TextInput())
    )
