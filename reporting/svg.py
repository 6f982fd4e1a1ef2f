"""Charts drawn on the server as SVG: the same markup in the browser and in the PDF (WeasyPrint).

Accessible by construction: `role="img"` with a <title> and a <desc> that say what the chart
shows; the page puts the data table beside every chart. Colours are presentation attributes
(no inline style: the Content-Security-Policy forbids it). A hidden (protected) value is a gap
in the line or a bar left out, marked "x", never drawn at its true height.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

INK, BRAND, TARGET, GRID, MUTED = "#1b1f24", "#1f4e79", "#a4262c", "#c9d1db", "#4a5563"
FONT = 'font-family="DejaVu Sans, Arial, sans-serif"'


def _nice_max(value: float) -> float:
    if value <= 0:
        return 5
    for step in (5, 10, 20, 25, 50, 100, 200, 250, 500, 1000, 2000, 5000):
        if value <= step:
            return step
    return value * 1.1


def _head(chart_id: str, width: int, height: int, title: str, desc: str) -> list[str]:
    return [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart" role="img" viewBox="0 0 {width} {height}" '
        f'width="100%" preserveAspectRatio="xMinYMin meet" aria-labelledby="{chart_id}-title {chart_id}-desc">',
        f'<title id="{chart_id}-title">{escape(title)}</title>',
        f'<desc id="{chart_id}-desc">{escape(desc)}</desc>',
    ]


def line_chart(
    *, chart_id: str, title: str, desc: str, points: Sequence[tuple[str, float | None]],
    target: Sequence[float | None] = (), value_label: str = "", target_label: str = "",
) -> SafeString:
    """A line with a dot per point and, when given, the target as a dashed step line."""
    width, height, left, right, top, bottom = 640, 260, 44, 16, 28, 44
    values = [v for _, v in points if v is not None] + [t for t in target if t is not None]
    top_value = _nice_max(max(values, default=0))
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(len(points), 1)
    step = plot_w / max(n - 1, 1)

    def x(i: int) -> float:
        return left + (i * step if n > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top + plot_h - (v / top_value) * plot_h

    out = _head(chart_id, width, height, title, desc)
    for i in range(5):
        tick = top_value * i / 4
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="{GRID}" stroke-width="1"/>')
        out.append(f'<text x="{left - 6}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="11" fill="{MUTED}" {FONT}>{tick:g}</text>')
    for i, (label, _value) in enumerate(points):
        out.append(f'<text x="{x(i):.1f}" y="{height - bottom + 16}" text-anchor="middle" font-size="10" '
                   f'fill="{MUTED}" {FONT}>{escape(label)}</text>')
    if path := _target_path(target, x, y, step, n):
        out.append(f'<path d="{path}" fill="none" stroke="{TARGET}" stroke-width="2" stroke-dasharray="6 4"/>')
    segments, current = [], []
    for i, (_label, v) in enumerate(points):
        if v is None:
            if current:
                segments.append(current)
            current = []
            out.append(f'<text x="{x(i):.1f}" y="{top + plot_h - 4}" text-anchor="middle" font-size="11" fill="{MUTED}" {FONT}>x</text>')
            continue
        current.append((x(i), y(v)))
    if current:
        segments.append(current)
    for segment in segments:
        d = " ".join(f"{'M' if j == 0 else 'L'}{px:.1f},{py:.1f}" for j, (px, py) in enumerate(segment))
        out.append(f'<path d="{d}" fill="none" stroke="{BRAND}" stroke-width="2.5"/>')
        out.extend(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="3.5" fill="{BRAND}"/>' for px, py in segment)
    legend_y = 14
    out.append(f'<line x1="{left}" x2="{left + 24}" y1="{legend_y - 4}" y2="{legend_y - 4}" stroke="{BRAND}" stroke-width="2.5"/>')
    out.append(f'<text x="{left + 30}" y="{legend_y}" font-size="12" fill="{INK}" {FONT}>{escape(value_label)}</text>')
    if target_label:
        tx = left + 40 + 8 * len(value_label)
        out.append(f'<line x1="{tx}" x2="{tx + 24}" y1="{legend_y - 4}" y2="{legend_y - 4}" stroke="{TARGET}" '
                   'stroke-width="2" stroke-dasharray="6 4"/>')
        out.append(f'<text x="{tx + 30}" y="{legend_y}" font-size="12" fill="{INK}" {FONT}>{escape(target_label)}</text>')
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308  (every text above is escaped)


def bar_chart(*, chart_id: str, title: str, desc: str, bars: Sequence[tuple[str, float | None]]) -> SafeString:
    """Horizontal bars, one per step, with the value at the end ("x" and no bar when hidden)."""
    row, left, right, top = 34, 190, 60, 8
    width = 640
    height = top * 2 + row * max(len(bars), 1)
    top_value = _nice_max(max((v for _, v in bars if v is not None), default=0))
    plot_w = width - left - right
    out = _head(chart_id, width, height, title, desc)
    for i, (label, v) in enumerate(bars):
        y0 = top + i * row
        out.append(f'<text x="{left - 8}" y="{y0 + row / 2 + 4:.1f}" text-anchor="end" font-size="12" '
                   f'fill="{INK}" {FONT}>{escape(label)}</text>')
        if v is None:
            out.append(f'<text x="{left + 4}" y="{y0 + row / 2 + 4:.1f}" font-size="12" fill="{MUTED}" {FONT}>x</text>')
            continue
        w = plot_w * v / top_value if top_value else 0
        out.append(f'<rect x="{left}" y="{y0 + 6}" width="{w:.1f}" height="{row - 12}" fill="{BRAND}"/>')
        out.append(f'<text x="{left + w + 6:.1f}" y="{y0 + row / 2 + 4:.1f}" font-size="12" fill="{INK}" {FONT}>{v:g}</text>')
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308


def small_line_chart(
    *, chart_id: str, title: str, desc: str, points: Sequence[tuple[str, float | None]],
    hidden: Sequence[bool] = (), target: Sequence[float | None] = (),
) -> SafeString:
    """A small multiple: one unit's line against its target (dashed), on a scale of its own.

    A point without a value is a gap; where `hidden` says so it is marked "x" (a protected figure),
    else left blank (no figure, e.g. a month not closed). Only the first and last labels are
    written; the page puts the figures in a table beside the chart."""
    width, height, left, right, top, bottom = 320, 150, 34, 10, 10, 24
    values = [v for _, v in points if v is not None] + [t for t in target if t is not None]
    top_value = _nice_max(max(values, default=0))
    plot_w, plot_h = width - left - right, height - top - bottom
    n = max(len(points), 1)
    step = plot_w / max(n - 1, 1)
    hidden = list(hidden) + [False] * (len(points) - len(hidden))

    def x(i: int) -> float:
        return left + (i * step if n > 1 else plot_w / 2)

    def y(v: float) -> float:
        return top + plot_h - (v / top_value) * plot_h

    out = _head(chart_id, width, height, title, desc)
    for tick in (0, top_value / 2, top_value):
        out.append(f'<line x1="{left}" x2="{width - right}" y1="{y(tick):.1f}" y2="{y(tick):.1f}" stroke="{GRID}" stroke-width="1"/>')
        out.append(f'<text x="{left - 5}" y="{y(tick) + 4:.1f}" text-anchor="end" font-size="11" fill="{MUTED}" {FONT}>{tick:g}</text>')
    for i in sorted({0, len(points) - 1}) if points else ():
        anchor = "start" if i == 0 and n > 1 else "end" if n > 1 else "middle"
        out.append(f'<text x="{x(i):.1f}" y="{height - 6}" text-anchor="{anchor}" font-size="11" fill="{MUTED}" {FONT}>'
                   f'{escape(points[i][0])}</text>')
    if path := _target_path(target, x, y, step, n):
        out.append(f'<path d="{path}" fill="none" stroke="{TARGET}" stroke-width="2" stroke-dasharray="5 3"/>')
    segments, current = [], []
    for i, (_label, v) in enumerate(points):
        if v is None:
            if current:
                segments.append(current)
            current = []
            if hidden[i]:
                out.append(f'<text x="{x(i):.1f}" y="{top + plot_h - 3}" text-anchor="middle" font-size="11" '
                           f'fill="{MUTED}" {FONT}>x</text>')
            continue
        current.append((x(i), y(v)))
    if current:
        segments.append(current)
    for segment in segments:
        d = " ".join(f"{'M' if j == 0 else 'L'}{px:.1f},{py:.1f}" for j, (px, py) in enumerate(segment))
        out.append(f'<path d="{d}" fill="none" stroke="{BRAND}" stroke-width="2"/>')
        out.extend(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="2.5" fill="{BRAND}"/>' for px, py in segment)
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308  (every text above is escaped)


def _target_path(target, x, y, step: float, n: int) -> str:
    """The target as steps: a level line across each month's width, joined where months follow
    each other, broken where a month has no target ("" when none has)."""
    path, previous = [], None
    for i, t in enumerate(target):
        if t is None:
            previous = None
            continue
        x0 = x(i) - (step / 2 if i > 0 and n > 1 else 0)
        x1 = x(i) + (step / 2 if i < n - 1 and n > 1 else 0)
        path.append(f"{'L' if previous is not None else 'M'}{x0:.1f},{y(t):.1f} L{x1:.1f},{y(t):.1f}")
        previous = t
    return " ".join(path)
