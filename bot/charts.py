"""The digest chart, drawn offline with matplotlib: cases and promise-kept rate over 8 weeks,
and this week's cases by category. A pure function of the digest: data in, PNG bytes out.

matplotlib is imported when the first chart is drawn, not when the server starts: it is a third
of an idle server's memory, and most processes (a replica answering clicks) never draw one. The
Figure API (no pyplot) keeps no global figures, so charts drawn in threads can't mix.
"""

from __future__ import annotations

import io
from typing import TYPE_CHECKING

from commands.digest_composition import Digest

if TYPE_CHECKING:
    from matplotlib.axes import Axes

CASES_COLOUR = "#7a1f1f"
KEPT_COLOUR = "#2e7d32"


def digest_chart(digest: Digest) -> bytes:
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure

    figure = Figure(figsize=(10, 3.6), dpi=100)
    FigureCanvasAgg(figure)  # render to memory only: no display
    trend, categories = figure.subplots(1, 2)
    _draw_trend(trend, digest)
    _draw_categories(categories, digest)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png")
    return buffer.getvalue()


def _draw_trend(axes: Axes, digest: Digest) -> None:
    labels = [week.start.strftime("%d %b") for week in digest.trend]
    axes.bar(labels, [week.cases for week in digest.trend], color=CASES_COLOUR)
    axes.set_title("Cases logged and promises kept on time, 8 weeks")
    axes.set_ylabel("cases")
    axes.tick_params(axis="x", labelrotation=45, labelsize=8)
    rate = axes.twinx()
    rates = [100 * w.kept_on_time / w.due if w.due else None for w in digest.trend]
    points = [(label, r) for label, r in zip(labels, rates, strict=True) if r is not None]
    if points:
        rate.plot([p[0] for p in points], [p[1] for p in points], color=KEPT_COLOUR, marker="o")
    rate.set_ylim(0, 105)
    rate.set_ylabel("% kept on time")


def _draw_categories(axes: Axes, digest: Digest) -> None:
    counts = list(digest.numbers.by_category)
    axes.set_title("This week by category")
    if not counts:
        axes.text(0.5, 0.5, "No cases logged", ha="center", va="center")
        axes.set_axis_off()
        return
    axes.barh([name[:30] for name, _ in counts][::-1], [n for _, n in counts][::-1],
              color=CASES_COLOUR)
