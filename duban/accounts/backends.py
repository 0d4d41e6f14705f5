"""The ways a person is checked: duban's own hash, the office's directory, or its 统一身份认证 platform.

Each account has one source (``User.source``), fixed when it is made, and each backend signs in
accounts of its own source only: a directory password never opens a local account of the same
name, nor a local password a directory account. A directory login makes the account on first use
with no role and no unit: the 安全管理员 grants both in duban, never the directory (三员分立).
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.backends import ModelBackend
from django.http import HttpRequest
from django_auth_ldap.backend import LDAPBackend, _LDAPUser
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from duban.accounts.models import AccountSource, User

# Directory attributes the full name is read from, first present wins: AD fills displayName,
# many OpenLDAP trees only cn.
NAME_ATTRIBUTES = ("displayName", "cn")


def _signed_in_user(user_id: Any, source: AccountSource) -> User | None:
    """The session's user with their unit (every page names it), if still active and of this source."""
    return (
        User._default_manager.select_related("unit").filter(pk=user_id, source=source, is_active=True).first()
    )


class ModelBackendWithUnit(ModelBackend):
    """Django's password backend for local accounts, loading the user with their unit in one query."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        user = super().authenticate(request, username=username, password=password, **kwargs)
        if isinstance(user, User) and user.source == AccountSource.LOCAL:
            return user
        return None

    def get_user(self, user_id: Any) -> User | None:
        return _signed_in_user(user_id, AccountSource.LOCAL)


class DirectoryBackend(LDAPBackend):
    """django-auth-ldap, signing in directory accounts only (settings: AUTH_LDAP_*)."""

    def authenticate(
        self,
        request: HttpRequest | None,
        username: str | None = None,
        password: str | None = None,
        **kwargs: Any,
    ) -> User | None:
        if username is None or _local_account_named(username):
            return None  # a local account's password is never sent to the directory
        user = super().authenticate(request, username=username, password=password, **kwargs)
        return user if isinstance(user, User) and user.is_active else None

    def get_or_build_user(self, username: str, ldap_user: _LDAPUser) -> tuple[User, bool]:
        """The directory account of this name, or a new one without role or unit; named from the directory."""
        user = User._default_manager.filter(username__iexact=username).first()
        built = user is None
        if user is None:
            user = User(username=username.lower(), source=AccountSource.DIRECTORY)
        elif user.source != AccountSource.DIRECTORY:
            raise ldap_user.AuthenticationFailed(f"{user.username} 是本地账户，不能用目录密码登录")
        user.full_name = _directory_name(ldap_user) or user.full_name
        return user, built

    def get_user(self, user_id: Any) -> User | None:
        return _signed_in_user(user_id, AccountSource.DIRECTORY)


def _local_account_named(username: str) -> bool:
    accounts = User._default_manager.filter(username__iexact=username.strip())
    return accounts.exclude(source=AccountSource.DIRECTORY).exists()


def _directory_name(ldap_user: _LDAPUser) -> str:
    attrs: dict[str, list[str]] = ldap_user.attrs or {}
    for name in NAME_ATTRIBUTES:
        values = attrs.get(name) or []
        if values and values[0].strip():
            return values[0].strip()[: User._meta.get_field("full_name").max_length or 50]
    return ""


class IdentityPlatformBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc for a 统一身份认证 platform (settings: DUBAN_OIDC_*, OIDC_*).

    The account is found by the platform's subject (``sub``), never by its name; on first use it
    is made with the platform's user name, no role and no unit. A name that a local or directory
    account already holds is refused: the platform cannot take over an account made elsewhere.
    """

    def verify_claims(self, claims: dict[str, Any]) -> bool:
        return bool(str(claims.get("sub", "")).strip())

    def filter_users_by_claims(self, claims: dict[str, Any]) -> Any:
        return User._default_manager.filter(source=AccountSource.OIDC, external_id=str(claims["sub"]))

    def create_user(self, claims: dict[str, Any]) -> User | None:
        username = platform_username(claims)
        if User._default_manager.filter(username__iexact=username).exists():
            self._refuse(f"统一身份认证账户“{username}”与本系统已有的账户同名，不能登录。请联系安全管理员。")
            return None
        user = User(username=username, source=AccountSource.OIDC, external_id=str(claims["sub"]))
        user.full_name = _platform_name(claims)
        user.set_unusable_password()
        user.save()
        return user

    def update_user(self, user: User, claims: dict[str, Any]) -> User | None:
        if not user.is_active:
            self._refuse("该账户已停用，请联系安全管理员。")
            return None
        name = _platform_name(claims)
        if name and name != user.full_name:
            user.full_name = name
            user.save(update_fields=["full_name"])
        return user

    def get_user(self, user_id: Any) -> User | None:
        return _signed_in_user(user_id, AccountSource.OIDC)

    def _refuse(self, message: str) -> None:
        request = getattr(self, "request", None)
        if request is not None:
            messages.error(request, message)


def platform_username(claims: dict[str, Any]) -> str:
    """The platform's login name (preferred_username), else its subject; lower case, as duban keeps names."""
    name = str(claims.get("preferred_username") or claims["sub"]).strip().lower()
    return name[: User._meta.get_field("username").max_length or 150]


def _platform_name(claims: dict[str, Any]) -> str:
    name = str(claims.get("name") or "").strip()
    return name[: User._meta.get_field("full_name").max_length or 50]
