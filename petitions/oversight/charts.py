"""Charts drawn on the server as inline SVG: no script, no CDN, and they print as they look.

Each function turns numbers into shapes (coordinates in the SVG's own units); the template
draws them and repeats the numbers in a table for screen readers and for the printout.
"""

from dataclasses import dataclass, field

from flask_babel import format_percent

from petitions.oversight.dashboard import MonthPoint, OnTimeRow


@dataclass
class Bar:
    x: float
    y: float
    width: float
    height: float
    css: str
    title: str
    label: str = ""


@dataclass
class Chart:
    width: int
    height: int
    bars: list[Bar] = field(default_factory=list)
    # (x, y, text, css) labels along the axes.
    labels: list[tuple[float, float, str, str]] = field(default_factory=list)
    # (y, text) horizontal grid lines with their value.
    grid: list[tuple[float, str]] = field(default_factory=list)
    empty: bool = False


def _nice_ceiling(value: int) -> int:
    """A round axis maximum at or above value whose quarters are whole numbers."""
    magnitude = 1
    while True:
        for step in (4, 8, 12, 16, 20, 40, 60, 80):
            if step * magnitude >= value:
                return step * magnitude
        magnitude *= 10


def trend(points: list[MonthPoint]) -> Chart:
    """Paired columns per month: received and resolved."""
    width, height = 720, 260
    left, bottom, top = 40, 40, 16
    plot_height = height - bottom - top
    slot = (width - left - 8) / max(len(points), 1)
    bar_width = max(slot * 0.36, 2)
    top_value = _nice_ceiling(max([max(p.received, p.resolved) for p in points] or [0]))
    chart = Chart(width, height, empty=not any(p.received or p.resolved for p in points))
    for i in range(5):
        value = top_value * i / 4
        y = top + plot_height - plot_height * i / 4
        chart.grid.append((round(y, 1), f"{value:.0f}"))
    for index, point in enumerate(points):
        x0 = left + slot * index + slot * 0.12
        for offset, value, css, name in (
            (0, point.received, "received", "received"),
            (bar_width, point.resolved, "resolved", "resolved"),
        ):
            h = plot_height * value / top_value
            chart.bars.append(
                Bar(
                    x=round(x0 + offset, 1),
                    y=round(top + plot_height - h, 1),
                    width=round(bar_width, 1),
                    height=round(h, 1),
                    css=css,
                    title=f"{point.month:%m/%Y} {name}: {value}",
                )
            )
        chart.labels.append(
            (round(x0 + bar_width, 1), height - bottom + 16, f"{point.month:%m/%y}", "month")
        )
    return chart


def on_time(rows: list[OnTimeRow]) -> Chart:
    """One horizontal bar per unit: the on-time rate of the reports (cases resolved on time
    over cases resolved or open past due), printed as the reports print it."""
    row_height, left, width = 30, 200, 640
    height = max(row_height * len(rows) + 30, 60)
    chart = Chart(width, height, empty=not rows)
    span = width - left - 80
    for i in range(0, 101, 25):
        chart.grid.append((round(left + span * i / 100, 1), f"{i}%"))
    for index, row in enumerate(rows):
        y = 10 + index * row_height
        rate = row.rate or 0
        css = "good" if rate >= 0.9 else "fair" if rate >= 0.7 else "poor"
        text = percent_text(row.rate)
        chart.bars.append(
            Bar(
                x=left,
                y=y,
                width=round(span * rate, 1),
                height=row_height - 8,
                css=css,
                title=f"{row.unit.name}: {text} "
                f"({row.resolved_on_time}/{row.resolved + row.open_overdue})",
                label=text,
            )
        )
        name = row.unit.name if len(row.unit.name) <= 24 else row.unit.name[:23] + "…"
        chart.labels.append((left - 6, y + row_height / 2, name, "unit"))
    return chart


def percent_text(rate: float | None) -> str:
    """A rate as the reports' pages print it (the `percent` filter): 42,86 %, or "—"."""
    if rate is None:
        return "—"
    return format_percent(rate, format="#,##0.00%")
