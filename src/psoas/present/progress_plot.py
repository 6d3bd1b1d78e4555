"""Progress chart files: SVG is the web page's chart (:func:`psoas.present.progress_chart.chart_document`);
PNG draws the same :class:`~psoas.present.progress_chart.ChartLayout` (same days, series, labels, marks)
with matplotlib, imported lazily and without pyplot (no global backend state).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from psoas.errors import InputError
from psoas.present.progress_chart import (
    EMPTY,
    PAIN_TICKS,
    TITLE,
    ChartLayout,
    chart_document,
    chart_layout,
    mark_colours,
    series_colours,
)
from psoas.present.words import date_words

FORMATS = ("svg", "png")


def write_chart(data: dict[str, Any], path: Path, fmt: str) -> Path:
    """Draw ``data`` (from ``Journal.progress``) into ``path`` as ``fmt``; returns the path."""
    content = render_chart(data, fmt)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(content)
    return path


def render_chart(data: dict[str, Any], fmt: str) -> bytes:
    """The chart of ``data`` (from ``Journal.progress``) as SVG or PNG bytes."""
    if fmt not in FORMATS:
        raise InputError("format", f"unknown chart format {fmt!r}", FORMATS)
    if fmt == "svg":
        return chart_document(data).encode("utf-8")
    return _png(chart_layout(data))


def _png(layout: ChartLayout | None) -> bytes:
    from io import BytesIO

    from matplotlib.figure import Figure

    figure = Figure(figsize=(9, 4.5), dpi=100)
    axes = figure.add_subplot()
    axes.set_title(TITLE, fontsize="medium")
    axes.set_ylim(-0.8, 10.2)
    axes.set_yticks(list(PAIN_TICKS))
    axes.grid(alpha=0.3)
    if layout is None:
        axes.text(0.5, 0.5, EMPTY, ha="center", transform=axes.transAxes)
    else:
        _draw(axes, layout)
    buffer = BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _draw(axes: Any, layout: ChartLayout) -> None:
    colours, marks = series_colours(), mark_colours()
    for i, series in enumerate(layout.series):
        xs = [p.day for p in series.points]
        ys = [p.mean for p in series.points]
        colour = colours[i % len(colours)]
        axes.plot(xs, ys, marker="o", markersize=4, linewidth=2, color=colour, label=series.label)
    if layout.practice:
        days = [day for day, _ in layout.practice]
        axes.plot(
            days, [-0.4] * len(days), "|", color=marks["practice"], markersize=10, label="practice days"
        )
    for i, (day, _tip) in enumerate(layout.visits):
        axes.axvline(
            day, color=marks["visit"], linestyle="--", linewidth=1, label="visits" if i == 0 else None
        )
    axes.set_xlim(layout.first, layout.last)
    axes.set_xticks(layout.day_ticks, [date_words(date.fromordinal(d)) for d in layout.day_ticks])
    axes.legend(loc="upper right", fontsize="small")
