"""The progress chart: daily mean pain per region and side, practice and visit marks.

Input is :meth:`psoas.journal.service.Journal.progress` output (dates ``YYYY-MM-DD``, pain NRS 0–10).
:func:`chart_layout` decides what is drawn, once: the x axis is calendar days from the first to the last
date seen (at least a week), the y axis pain 0–10, each series labelled in the body map's words; practice
days are ticks under the axis and visits dashed vertical lines. :func:`render_progress_chart` draws it as
inline SVG (web page, documents), :func:`chart_document` as a standalone SVG file (``psoas progress --svg``)
and :mod:`psoas.present.progress_plot` as PNG from the same layout.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from functools import cache
from html import escape
from pathlib import Path
from typing import Any

from psoas.present.words import date_words, region_words

WIDTH = 420
HEIGHT = 300
LEFT, RIGHT, TOP, BOTTOM = 36, 14, 18, 66
SERIES_CLASSES = 8
MIN_SPAN_DAYS = 7
"""The x axis shows at least a week, ending on the last day logged."""
PAIN_TICKS = (0, 2, 4, 6, 8, 10)
TITLE = "Pain per region over time (0 = none, 10 = worst), with practice days"
EMPTY = "Nothing logged yet: log some pain in the diary and it will show here."
LEGEND_ROW = 22
APP_CSS = Path(__file__).resolve().parent.parent / "web" / "static" / "app.css"


@dataclass(frozen=True)
class Point:
    day: int
    date: str
    mean: float
    n: int


@dataclass(frozen=True)
class Series:
    region: str
    side: str
    label: str
    points: list[Point]


@dataclass(frozen=True)
class ChartLayout:
    """What the chart shows: days are proleptic ordinals, pain 0-10."""

    first: int
    last: int
    series: list[Series]
    practice: list[tuple[int, str]]
    visits: list[tuple[int, str]]
    day_ticks: list[int]

    @property
    def span(self) -> int:
        return self.last - self.first


def _day(text: str) -> int:
    return date.fromisoformat(text[:10]).toordinal()


def chart_layout(data: dict[str, Any]) -> ChartLayout | None:
    """The layout of ``data``; None when nothing has been logged."""
    series = [
        Series(
            s["region"],
            s["side"],
            region_words(s["region"], s["side"]),
            [
                Point(_day(d["date"]), date_words(d["date"]), float(d["mean"]), int(d["n"]))
                for d in s.get("days", [])
            ],
        )
        for s in data.get("series", [])
    ]
    practice = [
        (
            _day(p["date"]),
            f"practice {date_words(p['date'])}: {p['sessions']} session(s), {p['minutes']:g} min",
        )
        for p in data.get("practice", [])
    ]
    visits = [(_day(v["at"]), f"visit: {v['kind']}") for v in data.get("visits", [])]
    days = [p.day for s in series for p in s.points] + [d for d, _ in practice] + [d for d, _ in visits]
    if not days:
        return None
    last = max(days)
    first = min(min(days), last - MIN_SPAN_DAYS)
    return ChartLayout(first, last, series, practice, visits, sorted({first, last, (first + last) // 2}))


def render_progress_chart(data: dict[str, Any]) -> str:
    """The chart as inline SVG, or a short note when nothing has been logged yet."""
    layout = chart_layout(data)
    if layout is None:
        return f'<p class="empty">{EMPTY}</p>'
    return _svg(layout, HEIGHT, "")


def _svg(layout: ChartLayout, height: int, extra: str, head: str = "") -> str:
    plot_w = WIDTH - LEFT - RIGHT
    plot_h = HEIGHT - TOP - BOTTOM

    def x(day: int) -> float:
        return LEFT + plot_w * (day - layout.first) / layout.span

    def y(pain: float) -> float:
        return TOP + plot_h * (1 - pain / 10)

    parts = [
        f'<svg{head} class="chart" viewBox="0 0 {WIDTH} {height}" role="img" aria-labelledby="chart-title">'
        f'<title id="chart-title">{TITLE}</title>'
    ]
    parts += _axes(layout, x, y)
    for i, series in enumerate(layout.series):
        points = [(x(p.day), y(p.mean), p) for p in series.points]
        attrs = f'data-region="{series.region}" data-side="{series.side}"'
        parts.append(f'<g class="series s{i % SERIES_CLASSES}" {attrs}><title>{escape(series.label)}</title>')
        if len(points) > 1:
            parts.append(f'<polyline points="{" ".join(f"{px:.1f},{py:.1f}" for px, py, _ in points)}"/>')
        for px, py, p in points:
            tip = escape(f"{series.label}, {p.date}: {p.mean:g} (n = {p.n})")
            parts.append(f'<circle cx="{px:.1f}" cy="{py:.1f}" r="4"><title>{tip}</title></circle>')
        parts.append("</g>")
    for day, tip in layout.practice:
        parts.append(
            f'<rect class="practice-mark" x="{x(day) - 3:.1f}" y="{HEIGHT - BOTTOM + 6}" width="6" height="10">'
            f"<title>{escape(tip)}</title></rect>"
        )
    for day, tip in layout.visits:
        px = x(day)
        parts.append(
            f'<line class="visit-mark" x1="{px:.1f}" y1="{TOP}" x2="{px:.1f}" y2="{HEIGHT - BOTTOM}">'
            f"<title>{escape(tip)}</title></line>"
        )
    parts += [extra, "</svg>"]
    return "".join(parts)


def _axes(layout: ChartLayout, x: Any, y: Any) -> list[str]:
    parts = ['<g class="axes">']
    for pain in PAIN_TICKS:
        parts.append(
            f'<line class="grid" x1="{LEFT}" y1="{y(pain):.1f}" x2="{WIDTH - RIGHT}" y2="{y(pain):.1f}"/>'
            f'<text x="{LEFT - 6}" y="{y(pain) + 6:.1f}" text-anchor="end">{pain}</text>'
        )
    for day in layout.day_ticks:
        # end labels hang inwards so the first and last dates stay inside the picture
        anchor = "start" if day == layout.first else "end" if day == layout.last else "middle"
        parts.append(
            f'<text x="{x(day):.1f}" y="{HEIGHT - BOTTOM + 36}" text-anchor="{anchor}">'
            f"{date_words(date.fromordinal(day))}</text>"
        )
    parts.append(f'<text x="{LEFT}" y="{HEIGHT - 4}" class="small">practice days ▮ · visits ┆</text></g>')
    return parts


def chart_document(data: dict[str, Any]) -> str:
    """The same chart as a standalone SVG file: the web's chart styles inlined and a legend under it."""
    layout = chart_layout(data)
    if layout is None:
        layout = ChartLayout(
            date.today().toordinal() - MIN_SPAN_DAYS, date.today().toordinal(), [], [], [], []
        )
    legend = [
        f'<g class="legend s{i % SERIES_CLASSES}" transform="translate({LEFT},{HEIGHT + 4 + i * LEGEND_ROW})">'
        f'<rect width="14" height="14"/><text x="20" y="12">{escape(s.label)}</text></g>'
        for i, s in enumerate(layout.series)
    ]
    if not layout.series:
        legend.append(f'<text x="{LEFT}" y="{HEIGHT + 16}">{escape(EMPTY)}</text>')
    height = HEIGHT + 8 + LEGEND_ROW * max(1, len(layout.series))
    style = f"<style>svg {{ background: #fff; }} {_chart_css()} .legend text {{ stroke: none; }}</style>"
    head = ' xmlns="http://www.w3.org/2000/svg" width="720" height="' + f'{round(720 * height / WIDTH)}"'
    body = _svg(layout, height, "".join(legend), head)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + body.replace("</title>", "</title>" + style, 1) + "\n"


