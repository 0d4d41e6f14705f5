from __future__ import annotations

from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.http import QueryDict

from duban.common.forms import PlainChoices, form_field
from duban.plans.choices import TaskStatus
from duban.plans.previews import ImportPreview
from duban.plans.selectors import TaskFilters
from duban.plans.services.tasks import NEW_UNIT
from duban.units.models import Unit

ALLOWED_SUFFIXES = (".docx", ".xlsx", ".csv", ".txt", ".doc", ".xls", ".wps", ".et")


class TaskFilterForm(forms.Form):
    category = forms.ChoiceField(label="主要任务", required=False)
    unit = forms.TypedChoiceField(label="单位", required=False, coerce=int, empty_value=None)
    status = forms.ChoiceField(label="状态", required=False, choices=[("", "全部状态"), *TaskStatus.choices])
    text = forms.CharField(label="文字", required=False, max_length=100)

    def __init__(
        self, *args: Any, categories: list[str], units: list[tuple[int, str]], **kwargs: Any
    ) -> None:
        super().__init__(*args, **kwargs)
        category_choices = [("", "全部类别"), *((c, c) for c in categories)]
        form_field(self, "category", forms.ChoiceField).choices = PlainChoices(category_choices)
        # Ids as text: the template compares them with the submitted value, and an int would
        # go through number localisation for every option.
        unit_choices = [("", "全部单位"), *((str(pk), name) for pk, name in units)]
        form_field(self, "unit", forms.ChoiceField).choices = PlainChoices(unit_choices)

    def filters(self) -> TaskFilters:
        if not self.is_valid():
            return TaskFilters()
        data = self.cleaned_data
        return TaskFilters(
            category=data["category"], unit=data["unit"], status=data["status"], text=data["text"]
        )


class UploadForm(forms.Form):
    file = forms.FileField(label="重点工作表或方案文件")

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(ALLOWED_SUFFIXES):
            raise forms.ValidationError("只接受 .docx .xlsx .csv .txt 文件（以及旧格式 .doc .xls .wps .et）")
        return upload


class UnitChoiceForm(forms.Form):
    """For each new or doubtful unit name: create it, or map it to an existing unit."""

    def __init__(self, *args: Any, preview: ImportPreview, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        options = [
            (NEW_UNIT, "新建单位"),
            *((str(u.pk), f"即“{u.name}”") for u in Unit.objects.order_by("name")),
        ]
        self.names: dict[str, str] = {}
        for index, match in enumerate(preview.needs_choice()):
            key = f"unit_{index}"
            self.names[key] = match.name
            initial = str(match.suggestion.pk) if match.suggestion else NEW_UNIT
            self.fields[key] = forms.ChoiceField(
                label=match.name, choices=options, initial=initial, required=False
            )

    def unit_choices(self) -> dict[str, str]:
        """Name → choice; a name left unanswered keeps what the preview proposed."""
        return {
            self.names[key]: value or self.fields[key].initial for key, value in self.cleaned_data.items()
        }


def take_table_choices(data: QueryDict, preview: ImportPreview) -> set[int]:
    """The rows ticked 采用表格内容: ids of stored tasks whose reported values the file may replace."""
    held = {c.task_id for c in preview.held}
    return {int(v) for v in data.getlist("take_table") if v.isdigit() and int(v) in held}


class SubTaskForm(forms.Form):
    """二次分解: one sub-task for a unit under the lead unit, milestones one a line."""

    unit = forms.ModelChoiceField(
        label="承办单位",
        queryset=Unit.objects.none(),
        empty_label=None,
        widget=forms.Select(attrs={"class": "form-select"}),
    )
    title = forms.CharField(
        label="分解任务", max_length=300, widget=forms.TextInput(attrs={"class": "form-control"})
    )
    deadline = forms.DateField(
        label="完成时限",
        required=False,
        widget=forms.DateInput(attrs={"type": "date", "class": "form-control"}),
        help_text="可不填：不填即为原任务的完成时限，填写时不得晚于原任务的完成时限",
    )
    milestones = forms.CharField(
        label="进度节点",
        widget=forms.Textarea(
            attrs={"rows": 4, "class": "form-control", "placeholder": "2025-12-10 完成摸底"}
        ),
        help_text="每行一个节点：日期在前，内容在后",
    )

    def __init__(self, *args: Any, children: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "unit", forms.ModelChoiceField).queryset = children
