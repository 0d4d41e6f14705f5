"""Test settings: the real settings, with data in a throw-away folder and plain static files."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("DUBAN_DATA_DIR", tempfile.mkdtemp(prefix="duban-test-"))
os.environ.setdefault("DUBAN_SECRET_KEY", "test-secret-key-not-for-production-0123456789")
# Background jobs run where they are queued (once the transaction commits), so a test sees their effect.
os.environ.setdefault("DUBAN_HUEY_IMMEDIATE", "1")
os.environ.setdefault("DUBAN_STATIC_STORAGE", "django.contrib.staticfiles.storage.StaticFilesStorage")

from duban.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]  # fast logins in tests only
STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # noqa: F405
WHITENOISE_USE_FINDERS = True
