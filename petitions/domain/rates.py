"""The on-time rate, defined once: resolved on time / (resolved + open past due), by case."""

# The on-time rate, defined once (DOMAIN.md "Reporting", API.md): cases, not deadlines.
#
# on_time_rate = resolved on time / (resolved + still open past their deadline), over the cases
# of a scope and period; None when nothing was resolved and nothing is overdue. Every page,
# export and API prints this number (the reports' summary cell calls it), so one unit's rate is
# the same wherever it is read.

from __future__ import annotations

# Four decimals: 0.4286 prints as 42,86 %.
RATE_DIGITS = 4


def on_time_rate(resolved_on_time: int, resolved: int, open_overdue: int) -> float | None:
    """Resolved on time over resolved plus open past due; None when both are 0."""
    below = resolved + open_overdue
    if below <= 0:
        return None
    return round(resolved_on_time / below, RATE_DIGITS)
