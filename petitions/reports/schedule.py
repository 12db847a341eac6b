"""Which statistical periods a report line asks of units, and when each report is due.

Circular 01/2024/TT-TTCP (art. 3, 7) sets periodic reports for each quarter, six months,
nine months and the year, each closing on the 14th (Q1 15/12-14/3, 6 months 15/12-14/6,
9 months 15/12-14/9, the year 15/12-14/12; Q2-Q4 by the statistical forms only): they go to
the inspection line. Plan 09/KH-UBND
(2022) asks one annual report of the home affairs line (units by 30/11, the province by 10/12).
"""

from __future__ import annotations

from datetime import date, timedelta

from flask_babel import lazy_gettext as _l

from petitions.domain import periods
from petitions.domain.periods import Period, PeriodError
from petitions.reports.lines import HOME_AFFAIRS_LINE, Line, annual_period, period_options

ANNUAL = "Y"
# Lines not named here report yearly only.
LINE_PERIODS: dict[str, tuple[str, ...]] = {
    HOME_AFFAIRS_LINE: (ANNUAL,),
    "inspection": periods.STATISTICAL_PERIODS,
}
# Where the province's consolidated report goes: Plan 09/KH-UBND, the Ministry of Home Affairs
# (before 10/12); Circular 01/2024/TT-TTCP art. 7, the Government Inspectorate.
CONSOLIDATED_RECIPIENTS = {
    HOME_AFFAIRS_LINE: _l("Bộ Nội vụ"),
    "inspection": _l("Thanh tra Chính phủ"),
}

# As titles print them: "Báo cáo quý I năm 2026", "Báo cáo 6 tháng năm 2026".
PERIOD_NAMES = {
    "Q1": _l("quý I năm"),
    "Q2": _l("quý II năm"),
    "Q3": _l("quý III năm"),
    "Q4": _l("quý IV năm"),
    "H1": _l("6 tháng năm"),
    "9M": _l("9 tháng năm"),
    ANNUAL: _l("năm"),
}


def line_periods(line: Line) -> tuple[str, ...]:
    return LINE_PERIODS.get(line.code, (ANNUAL,))


def report_period(code: str, year: int) -> Period:
    """The days a report of `code` (Q1, H1, 9M, Y) for reporting year `year` covers."""
    if code == ANNUAL:
        return annual_period(year)
    return periods.statistical_period(code, year, **period_options())


def check_period(line: Line, code: str | None) -> str:
    """The period code when the line reports it; PeriodError otherwise."""
    code = (code or ANNUAL).strip().upper()
    if code not in line_periods(line):
        raise PeriodError(f"line {line.code} has no {code!r} report")
    return code


def _shifted(line_due: date, code: str, year: int) -> date:
    """A period report falls due as long after its closing day as the annual one does after
    the year's: the inspection line's 16 December (two days after 14/12) gives 16/3, 16/6,
    16/9. The annual report keeps the line's own date."""
    if code == ANNUAL:
        return line_due
    offset = line_due - annual_period(year).end
    return report_period(code, year).end + max(offset, timedelta(0))


def unit_due_on(line: Line, code: str, year: int) -> date:
    return _shifted(line.unit_due_on(year), code, year)


def consolidated_due_on(line: Line, code: str, year: int) -> date:
    return _shifted(line.consolidated_due_on(year), code, year)


def period_name(code: str) -> str:
    return str(PERIOD_NAMES.get(code, code))


def period_of(report) -> Period:
    """The period a report covers, with the name its documents print (from its stored days)."""
    named = report_period(report.period or ANNUAL, report.year)
    return Period(report.period_start, report.period_end, named.kind, named.year, named.number)


def consolidated_recipient(line: Line) -> str:
    """Who receives the province's consolidated report on the line ("" when not configured)."""
    return str(CONSOLIDATED_RECIPIENTS.get(line.code, ""))
