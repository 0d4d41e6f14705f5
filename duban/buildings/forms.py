from __future__ import annotations

from decimal import Decimal
from typing import Any

from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.db.models import QuerySet
from django.forms.formsets import BaseFormSet
from django.http import QueryDict

from duban.accounts.models import User
from duban.buildings.access import can_manage_buildings
from duban.buildings.choices import BuildingState, CarrierLevel, Outcome, OwnerType
from duban.buildings.measures import MEASURE_CHOICES
from duban.buildings.models import (
    Building,
    Carrier,
    EvaluationIndicator,
    EvaluationScheme,
    GoalBinding,
    Renovation,
)
from duban.buildings.selectors import BuildingFilters
from duban.common.forms import form_field
from duban.core import clock
from duban.units.choices import UnitKind
from duban.units.models import Unit


class DateInput(forms.DateInput):
    input_type = "date"

    def __init__(self, attrs: dict[str, Any] | None = None) -> None:
        super().__init__(attrs, format="%Y-%m-%d")


class BootstrapMixin:
    """Bootstrap classes on every widget, so templates can render fields in one loop."""

    fields: dict[str, forms.Field]  # the form's, which this mixes into

    def _style(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxSelectMultiple):
                continue
            if isinstance(widget, forms.DateInput) and not isinstance(widget, DateInput):
                field.widget = widget = DateInput()
            css = "form-select" if isinstance(widget, forms.Select) else "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


