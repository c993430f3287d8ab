"""Which posts a run parsed: those it checked rather than took from the results cache."""

from __future__ import annotations

import pytest

from postcheck import runner


def count_parses(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The list the runner appends each parsed post's display path to, from now on."""
    seen: list[str] = []
    real = runner.parse_targets

    def counting(targets, config):
        seen.extend(t.display for t in targets)
        return real(targets, config)

    monkeypatch.setattr(runner, "parse_targets", counting)
    return seen
