"""The workflow's refusals at the boundary: the domain's TransitionNotAllowed as a Refused."""

from __future__ import annotations

from petitions.cases import labels
from petitions.domain.workflow import TransitionNotAllowed
from petitions.errors import Refused


def not_allowed(error: TransitionNotAllowed) -> Refused:
    return Refused(409, error.message(labels.lang()), code=error.code)
