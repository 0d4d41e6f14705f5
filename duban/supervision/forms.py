from __future__ import annotations

from typing import Any

from django import forms

from duban.accounts.models import User
from duban.common.roles import Role
from duban.reporting.choices import AdhocSource
from duban.reporting.forms import AdhocForm
from duban.supervision.choices import SourceKind


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


class MinutesUploadForm(forms.Form):
    """A 会议纪要 or 批示: pasted, or as a Word, PDF or text file."""

    source = forms.ChoiceField(
        label="来源", choices=[(s.value, s.label) for s in (AdhocSource.MINUTES, AdhocSource.INSTRUCTION)]
    )
    leader = LeaderField(
        label="批示领导",
        queryset=User.objects.filter(role=Role.LEADER, is_active=True).order_by("full_name", "username"),
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
