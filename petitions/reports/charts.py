"""Bar charts without a plotting library: geometry for inline SVG and a tiny PNG writer for docx.

The PNG carries only bars and their numbers (a 5x7 digit font drawn pixel by pixel); the
labels are printed beside it in the document as a numbered legend, so no font files and no
matplotlib are needed on the server.
"""

from __future__ import annotations

import struct
import zlib
from dataclasses import dataclass

# Colours with AA contrast against white, one per bar in order.
PALETTE = ("#0b5cad", "#1d6b35", "#6b4100", "#145226", "#a50e23", "#7d0a1a", "#4b1d7a")

# 5x7 glyphs, one string of five bits per row.
_GLYPHS = {
    "0": ("01110", "10001", "10011", "10101", "11001", "10001", "01110"),
    "1": ("00100", "01100", "00100", "00100", "00100", "00100", "01110"),
    "2": ("01110", "10001", "00001", "00010", "00100", "01000", "11111"),
    "3": ("11110", "00001", "00001", "01110", "00001", "00001", "11110"),
    "4": ("00010", "00110", "01010", "10010", "11111", "00010", "00010"),
    "5": ("11111", "10000", "11110", "00001", "00001", "10001", "01110"),
    "6": ("00110", "01000", "10000", "11110", "10001", "10001", "01110"),
    "7": ("11111", "00001", "00010", "00100", "01000", "01000", "01000"),
    "8": ("01110", "10001", "10001", "01110", "10001", "10001", "01110"),
    "9": ("01110", "10001", "10001", "01111", "00001", "00010", "01100"),
    ".": ("00000", "00000", "00000", "00000", "00000", "01100", "01100"),
    "%": ("11000", "11001", "00010", "00100", "01000", "10011", "00011"),
}


@dataclass(frozen=True)
class Bar:
    number: int  # 1-based position, printed under the bar and in the legend
    label: str
    value: int
    colour: str
    x: float
    y: float
    width: float
    height: float


def layout(
    items: list[tuple[str, int]], *, width: float = 600, height: float = 260, margin: float = 30
) -> list[Bar]:
    """Bars side by side, scaled to the largest value, in a width x height box."""
    if not items:
        return []
    top = max(max(value for _label, value in items), 1)
    slot = (width - 2 * margin) / len(items)
    bar_width = slot * 0.6
    usable = height - 2 * margin
    bars = []
    for index, (label, value) in enumerate(items):
        bar_height = usable * max(value, 0) / top
        bars.append(
            Bar(
                number=index + 1,
                label=label,
                value=value,
                colour=PALETTE[index % len(PALETTE)],
                x=round(margin + index * slot + (slot - bar_width) / 2, 1),
                y=round(height - margin - bar_height, 1),
                width=round(bar_width, 1),
                height=round(bar_height, 1),
            )
        )
    return bars


def _rgb(colour: str) -> tuple[int, int, int]:
    colour = colour.lstrip("#")
    return int(colour[0:2], 16), int(colour[2:4], 16), int(colour[4:6], 16)


class _Canvas:
    def __init__(self, width: int, height: int):
        self.width, self.height = width, height
        self.pixels = bytearray(b"\xff" * (width * height * 3))

    def rect(self, x0: int, y0: int, x1: int, y1: int, colour: tuple[int, int, int]) -> None:
        x0, x1 = max(0, x0), min(self.width, x1)
        y0, y1 = max(0, y0), min(self.height, y1)
        if x0 >= x1:
            return
        row = bytes(colour) * (x1 - x0)
        for y in range(y0, y1):
            start = (y * self.width + x0) * 3
            self.pixels[start : start + len(row)] = row

    def text(self, x: int, y: int, text: str, colour, scale: int = 2) -> None:
        for offset, char in enumerate(text):
            glyph = _GLYPHS.get(char)
            if glyph is None:
                continue
            left = x + offset * 6 * scale
            for row_index, bits in enumerate(glyph):
                for col_index, bit in enumerate(bits):
                    if bit == "1":
                        px, py = left + col_index * scale, y + row_index * scale
                        self.rect(px, py, px + scale, py + scale, colour)

    def png(self) -> bytes:
        raw = b"".join(
            b"\x00" + bytes(self.pixels[y * self.width * 3 : (y + 1) * self.width * 3])
            for y in range(self.height)
        )

        def chunk(kind: bytes, data: bytes) -> bytes:
            body = kind + data
            return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

        header = struct.pack(">IIBBBBB", self.width, self.height, 8, 2, 0, 0, 0)
        return (
            b"\x89PNG\r\n\x1a\n"
            + chunk(b"IHDR", header)
            + chunk(b"IDAT", zlib.compress(raw, 9))
            + chunk(b"IEND", b"")
        )


def text_width(text: str, scale: int = 2) -> int:
    return len(text) * 6 * scale - scale


def bar_chart_png(items: list[tuple[str, int]], *, width: int = 640, height: int = 300) -> bytes:
    """A PNG bar chart: each bar with its value above and its number below."""
    canvas = _Canvas(width, height)
    ink = (27, 31, 36)
    bars = layout(items, width=width, height=height, margin=36)
    baseline = height - 36
    canvas.rect(24, baseline, width - 24, baseline + 2, ink)
    for bar in bars:
        x, y = int(bar.x), int(bar.y)
        canvas.rect(x, y, x + int(bar.width), baseline, _rgb(bar.colour))
        value = str(bar.value)
        centre = x + int(bar.width) // 2
        canvas.text(centre - text_width(value) // 2, max(2, y - 18), value, ink)
        number = str(bar.number)
        canvas.text(centre - text_width(number) // 2, baseline + 8, number, ink)
    return canvas.png()
