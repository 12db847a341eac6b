"""File sizes as people read them: 512 bytes, 3,4 KB, 1,2 MB (in the user's language)."""

from flask_babel import format_decimal, ngettext


def file_size(size: int | None) -> str:
    """Bytes under 1 KB (never "0 KB"), one decimal below 10 KB or MB, whole numbers above."""
    if size is None or size < 0:
        return ""
    if size < 1024:
        return ngettext("%(num)d byte", "%(num)d byte", size)
    for unit, scale in (("KB", 1024), ("MB", 1024 * 1024)):
        value = size / scale
        if value < 1024 or unit == "MB":
            shown = round(value, 1) if value < 10 else round(value)
            number = format_decimal(shown, format="#,##0.#" if value < 10 else "#,##0")
            return f"{number} {unit}"
    return ""  # pragma: no cover - the loop always returns
