from __future__ import annotations

import io
from base64 import b32encode
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString, mark_safe
from django.views.decorators.http import require_GET, require_POST
from django_otp import login as otp_login
from django_otp import verify_token
from django_otp.plugins.otp_totp.models import TOTPDevice
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from duban.accounts import services
from duban.accounts.access import request_user
from duban.accounts.forms import (
    AccountCreateForm,
    GrantForm,
    LoginForm,
    PasswordChangeForm,
    TokenForm,
    locked_out_message,
)
from duban.accounts.lockout import login_delay
from duban.accounts.models import User
from duban.accounts.notices import lock_notices_for
from duban.accounts.policy import (
    SESSION_OTP_ENROLLED,
    otp_required,
    password_change_due,
    password_expires_at,
)
from duban.accounts.selectors import account_list, locked_usernames
from duban.auditlog.choices import Action, Result
from duban.auditlog.services import audit_record
from duban.common.access import role_required
from duban.common.roles import OTP_REQUIRED_ROLES, Role


def _next(request: HttpRequest) -> HttpResponse:
    """Where the user was going before a gate stopped them, if it is on this site."""
    target = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect("web:home")


class LoginView(auth_views.LoginView):
    template_name = "accounts/login.html"
    authentication_form = LoginForm
    redirect_authenticated_user = True

    def post(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        """A name tried too often from this address waits: refused unread, and not counted."""
        wait = login_delay(request)
        if wait:
            return _login_refused(request, f"登录失败次数较多，请 {wait} 秒后再试")
        return super().post(request, *args, **kwargs)

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        """Log in, then tell of the locks since the previous login (read before last_login moves)."""
        user = form.get_user()
        notices = lock_notices_for(user) if isinstance(user, User) else []
        response = super().form_valid(form)
        for notice in notices:
            messages.warning(self.request, f"上次登录以来：{notice}。如非本人操作，请联系安全管理员。")
        return response

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["platform_name"] = settings.DUBAN_OIDC_NAME if settings.DUBAN_OIDC_CLIENT_ID else ""
        return context


class LogoutView(auth_views.LogoutView):
    pass


def locked_out(request: HttpRequest, original_response: Any = None, credentials: Any = None) -> HttpResponse:
    """django-axes' answer once a user name is locked: the same for every name, known or not."""
    return _login_refused(request, locked_out_message())


def _login_refused(request: HttpRequest, message: str) -> HttpResponse:
    context = {"form": LoginForm(request), "locked_out": message, "next": request.POST.get("next", "")}
    return render(request, "accounts/login.html", context, status=429)


@login_required
def ungranted(request: HttpRequest) -> HttpResponse:
    """Signed in (typically a first directory login) but granted no role yet: say whom to ask."""
    if request_user(request).role:
        return redirect("web:home")
    return render(request, "accounts/ungranted.html", {"gated": True})


# --- 统一身份认证 (OpenID Connect) ---------------------------------------------------------------


@require_GET
def oidc_start(request: HttpRequest) -> HttpResponse:
    """To the identity platform's login; 404 where the office has none configured."""
    if not settings.DUBAN_OIDC_CLIENT_ID:
        raise Http404
    response: HttpResponse = OIDCAuthenticationRequestView.as_view()(request)
    return response


@require_GET
def oidc_callback(request: HttpRequest) -> HttpResponse:
    """Back from the platform: the code is exchanged for the person, who is signed in or refused."""
    if not settings.DUBAN_OIDC_CLIENT_ID:
        raise Http404
    response: HttpResponse = OIDCAuthenticationCallbackView.as_view()(request)
    if not request.user.is_authenticated and not messages.get_messages(request):
        messages.error(request, f"{settings.DUBAN_OIDC_NAME}登录未成功，请重试或用本系统账户登录。")
    return response


# --- the second factor ------------------------------------------------------------------------


def _confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


@login_required
def otp_verify(request: HttpRequest) -> HttpResponse:
    """Type the authenticator's code after the password."""
    user = request_user(request)
    if user.is_verified():
        return _next(request)
    device = _confirmed_device(user)
    if device is None:
        return redirect(f"{reverse('accounts:otp_setup')}?{request.GET.urlencode()}")
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        verified = verify_token(user, device.persistent_id, form.cleaned_data["token"])
        if verified is not None:
            otp_login(request, verified)
            audit_record(actor=user, action=Action.LOGIN, message="两步验证通过")
            return _next(request)
        audit_record(actor=user, action=Action.LOGIN_FAILED, result=Result.FAILURE, message="两步验证码错误")
        form.add_error("token", "验证码不正确或已用过；多次输错后须稍候，请输入验证器上新的验证码")
    return render(request, "accounts/otp_verify.html", {"form": form, "gated": True})


def _qr_svg(url: str) -> SafeString:
    """The otpauth URI as an inline SVG QR code: no data: URL, no script, no inline style."""
    buffer = io.BytesIO()
    segno.make(url, error="m").save(buffer, kind="svg", scale=5, border=2, xmldecl=False, title="二维码")
    return mark_safe(buffer.getvalue().decode("utf-8"))  # segno's own markup, no user text


@login_required
def otp_setup(request: HttpRequest) -> HttpResponse:
    """Bind an authenticator app: scan the QR code (or type the key), then confirm with a code."""
    user = request_user(request)
    if _confirmed_device(user) is not None:
        if not user.is_verified():
            return redirect(f"{reverse('accounts:otp_verify')}?{request.GET.urlencode()}")
        return render(request, "accounts/otp_setup.html", {"enrolled": True})
    device = services.otp_device_pending(user=user)
    form = TokenForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if services.otp_device_confirm(user=user, device=device, token=form.cleaned_data["token"]):
            otp_login(request, device)
            request.session[SESSION_OTP_ENROLLED] = True
            messages.success(request, "两步验证已启用，以后登录时须输入验证器上的验证码")
            return _next(request)
        form.add_error("token", "验证码不正确，请检查手机时间并输入验证器上新的验证码")
    secret = b32encode(device.bin_key).decode("ascii")
    context = {
        "form": form,
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
        "config_url": device.config_url,
        "qr_svg": _qr_svg(device.config_url),
        "required": user.role in OTP_REQUIRED_ROLES,
        "gated": not user.is_verified() and otp_required(user, request.session),
    }
    return render(request, "accounts/otp_setup.html", context)


# --- the password -------------------------------------------------------------------------------


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    user = request_user(request)
    due = password_change_due(user)
    form = PasswordChangeForm(user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        services.password_change(user=user, raw_password=form.cleaned_data["new_password1"])
        update_session_auth_hash(request, user)
        messages.success(request, "密码已修改")
        return redirect("web:home")
    reason = ""
    if user.must_change_password:
        reason = "这是管理员为您设置的初始或临时密码，请先设置自己的新密码。"
    elif due:
        reason = "您的密码已超过使用期限，请设置新密码。"
    return render(request, "accounts/password_change.html", {"form": form, "reason": reason, "gated": due})


@login_required
def security(request: HttpRequest) -> HttpResponse:
    """The holder's own account: password age and second factor."""
    user = request_user(request)
    context = {
        "expires_at": password_expires_at(user),
        "has_otp": _confirmed_device(user) is not None,
        "otp_required": user.role in OTP_REQUIRED_ROLES,
    }
    return render(request, "accounts/security.html", context)


# --- the administrators' pages (三员分立: see duban/accounts/services.py) ----------------------


def _manages_accounts(user: User) -> bool:
    return user.can_manage_accounts or user.can_grant


@role_required(_manages_accounts, "管理账户")
def account_list_view(request: HttpRequest) -> HttpResponse:
    context = {"accounts": account_list(), "locked": locked_usernames()}
    return render(request, "accounts/manage/list.html", context)


def _password_issued(request: HttpRequest, account: User, password: str, what: str) -> HttpResponse:
    """Shown once, on the POST's own answer: never stored, never put in a message or a redirect."""
    otp_roles = [role.value for role in OTP_REQUIRED_ROLES]
    context = {"account": account, "password": password, "what": what, "otp_roles": otp_roles}
    return render(request, "accounts/manage/password_issued.html", context)


@role_required(lambda u: u.can_manage_accounts, "建立账户")
def account_create(request: HttpRequest) -> HttpResponse:
    form = AccountCreateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        account, password = services.account_create(
            actor=request_user(request),
            username=data["username"],
            full_name=data["full_name"],
            role=Role(data["role"]),
            unit=data["unit"],
        )
        return _password_issued(request, account, password, "账户已建立")
    return render(request, "accounts/manage/create.html", {"form": form})


@require_POST
@role_required(lambda u: u.can_manage_accounts, "停用或启用账户")
def account_set_active(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(User, pk=pk)
    active = request.POST.get("active") == "1"
    services.account_set_active(actor=request_user(request), user=account, active=active)
    messages.success(request, f"已{'启用' if active else '停用'}账户“{account.display_name()}”")
    return redirect("accounts:manage")


@require_POST
@role_required(lambda u: u.can_manage_accounts, "重置密码")
def account_password_reset(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(User, pk=pk)
    password = services.account_password_reset(actor=request_user(request), user=account)
    return _password_issued(request, account, password, "密码已重置，登录锁定已解除")


@require_POST
@role_required(lambda u: u.can_manage_accounts, "重置两步验证")
def account_otp_reset(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(User, pk=pk)
    services.account_otp_reset(actor=request_user(request), user=account)
    messages.success(request, f"已重置“{account.display_name()}”的两步验证，下次登录时重新绑定验证器")
    return redirect("accounts:manage")


@role_required(lambda u: u.can_grant, "授权")
def account_grant(request: HttpRequest, pk: int) -> HttpResponse:
    account = get_object_or_404(User.objects.select_related("unit"), pk=pk)
    initial = {"role": account.role, "unit": account.unit}
    form = GrantForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        services.account_grant(
            actor=request_user(request), user=account, role=Role(data["role"]), unit=data["unit"]
        )
        messages.success(request, f"已更新“{account.display_name()}”的角色和单位")
        return redirect("accounts:manage")
    return render(request, "accounts/manage/grant.html", {"form": form, "account": account})
