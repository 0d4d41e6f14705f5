"""Django's password backend, loading the signed-in user with their unit in one query:
every page names the unit beside the user's name, and most checks of what a user may see
start from it."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.backends import ModelBackend

from duban.accounts.models import User


class ModelBackendWithUnit(ModelBackend):
    def get_user(self, user_id: Any) -> User | None:
        user = User._default_manager.select_related("unit").filter(pk=user_id).first()
        return user if user is not None and self.user_can_authenticate(user) else None
