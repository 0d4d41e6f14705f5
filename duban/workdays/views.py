"""工作日历: the 系统管理员 lists a year, adds or removes a day, and pastes a year's notice."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from duban.common.access import request_person, role_required
from duban.core import clock
from duban.workdays.access import can_keep_calendar
from duban.workdays.choices import DayKind
from duban.workdays.forms import DayForm, NoticeForm, RemoveForm
from duban.workdays.notice import read_notice
from duban.workdays.selectors import unknown_years, year_view
from duban.workdays.services import calendar_day_remove, calendar_day_set, calendar_notice_save

MIN_YEAR, MAX_YEAR = 2000, 2100
WHAT = "维护工作日历"


def _year(request: HttpRequest) -> int:
    text = request.GET.get("year", "") or request.POST.get("year", "")
    year = int(text) if text.isdigit() else clock.today().year
    return year if MIN_YEAR <= year <= MAX_YEAR else clock.today().year


def _to_year(year: int) -> HttpResponse:
    return redirect(f"{reverse('workdays:calendar')}?year={year}")


@role_required(can_keep_calendar, WHAT)
def calendar(request: HttpRequest) -> HttpResponse:
    year = _year(request)
    context = {
        "view": year_view(year),
        "unknown": unknown_years(),
        "day_form": DayForm(initial={"kind": DayKind.HOLIDAY}),
        "notice_form": NoticeForm(initial={"year": year}),
        "years": [year - 1, year + 1],
    }
    return render(request, "workdays/calendar.html", context)


def _form_errors(form: DayForm | RemoveForm) -> str:
    """Each field's errors, named by the field's label so the admin knows where."""
    parts = []
    for name, errors in form.errors.items():
        label = form.fields[name].label if name in form.fields else None
        parts += [f"{label}：{error}" if label else str(error) for error in errors]
    return "；".join(parts)


@require_POST
@role_required(can_keep_calendar, WHAT)
def add(request: HttpRequest) -> HttpResponse:
    form = DayForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"未登记：{_form_errors(form)}")
        return _to_year(_year(request))
    data = form.cleaned_data
    try:
        row = calendar_day_set(
            actor=request_person(request), day=data["day"], kind=DayKind(data["kind"]), name=data["name"]
        )
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(
            request, f"已登记：{row.day.month}月{row.day.day}日 {row.name}{row.get_kind_display()}"
        )
    return _to_year(data["day"].year)


@require_POST
@role_required(can_keep_calendar, WHAT)
def remove(request: HttpRequest) -> HttpResponse:
    form = RemoveForm(request.POST)
    if not form.is_valid():
        messages.error(request, f"未删除：{_form_errors(form)}")
        return _to_year(_year(request))
    day = form.cleaned_data["day"]
    try:
        calendar_day_remove(actor=request_person(request), day=day)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.success(request, f"已删除{day.month}月{day.day}日，该日按通用日历计算")
    return _to_year(day.year)


@role_required(can_keep_calendar, WHAT)
def notice(request: HttpRequest) -> HttpResponse:
    """Paste → preview (nothing saved) → save; the text stays in the box at every step."""
    form = NoticeForm(request.POST or None, initial={"year": _year(request)})
    reading = None
    if request.method == "POST" and form.is_valid():
        year, text = form.cleaned_data["year"], form.cleaned_data["text"]
        reading = read_notice(text, year)
        if request.POST.get("action") == "save" and not reading.problems:
            try:
                count = calendar_notice_save(actor=request_person(request), year=year, days=reading.days)
            except ValidationError as error:
                messages.error(request, "；".join(error.messages))
            else:
                messages.success(request, f"已按通知登记{year}年{count}天")
                return _to_year(year)
        elif request.POST.get("action") == "save":
            messages.error(request, "通知中有未读懂的行，请修改后再预览，未保存")
    return render(request, "workdays/notice.html", {"form": form, "reading": reading})
