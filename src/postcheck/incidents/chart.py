"""A bar chart of incidents per quarter, stacked by family, with the target as a line.

matplotlib is optional (the ``charts`` extra): linting posts must not pull in a plotting
stack, so it is imported only when a chart is asked for.
"""

from __future__ import annotations

import shlex
import sys
from pathlib import Path

from postcheck.findings import FAMILIES
from postcheck.incidents.summary import Summary

FORMATS = (".png", ".svg")
MATPLOTLIB = "matplotlib>=3.7"


class ChartError(Exception):
    """The chart cannot be drawn (missing matplotlib, unknown file type, unwritable file)."""


def draw(summary: Summary, path: Path) -> None:
    """Write the chart to ``path`` (``.png`` or ``.svg``)."""
    if path.suffix.lower() not in FORMATS:
        raise ChartError(f"{path}: the chart must be a .png or .svg file")
    pyplot = _pyplot()
    labels = [q.quarter.label for q in summary.quarters]
    figure, axes = pyplot.subplots(figsize=(max(6.0, 0.9 * len(labels) + 2), 4.0), dpi=100)
    try:
        bottoms = [0] * len(labels)
        for family in FAMILIES:
            counts = [q.by["family"].get(family, 0) for q in summary.quarters]
            if any(counts):
                axes.bar(labels, counts, bottom=bottoms, label=family)
                bottoms = [b + c for b, c in zip(bottoms, counts)]
        axes.axhline(summary.target, color="black", linestyle="--", linewidth=1.5, label=f"target ({summary.target})")
        axes.set_title("Compliance incidents per quarter")
        axes.set_ylabel("incidents")
        axes.set_ylim(0, max([*bottoms, summary.target]) + 1)
        axes.yaxis.get_major_locator().set_params(integer=True)
        axes.legend(loc="upper left", fontsize="small")
        if len(labels) > 8:
            axes.tick_params(axis="x", labelrotation=45)
        figure.tight_layout()
        metadata = {"Date": None} if path.suffix.lower() == ".svg" else {}
        figure.savefig(path, metadata=metadata)
    except OSError as error:
        raise ChartError(f"{path}: cannot write chart: {error.strerror or error}") from None
    finally:
        pyplot.close(figure)


def _pyplot():
    """matplotlib's pyplot on the non-interactive Agg backend, or a :class:`ChartError` that
    says how to install it."""
    try:
        import matplotlib
    except ImportError:
        raise ChartError(f"--chart needs matplotlib, which is not installed; install it beside postcheck: {install_hint()}") from None
    matplotlib.use("Agg")
    import matplotlib.pyplot as pyplot

    return pyplot


def install_hint() -> str:
    """A command that installs matplotlib where this postcheck runs. ``postcheck[charts]``
    only works once postcheck is on PyPI, so the hint names the interpreter itself (or pipx,
    when postcheck lives in a pipx environment)."""
    if "pipx" in Path(sys.prefix).parts:
        return f"pipx inject postcheck '{MATPLOTLIB}'"
    return f"{shlex.quote(sys.executable)} -m pip install '{MATPLOTLIB}'"