class BuildingFilterForm(forms.Form):
    unit = forms.TypedChoiceField(label="镇街园区", required=False, coerce=int, empty_value=None)
    state = forms.ChoiceField(
        label="房屋状态", required=False, choices=[("", "全部状态"), *BuildingState.choices]
    )
    owner_type = forms.ChoiceField(
        label="产权类型", required=False, choices=[("", "全部"), *OwnerType.choices]
    )
    text = forms.CharField(label="文字", required=False, max_length=100)

    def __init__(self, *args: Any, units: list[tuple[int, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "unit", forms.ChoiceField).choices = [("", "全部镇街园区"), *units]

    def filters(self) -> BuildingFilters:
        if not self.is_valid():
            return BuildingFilters()
        data = self.cleaned_data
        return BuildingFilters(
            unit=data["unit"], state=data["state"], owner_type=data["owner_type"], text=data["text"]
        )


def _unit_choices() -> QuerySet[Unit]:
    return Unit.objects.filter(kind__in=[UnitKind.TOWN, UnitKind.PARK]).order_by("name")


class BuildingForm(BootstrapMixin, forms.ModelForm[Building]):
    changed_on = forms.DateField(
        label="变更日期", required=False, widget=DateInput(), help_text="变化实际发生的日期，默认今天"
    )

    class Meta:
        model = Building
        fields = [
            "name",
            "unit",
            "address",
            "owner_type",
            "owner",
            "floor_area_m2",
            "land_area_m2",
            "land_tenure",
            "land_use",
            "building_state",
            "idle_since",
            "note",
        ]
        widgets = {"idle_since": DateInput(), "note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args: Any, user: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        unit_field = form_field(self, "unit", forms.ModelChoiceField)
        if can_manage_buildings(user):
            unit_field.queryset = Unit.objects.order_by("name")
        else:  # a town's user: only its own unit (none without one)
            own = Unit.objects.filter(pk=user.unit_id) if user.unit_id is not None else Unit.objects.none()
            unit_field.queryset = own
            unit_field.disabled = True
            self.initial["unit"] = user.unit_id
        if self.instance.pk is None:
            del self.fields["changed_on"]
        else:
            self.fields["changed_on"].initial = clock.today()
        self._style()

    def values(self) -> dict[str, Any]:
        return {k: v for k, v in self.cleaned_data.items() if k != "changed_on"}


class RenovationForm(BootstrapMixin, forms.ModelForm[Renovation]):
    class Meta:
        model = Renovation
        fields = [
            "title",
            "investor",
            "area_m2",
            "planned_start",
            "planned_finish",
            "started_on",
            "finished_on",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        started, finished = data.get("started_on"), data.get("finished_on")
        if started and finished and finished < started:
            self.add_error("finished_on", "完工日期不能早于开工日期")
        if finished and finished > clock.today():
            self.add_error("finished_on", "完工日期不能晚于今天；尚未完工请填计划完工日期")
        return data


class TownBuildingField(forms.ModelChoiceField[Building]):
    """Buildings named with their town: two towns may each have a 1号楼."""

    def label_from_instance(self, obj: Building) -> str:
        return f"{obj.unit.name} · {obj.name}"


class CarrierForm(BootstrapMixin, forms.ModelForm[Carrier]):
    class Meta:
        model = Carrier
        fields = [
            "name",
            "kind",
            "level",
            "operator",
            "area_m2",
            "building",
            "founding_unit",
            "established_on",
        ]
        field_classes = {"building": TownBuildingField}

    def __init__(self, *args: Any, buildings: QuerySet[Building], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        towns_buildings = buildings.select_related("unit").order_by("unit__name", "name")
        form_field(self, "building", TownBuildingField).queryset = towns_buildings
        form_field(self, "founding_unit", forms.ModelChoiceField).queryset = _unit_choices()
        self._style()

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("kind") == "enclave" and not data.get("founding_unit"):
            self.add_error("founding_unit", "科创飞地须填写设立它的镇街")
        return data


class AttachmentForm(forms.Form):
    # An empty file reaches the gate, which refuses it naming the file; Django's own check cannot.
    file = forms.FileField(
        label="附件（照片、PDF 或 Office 文档）",
        allow_empty_file=True,
        error_messages={"required": "请选择要上传的附件"},
    )
    description = forms.CharField(label="说明", required=False, max_length=200)


class UploadForm(forms.Form):
    file = forms.FileField(label="Excel 工作簿（.xlsx）")

    def clean_file(self) -> UploadedFile:
        upload: UploadedFile = self.cleaned_data["file"]
        if not (upload.name or "").lower().endswith(".xlsx"):
            raise forms.ValidationError("只接受 Excel 工作簿（.xlsx）")
        return upload


# ---------------------------------------------------------------- evaluation


class SchemeForm(BootstrapMixin, forms.ModelForm[EvaluationScheme]):
    class Meta:
        model = EvaluationScheme
        fields = [
            "year",
            "title",
            "award_top_n",
            "award_min_score",
            "warning_bottom_n",
            "warning_line",
            "pass_line",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class IndicatorForm(BootstrapMixin, forms.ModelForm[EvaluationIndicator]):
    class Meta:
        model = EvaluationIndicator
        fields = ["name", "unit", "weight", "max_value"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._style()

    def validate_unique(self) -> None:
        """Names are checked across the formset by the service, not per row against the database."""


DEFAULT_INDICATORS = (
    {"name": "入驻率", "unit": "%", "weight": 30, "max_value": 100},
    {"name": "在孵企业数", "unit": "家", "weight": 30, "max_value": 60},
    {"name": "人才项目数", "unit": "个", "weight": 20, "max_value": 20},
    {"name": "引进投资额", "unit": "万元", "weight": 20, "max_value": 5000},
)


def indicator_formset(
    data: QueryDict | None = None, scheme: EvaluationScheme | None = None, blank: int = 2
) -> BaseFormSet[IndicatorForm]:
    """The scheme's indicators; a new scheme starts from last year's, or from the usual four."""
    source = scheme or EvaluationScheme.objects.order_by("-year").first()
    initial = [
        {"name": i.name, "unit": i.unit, "weight": i.weight, "max_value": i.max_value}
        for i in (source.indicators.all() if source else [])
    ] or list(DEFAULT_INDICATORS)
    formset_class = forms.formset_factory(IndicatorForm, extra=blank, max_num=12)
    return formset_class(data, initial=initial, prefix="indicators")


def indicator_rows(formset: BaseFormSet[IndicatorForm]) -> list[dict[str, Any]]:
    return [
        {k: f.cleaned_data[k] for k in ("name", "unit", "weight", "max_value")}
        for f in formset.forms
        if f.cleaned_data and f.cleaned_data.get("name")
    ]


class ScoreGridForm(forms.Form):
    """One number field per (carrier, indicator); a blank field removes the value."""

    def __init__(
        self,
        *args: Any,
        carriers: list[Carrier],
        indicators: list[EvaluationIndicator],
        scores: dict[tuple[int, int], Decimal],
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.cells: dict[str, tuple[int, int]] = {}
        for carrier in carriers:
            for indicator in indicators:
                key = f"score_{carrier.pk}_{indicator.pk}"
                self.cells[key] = (carrier.pk, indicator.pk)
                self.fields[key] = forms.DecimalField(
                    label=f"{carrier.name} {indicator.name}",
                    required=False,
                    min_value=Decimal(0),
                    max_digits=14,
                    decimal_places=2,
                    initial=scores.get((carrier.pk, indicator.pk)),
                    widget=forms.NumberInput(attrs={"class": "form-control form-control-sm", "step": "0.01"}),
                )
        self.rows = [
            (carrier, [self[f"score_{carrier.pk}_{i.pk}"] for i in indicators]) for carrier in carriers
        ]

    def values(self) -> dict[tuple[int, int], Decimal | None]:
        return {cell: self.cleaned_data.get(key) for key, cell in self.cells.items()}


class AppealForm(forms.Form):
    reason = forms.CharField(
        label="复核理由", max_length=2000, widget=forms.Textarea(attrs={"rows": 3, "class": "form-control"})
    )


class AppealDecisionForm(forms.Form):
    outcome = forms.ChoiceField(
        label="复核后结果", choices=Outcome.choices, widget=forms.Select(attrs={"class": "form-select"})
    )
    note = forms.CharField(
        label="复核意见", max_length=2000, widget=forms.Textarea(attrs={"rows": 2, "class": "form-control"})
    )


# ---------------------------------------------------------------- goal bindings


class GoalBindingForm(BootstrapMixin, forms.Form):
    measure = forms.ChoiceField(
        label="统计口径", choices=[("", "不绑定（手工填报）"), *MEASURE_CHOICES], required=False
    )
    min_floor_area = forms.DecimalField(
        label="建筑面积下限（平方米）",
        required=False,
        min_value=Decimal(0),
        help_text="只统计不低于此面积的楼宇",
    )
    level = forms.ChoiceField(
        label="载体级别", required=False, choices=[("", "全部级别"), *CarrierLevel.choices]
    )
    towns = forms.ModelMultipleChoiceField(
        label="参与统计的镇街",
        required=False,
        queryset=Unit.objects.none(),
        widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        help_text="不选则统计全部镇街",
    )
    start = forms.DateField(label="起始日期", required=False, help_text="不填则按计划期间")
    end = forms.DateField(
        label="截止日期", required=False, help_text="不填则按计划期间（任务指标按完成时限）"
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        form_field(self, "towns", forms.ModelMultipleChoiceField).queryset = _unit_choices()
        self._style()

    @staticmethod
    def initial_for(binding: GoalBinding | None) -> dict[str, Any]:
        if binding is None:
            return {}
        return {"measure": binding.measure, **binding.params}

    def params(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {
            "min_floor_area": str(data["min_floor_area"]) if data["min_floor_area"] is not None else None,
            "level": data["level"],
            "towns": [u.pk for u in data["towns"]],
            "start": data["start"].isoformat() if data["start"] else None,
            "end": data["end"].isoformat() if data["end"] else None,
        }
