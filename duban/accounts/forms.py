from __future__ import annotations

from typing import Any

from django import forms
from django.conf import settings
from django.contrib.auth import forms as auth_forms

from duban.accounts.models import User
from duban.accounts.selectors import leader_accounts
from duban.common.roles import ROLES_SECADMIN_MAY_GRANT, ROLES_SYSADMIN_MAY_CREATE, UNIT_ROLES, Role
from duban.units.models import Unit

# One answer for a wrong password, an unknown user and a deactivated account.
LOGIN_REFUSED = "用户名或密码不正确"


def locked_out_message() -> str:
    minutes = settings.DUBAN_LOCKOUT_MINUTES
    return f"登录失败次数过多，请 {minutes} 分钟后再试，或请系统管理员重置密码"


class _Bootstrap:
    """Bootstrap's classes on every widget, so templates can render fields plainly."""

    fields: dict[str, forms.Field]

    def style(self) -> None:
        for field in self.fields.values():
            css = "form-select" if isinstance(field.widget, forms.Select) else "form-control"
            field.widget.attrs.setdefault("class", css)


class LoginForm(auth_forms.AuthenticationForm):
    error_messages = {"invalid_login": LOGIN_REFUSED, "inactive": LOGIN_REFUSED}


class PasswordChangeForm(_Bootstrap, auth_forms.PasswordChangeForm):
    """Django's form (old password, new twice, every validator), which must not reuse the old one."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()

    def clean_new_password1(self) -> str:
        password: str = self.cleaned_data["new_password1"]
        if self.user.check_password(password):
            raise forms.ValidationError("新密码不能与当前密码相同")
        return password


class TokenForm(_Bootstrap, forms.Form):
    token = forms.RegexField(
        label="验证码",
        regex=r"^\s*\d{6}\s*$",
        error_messages={"invalid": "请输入验证器上显示的 6 位数字"},
        widget=forms.TextInput(attrs={"autocomplete": "one-time-code", "inputmode": "numeric"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.style()

    def clean_token(self) -> str:
        return str(self.cleaned_data["token"]).strip()


def _role_choices(roles: frozenset[Role]) -> list[tuple[str, str]]:
    """No role is preselected: an unchanged form must not grant anything, so it starts empty."""
    return [("", "请选择角色"), *((r.value, r.label) for r in Role if r in roles)]


class _RoleUnitForm(_Bootstrap, forms.Form):
    role = forms.ChoiceField(label="角色", error_messages={"required": "请选择角色"})
    unit = forms.ModelChoiceField(label="所属单位", queryset=Unit.objects.order_by("name"), required=False)

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        if data.get("role") in UNIT_ROLES and not data.get("unit"):
            self.add_error("unit", "单位填报员和单位审核人必须属于一个单位")
        return data

    def offer_roles(self, roles: frozenset[Role]) -> None:
        """Let the role field offer only these roles, in Role's order."""
        field = self.fields["role"]
        assert isinstance(field, forms.ChoiceField)  # declared above
        field.choices = _role_choices(roles)


class AccountCreateForm(_RoleUnitForm):
    username = forms.RegexField(
        label="用户名",
        max_length=150,
        regex=r"^[\w.@+-]+$",
        error_messages={"invalid": "用户名只能包含字母、数字和 @ . + - _"},
    )
    full_name = forms.CharField(label="姓名", max_length=50)
    field_order = ["username", "full_name", "role", "unit"]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offer_roles(ROLES_SYSADMIN_MAY_CREATE)
        self.style()

    def clean_username(self) -> str:
        username: str = self.cleaned_data["username"]
        if User.objects.filter(username=username).exists():
            raise forms.ValidationError("该用户名已被使用")
        return username


class GrantForm(_RoleUnitForm):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.offer_roles(ROLES_SECADMIN_MAY_GRANT)
        self.style()


class LeaderField(forms.ModelChoiceField[User]):
    """领导 accounts by their names, not their user names."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(queryset=leader_accounts(), **kwargs)

    def label_from_instance(self, obj: User) -> str:
        return obj.display_name()
