"""The password policy: ≥ 10 characters, 3 of 4 character classes, not like the user name."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth.password_validation import password_validators_help_texts, validate_password
from django.core.exceptions import ValidationError

from duban.accounts.models import User
from duban.accounts.password_validation import character_classes
from duban.accounts.services import temporary_password
from duban.common.roles import Role


def _problems(password: str, user: User | None = None) -> list[str]:
    try:
        validate_password(password, user)
    except ValidationError as error:
        return list(error.messages)
    return []


def test_a_short_password_is_refused_in_chinese() -> None:
    assert _problems("Ab1!efgh") == ["密码太短，至少需要 10 个字符"]


@pytest.mark.parametrize("password", ["Ab1!efgh", "password123", "1234567890123", "Wangxiaoming1"])
def test_every_password_problem_is_told_in_chinese(password: str, db: None) -> None:
    problems = _problems(password, User(username="wangxiaoming", full_name="王小明", role=Role.SUPERVISOR))
    assert problems and not [p for p in problems if re.search("[A-Za-z]{3,}", p)]


def test_every_password_rule_is_explained_in_chinese() -> None:
    texts = password_validators_help_texts()
    assert len(texts) == 5 and not [t for t in texts if re.search("[A-Za-z]{3,}", t)]


def test_a_password_of_two_character_classes_is_refused() -> None:
    assert _problems("onlylowercase123") == ["密码须包含大写字母、小写字母、数字、符号中的至少 3 类"]


def test_a_password_like_the_user_name_is_refused(db: None) -> None:
    user = User(username="wangxiaoming", full_name="王小明", role=Role.SUPERVISOR)
    assert _problems("Wangxiaoming1", user)


@pytest.mark.parametrize("password", ["Persona-pass-2025", "Kx7#mq9Lp2", "river stone 42 Blue"])
def test_a_long_mixed_password_is_accepted(password: str, db: None) -> None:
    assert _problems(password, User(username="wang", role=Role.SUPERVISOR)) == []


def test_character_classes_are_counted_once_each() -> None:
    assert character_classes("aaaa") == 1
    assert character_classes("aA1") == 3
    assert character_classes("aA1!") == 4


def test_temporary_passwords_pass_the_policy(db: None) -> None:
    user = User(username="newcomer", role=Role.REPORTER)
    for _ in range(20):
        password = temporary_password(user)
        assert _problems(password, user) == [] and character_classes(password) == 4
