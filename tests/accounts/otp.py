"""Second-factor helpers for tests: a persona's authenticator, its current code, a verified session.

`otp_verify_session` is what `client_for` (tests/web/conftest.py) calls after `force_login`, so
personas whose role needs TOTP reach every page as they would after typing their code.
"""

from __future__ import annotations

import time

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import hotp
from django_otp.plugins.otp_totp.models import TOTPDevice

from duban.accounts.models import User
from duban.common.roles import OTP_REQUIRED_ROLES


def otp_device(user: User) -> TOTPDevice:
    """The persona's confirmed authenticator, made on first use."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="测试验证器", confirmed=True)


def totp_code(device: TOTPDevice) -> str:
    """The code the persona's phone would show: the current one, or the next one still accepted
    when the current one was already used (a second login within the same 30 seconds)."""
    device.refresh_from_db()
    now = (int(time.time()) - device.t0) // device.step + device.drift
    step = max(now, device.last_t + 1)
    assert step <= now + device.tolerance, "too many logins of one persona within 30 seconds"
    return str(hotp(device.bin_key, step, device.digits)).zfill(device.digits)


def otp_verify_session(client: Client, user: User) -> None:
    """Mark a `force_login` session as having passed the second factor, for roles that need it."""
    if user.role not in OTP_REQUIRED_ROLES:
        return
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = otp_device(user).persistent_id
    session.save()
