"""A minimal valid rule pack, and a helper that writes packs into a temporary ``rules/`` folder
(shared by the rule-pack tests)."""

from __future__ import annotations

import textwrap
from pathlib import Path

SAMPLE = """
rules:
  - id: deceptive/sample
    family: deceptive
    severity: warning
    message: Sample.
    explanation: Because.
    fix: Rewrite it.
    policy: https://example.org/policy
    patterns: ["sample phrase"]
    examples:
      match: ["A sample phrase."]
      no_match: ["Nothing here."]
"""


def write_pack(tmp_path: Path, text: str, lang: str = "en", name: str = "test.yaml") -> Path:
    """Write ``text`` as ``rules/<lang>/<name>`` under ``tmp_path``; returns the ``rules`` folder."""
    folder = tmp_path / "rules" / lang
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(textwrap.dedent(text))
    return tmp_path / "rules"


def with_keys(text: str, *lines: str) -> str:
    """``text`` with rule keys added after its ``severity`` line (``"negatable: true"``)."""
    head, tail = text.split("    severity: warning\n", 1)
    return head + "    severity: warning\n" + "".join(f"    {line}\n" for line in lines) + tail
