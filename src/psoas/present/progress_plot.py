"""Progress chart: daily mean pain per region/side over time, with practice and visit markers.

matplotlib is imported here, lazily; the figure is drawn without pyplot (no global backend state).
Output is SVG or PNG.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

from psoas.errors import InputError

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
    from io import BytesIO

    from matplotlib.dates import AutoDateLocator, ConciseDateFormatter, date2num
    from matplotlib.figure import Figure

    figure = Figure(figsize=(9, 4.5), dpi=100)
    axes = figure.add_subplot()
    for series in data["series"]:
        xs = date2num([date.fromisoformat(d["date"]) for d in series["days"]])
        ys = [d["mean"] for d in series["days"]]
        label = series["region"].replace("_", " ")
        if series["side"] != "center":
            label += f" ({series['side']})"
        axes.plot(xs, ys, marker="o", markersize=3, linewidth=1.5, label=label)
    practice_days = date2num([date.fromisoformat(p["date"]) for p in data["practice"]])
    if len(practice_days):
        axes.plot(
            practice_days,
            [-0.4] * len(practice_days),
            "|",
            color="tab:green",
            markersize=10,
            label="practice",
        )
    for i, visit in enumerate(data["visits"]):
        axes.axvline(
            float(date2num(date.fromisoformat(visit["at"][:10]))),
            color="tab:purple",
            linestyle="--",
            linewidth=1,
            label="visit" if i == 0 else None,
        )
    axes.set_ylim(-0.8, 10.2)
    axes.set_ylabel("pain (NRS 0-10, daily mean)")
    axes.set_title("Pain over time")
    axes.grid(alpha=0.3)
    if data["series"] or practice_days or data["visits"]:
        axes.legend(loc="upper right", fontsize="small")
    locator = AutoDateLocator()
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(ConciseDateFormatter(locator))
    metadata = {"Date": None} if fmt == "svg" else {}
    buffer = BytesIO()
    figure.savefig(buffer, format=fmt, metadata=metadata)
    return buffer.getvalue()
