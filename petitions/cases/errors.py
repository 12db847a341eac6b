"""Refusals of a workflow step: the HTTP status, an error code and the fields at fault."""

from __future__ import annotations

from petitions.cases import labels
from petitions.domain.workflow import TransitionNotAllowed


class ActionError(Exception):
    """A step refused, with the HTTP status, error code and (for 422) the fields at fault."""

    def __init__(
        self,
        status: int,
        message: str,
        *,
        code: str | None = None,
        fields: dict[str, list[str]] | None = None,
    ):
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code
        self.fields = fields or {}


def invalid(field_name: str, message: str) -> ActionError:
    return ActionError(422, message, code="invalid", fields={field_name: [message]})


def not_allowed(error: TransitionNotAllowed) -> ActionError:
    return ActionError(409, error.message(labels.lang()), code=error.code)