@cache
def series_colours() -> tuple[str, ...]:
    """The colours of the series classes ``s0``… in the web stylesheet (the PNG draws with the same ones)."""
    found = dict(re.findall(r"^\.s(\d) \{ stroke: (#[0-9a-fA-F]{6});", _css(), re.M))
    return tuple(found[str(i)] for i in range(SERIES_CLASSES))


@cache
def mark_colours() -> dict[str, str]:
    """The practice and visit mark colours of the standalone chart (its inlined styles)."""
    css = _chart_css()
    practice = re.search(r"\.practice-mark \{ fill: (#[0-9a-fA-F]+)", css)
    visit = re.search(r"\.visit-mark \{ stroke: (#[0-9a-fA-F]+)", css)
    return {"practice": practice[1] if practice else "green", "visit": visit[1] if visit else "purple"}


@cache
def _css() -> str:
    return APP_CSS.read_text(encoding="utf-8")


@cache
def _chart_css() -> str:
    """The chart's rules of the web stylesheet (outside media queries), with its colour variables filled in."""
    css = _css()
    variables = dict(re.findall(r"--([\w-]+):\s*([^;]+);", css.split("}", 1)[0]))
    rules, depth = [], 0
    for line in css.splitlines():
        if depth == 0 and re.match(r"(\.chart\b|\.s[0-7] )[^{]*\{[^}]*\}\s*$", line):
            rules.append(line.strip())
        depth += line.count("{") - line.count("}")
    text = " ".join(rules)
    return re.sub(r"var\(--([\w-]+)\)", lambda m: variables.get(m.group(1), m.group(0)), text)
