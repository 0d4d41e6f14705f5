from __future__ import annotations

from django import forms

from duban.verification.choices import ReplyDecision


class _SaysWhere(forms.Form):
    def error_text(self) -> str:
        """Each problem with the label of its field, in one line."""
        shown: list[str] = []
        for name, errors in self.errors.items():
            field = self.fields.get(name)
            label = str(field.label) if field and field.label else ""
            shown.extend(f"{label}：{message}" if label else str(message) for message in errors)
        return "；".join(shown)


class ReplyForm(_SaysWhere):
    text = forms.CharField(
        label="申辩理由",
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={"required": "请填写申辩理由"},
    )
    # An empty or mistyped file reaches the service, which refuses it naming the file.
    file = forms.FileField(
        label="附件（照片、PDF、Word、Excel，可不传）", required=False, allow_empty_file=True
    )


class ReplyDecisionForm(_SaysWhere):
    decision = forms.ChoiceField(
        label="裁定",
        choices=[(ReplyDecision.UPHELD, "维持"), (ReplyDecision.WITHDRAWN, "撤销")],
        error_messages={"required": "请选择“维持”或“撤销”", "invalid_choice": "请选择“维持”或“撤销”"},
    )
    note = forms.CharField(label="裁定意见", max_length=2000, error_messages={"required": "请填写裁定意见"})
