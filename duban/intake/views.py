"""What every import view says when a batch is confirmed or discarded, said in one place."""

from __future__ import annotations

from collections.abc import Callable
from typing import TypeVar

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from duban.accounts.models import User
from duban.intake.models import IntakeBatch
from duban.intake.services import intake_discard

T = TypeVar("T")


def confirm_or_say_why(request: HttpRequest, confirm: Callable[[], T]) -> T | None:
    """What confirming stored, or None after telling the office that nothing was."""
    try:
        return confirm()
    except ValidationError as error:
        messages.error(request, "导入失败，未保存任何内容：" + "；".join(error.messages))
        return None


def discard_and_say_so(request: HttpRequest, *, actor: User, batch: IntakeBatch) -> None:
    """Discard a batch and tell the office, or tell it why not (it was imported or discarded)."""
    try:
        intake_discard(actor=actor, batch=batch)
    except ValidationError as error:
        messages.error(request, "；".join(error.messages))
    else:
        messages.info(request, f"已放弃导入“{batch.file_name}”")
