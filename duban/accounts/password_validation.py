"""The password rules, each saying in Chinese what is wrong.

Django's validators take their messages from Django's translation catalogue, which leaves some
of them (the minimum length) in English; ours subclass them for their checks and word their own
messages, and add the 等保 rule Django lacks: at least three of four character classes.
"""

from __future__ import annotations

import string
from collections.abc import Callable
from typing import Any

from django.contrib.auth import password_validation as django_rules
from django.core.exceptions import ValidationError

CLASSES: tuple[tuple[str, Callable[[str], bool]], ...] = (
    ("大写字母", lambda c: c.isascii() and c.isupper()),
    ("小写字母", lambda c: c.isascii() and c.islower()),
    ("数字", lambda c: c.isdigit()),
    ("符号", lambda c: c in string.punctuation or c == " "),
)


def character_classes(password: str) -> int:
    """How many of upper case, lower case, digits and symbols the password uses."""
    return sum(any(test(c) for c in password) for _, test in CLASSES)


class CharacterClassesValidator:
    """A password must mix at least `min_classes` of upper, lower, digit and symbol."""

    def __init__(self, min_classes: int = 3) -> None:
        self.min_classes = min_classes

    def validate(self, password: str, user: Any = None) -> None:
        if character_classes(password) < self.min_classes:
            raise ValidationError(self.get_help_text(), code="password_too_simple")

    def get_help_text(self) -> str:
        names = "、".join(name for name, _ in CLASSES)
        return f"密码须包含{names}中的至少 {self.min_classes} 类"


class MinimumLengthValidator(django_rules.MinimumLengthValidator):
    def get_error_message(self) -> str:
        return f"密码太短，至少需要 {self.min_length} 个字符"

    def get_help_text(self) -> str:
        return f"密码至少 {self.min_length} 个字符"


class UserAttributeSimilarityValidator(django_rules.UserAttributeSimilarityValidator):
    # Django fills %(verbose_name)s with the field's (Chinese) verbose name: 用户名, 姓名.
    def get_error_message(self) -> str:
        return "密码与%(verbose_name)s太相似"

    def get_help_text(self) -> str:
        return "密码不能与用户名、姓名相似"


class CommonPasswordValidator(django_rules.CommonPasswordValidator):
    def get_error_message(self) -> str:
        return "这个密码太常见，容易被猜中"

    def get_help_text(self) -> str:
        return "不能使用常见密码"


class NumericPasswordValidator(django_rules.NumericPasswordValidator):
    def get_error_message(self) -> str:
        return "密码不能全是数字"

    def get_help_text(self) -> str:
        return "密码不能全是数字"
