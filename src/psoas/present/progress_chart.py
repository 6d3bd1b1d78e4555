"""The progress chart as inline SVG: daily mean pain per region and side, practice and visit marks.

Input is :meth:`psoas.journal.service.Journal.progress` output (dates ``YYYY-MM-DD``, pain NRS 0–10).
Axes: x is calendar days from the first to the last date seen (at least a week); y is
pain 0–10. Practice days are ticks under the axis; visits are dashed vertical lines.
"""

from __future__ import annotations

from datetime import date
from html import escape
from typing import Any

from psoas.draw.bodymap import region_label

WIDTH = 420
HEIGHT = 300
LEFT, RIGHT, TOP, BOTTOM = 36, 14, 18, 66
SERIES_CLASSES = 8
MIN_SPAN_DAYS = 7
"""The x axis shows at least a week, ending on the last day logged."""


def _day(text: str) -> int:
    return date.fromisoformat(text[:10]).toordinal()


def _all_days(data: dict[str, Any]) -> list[int]:
    days = [_day(d["date"]) for s in data.get("series", []) for d in s.get("days", [])]
    days += [_day(p["date"]) for p in data.get("practice", [])]
    days += [_day(v["at"]) for v in data.get("visits", [])]
    return days


def render_progress_chart(data: dict[str, Any]) -> str:
    """The chart, or a short note when nothing has been logged yet."""
    days = _all_days(data)
    if not days:
        return '<p class="empty">Nothing logged yet: log some pain in the diary and it will show here.</p>'
    last = max(days)
    first = min(min(days), last - MIN_SPAN_DAYS)
    span = last - first
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM

    def x(day: int) -> float:
        return LEFT + plot_w * (day - first) / span

    def y(pain: float) -> float:
        return TOP + plot_h * (1 - pain / 10)

    parts = [
        f'<svg class="chart" viewBox="0 0 {WIDTH} {HEIGHT}" role="img" aria-labelledby="chart-title">'
        '<title id="chart-title">Pain per region over time (0 = none, 10 = worst), with practice days</title>'
    ]
    parts += _axes(first, last, x, y)
    for i, series in enumerate(data.get("series", [])):
        label = region_label(series["region"], series["side"])
        points = [(x(_day(d["date"])), y(float(d["mean"])), d) for d in series.get("days", [])]
        cls = f"series s{i % SERIES_CLASSES}"
        attrs = f'data-region="{series["region"]}" data-side="{series["side"]}"'
        parts.append(f'<g class="{cls}" {attrs}><title>{escape(label)}</title>')
        if len(points) > 1:
            line = " ".join(f"{px:.1f},{py:.1f}" for px, py, _ in points)
            parts.append(f'<polyline points="{line}"/>')
        for px, py, d in points:
            tip = escape(f"{label}, {d['date']}: {d['mean']:g} (n = {d['n']})")
            parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4"><title>{tip}</title></circle>')
        parts.append("</g>")
    for p in data.get("practice", []):
        px = x(_day(p["date"]))
        tip = escape(f"practice {p['date']}: {p['sessions']} session(s), {p['minutes']:g} min")
        parts.append(
            f'<rect class="practice-mark" x="{px - 3:.1f}" y="{HEIGHT - BOTTOM + 6}" width="6" height="10">'
            f"<title>{tip}</title></rect>"
        )
    for v in data.get("visits", []):
        px = x(_day(v["at"]))
        parts.append(
            f'<line class="visit-mark" x1="{px:.1f}" y1="{TOP}" x2="{px:.1f}" y2="{HEIGHT - BOTTOM}">'
            f"<title>{escape('visit: ' + str(v['kind']))}</title></line>"
        )
    parts.append("</svg>")
    return "".join(parts)


def _axes(first: int, last: int, x: Any, y: Any) -> list[str]:
    parts = ['<g class="axes">']
    for pain in (0, 2, 4, 6, 8, 10):
        parts.append(
            f'<line class="grid" x1="{LEFT}" y1="{y(pain):.1f}" x2="{WIDTH - RIGHT}" y2="{y(pain):.1f}"/>'
            f'<text x="{LEFT - 6}" y="{y(pain) + 6:.1f}" text-anchor="end">{pain}</text>'
        )
    for day in sorted({first, last, (first + last) // 2}):
        # end labels hang inwards so the first and last dates stay inside the picture
        anchor = "start" if day == first else "end" if day == last else "middle"
        parts.append(
            f'<text x="{x(day):.1f}" y="{HEIGHT - BOTTOM + 36}" text-anchor="{anchor}">'
            f"{date.fromordinal(day).isoformat()}</text>"
        )
    parts.append(f'<text x="{LEFT}" y="{HEIGHT - 4}" class="small">practice days ▮ · visits ┆</text></g>')
    return parts
