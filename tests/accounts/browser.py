"""Logging a persona in through the real pages in Chromium: password, then the TOTP code."""

from __future__ import annotations

from playwright.sync_api import Page

from duban.accounts.models import User
from duban.common.roles import OTP_REQUIRED_ROLES
from tests.accounts.otp import otp_device, totp_code


def log_in(page: Page, base: str, user: User, password: str) -> None:
    """The login form, and for 督办员 and the administrators the two-step page with their code."""
    device = otp_device(user) if user.role in OTP_REQUIRED_ROLES else None
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("用户名").fill(user.username)
    page.get_by_label("密码").fill(password)
    page.get_by_role("button", name="登录").click()
    if device is not None:
        page.get_by_label("验证码").fill(totp_code(device))
        page.get_by_role("button", name="验证").click()
