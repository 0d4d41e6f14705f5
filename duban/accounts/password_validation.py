"""The 等保 password rule Django lacks: at least three of four character classes."""

from __future__ import annotations

import string
from collections.abc import Callable
from typing import Any

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
