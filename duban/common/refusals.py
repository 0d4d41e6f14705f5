"""The one error for an action the rules do not allow.

Services raise ``Refused`` with a message in the office's words ("该轮次已结束，不能再提交");
views show the message next to the form (it is a ValidationError, so a form's
error handling shows it too). Workflow transitions raise its subclass
``TransitionRefused`` (duban/reporting/services/transitions.py), which may carry more.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError


class Refused(ValidationError):
    """An action the rules do not allow; str(error) is the Chinese message for the user."""
