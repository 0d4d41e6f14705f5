"""{% options %} marks the bound value selected and escapes what it writes."""

from __future__ import annotations

from django import forms
from django.template import Context, Template


class _Form(forms.Form):
    choices = [("", "全部"), ("7", "青阳镇"), ("8", '<b>"月城镇"</b>')]
    unit = forms.TypedChoiceField(coerce=int, choices=choices)


def _render(data: dict[str, str] | None) -> str:
    template = Template("{% load choices %}{% options form.unit %}")
    return template.render(Context({"form": _Form(data)}))


def test_the_submitted_value_is_selected() -> None:
    assert _render({"unit": "7"}) == (
        '<option value="">全部</option><option value="7" selected>青阳镇</option>'
        '<option value="8">&lt;b&gt;&quot;月城镇&quot;&lt;/b&gt;</option>'
    )


def test_nothing_submitted_selects_nothing() -> None:
    assert "selected" not in _render(None)
