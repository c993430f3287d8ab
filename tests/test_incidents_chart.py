"""``--chart``: a PNG or SVG when matplotlib is installed, a clear message when it is not."""

from __future__ import annotations

import importlib.util
import shlex
import subprocess
import sys

import pytest
from conftest import FIXTURES

from postcheck.incidents.chart import install_hint
from support.incidents_cli import invoke

REPO = FIXTURES / "incidents" / "repo"


def run(*args: str):
    return invoke(REPO, *args)


def test_png_chart(tmp_path):
    pytest.importorskip("matplotlib")
    chart = tmp_path / "incidents.png"
    result = run("--year", "2026", "--chart", str(chart))
    assert result.exit_code == 0, result.output
    assert f"chart written to {chart}" in result.stderr
    data = chart.read_bytes()
    assert data.startswith(b"\x89PNG\r\n\x1a\n") and len(data) > 5000
    assert result.stdout.startswith("Compliance incidents per quarter")  # the summary still prints


def test_svg_chart_is_stacked_by_family_with_the_target_line(tmp_path):
    pytest.importorskip("matplotlib")
    chart = tmp_path / "incidents.svg"
    result = run("--since", "2025-10-01", "--until", "2026-09-30", "--format", "json", "--chart", str(chart))
    assert result.exit_code == 0, result.output
    svg = chart.read_text()
    assert svg.lstrip().startswith("<?xml") and "</svg>" in svg
    # matplotlib names each artist in the SVG: one bar container per family present, the legend
    # text of the target line, and every quarter as a tick label.
    for text in ("Compliance incidents per quarter", "target (1)", "2025-Q4", "2026-Q3", "deceptive", "claims", "utm", "proof", "links"):
        assert text in svg, text


def test_unwritable_chart_is_one_line(tmp_path):
    pytest.importorskip("matplotlib")
    result = run("--year", "2026", "--chart", str(tmp_path / "missing-folder" / "c.png"))
    assert result.exit_code == 2
    assert result.stderr.startswith("postcheck: error: ") and "cannot write chart" in result.stderr and result.stderr.count("\n") == 1


def test_without_matplotlib_the_message_says_how_to_install(tmp_path):
    """Run the real CLI in a fresh interpreter where importing matplotlib fails, as it does
    when the extra is not installed (``sys.modules[name] = None`` makes ``import`` raise)."""
    chart = tmp_path / "c.png"
    script = (
        "import sys; sys.modules['matplotlib'] = None; sys.modules['matplotlib.pyplot'] = None\n"
        "from postcheck.cli import main\n"
        f"main(['incidents', '--year', '2026', '--chart', {str(chart)!r}])\n"
    )
    done = subprocess.run([sys.executable, "-c", script], cwd=REPO, capture_output=True, text=True)
    assert done.returncode == 2 and done.stdout == ""
    prefix = "postcheck: error: --chart needs matplotlib, which is not installed; install it beside postcheck: "
    assert done.stderr.startswith(prefix) and done.stderr.count("\n") == 1
    assert not chart.exists()
    hint = shlex.split(done.stderr[len(prefix):])
    assert hint[:4] == [sys.executable, "-m", "pip", "install"]  # this interpreter, not 'postcheck[charts]' (unpublished)
    if importlib.util.find_spec("matplotlib") is not None:  # the command itself runs: pip accepts it as written
        tried = subprocess.run([*hint, "--dry-run", "--no-index", "--quiet"], capture_output=True, text=True)
        assert tried.returncode == 0, tried.stderr


def test_in_a_pipx_environment_the_hint_is_pipx_inject(monkeypatch):
    monkeypatch.setattr(sys, "prefix", "/home/u/.local/share/pipx/venvs/postcheck")
    assert install_hint() == "pipx inject postcheck 'matplotlib>=3.7'"
