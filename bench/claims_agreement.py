"""How far two people labelling the same real posts agree: the ceiling of the real-post measure.

A second labeller labelled some ``tune`` posts of ``fixtures/claims-real/`` again, blind (without
the first labels, the rules or the bench): ``fixtures/claims-real/agreement/*.yaml``, same format.
This prints the second labeller's precision and recall against the first labels, per kind
(kinds as the first labeller gave them for recall, as the second gave them for precision), with
the per-line scoring of ``bench/claims_real.py``: a line the second labeller marks and the
first did not is a "false alarm" of the second. When two careful people agree at P/R 0.7, a
rule set cannot be measured above that: its errors and the labels' disagreements are mixed.

    .venv/bin/python bench/claims_agreement.py
"""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "fixtures" / "claims-real"
KINDS = ("statistic", "comparison", "superlative", "attribution")


def load(paths: list[Path]) -> dict[str, dict[int, str]]:
    """Post path -> {line: kind} over the given label files."""
    posts: dict[str, dict[int, str]] = {}
    for path in paths:
        for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["posts"]:
            posts[entry["path"]] = {claim["line"]: claim["kind"] for claim in entry.get("claims") or []}
    return posts


def agreement(first: dict[str, dict[int, str]], second: dict[str, dict[int, str]]) -> list[str]:
    """Lines of the report: the second labeller scored against the first, on their common posts."""
    common = sorted(set(first) & set(second))
    labelled, found, flagged, right = Counter(), Counter(), Counter(), Counter()
    for post in common:
        for line, kind in first[post].items():
            for cell in (kind, "all"):
                labelled[cell] += 1
                found[cell] += line in second[post]
        for line, kind in second[post].items():
            for cell in (kind, "all"):
                flagged[cell] += 1
                right[cell] += line in first[post]
    lines = [f"posts labelled twice: {len(common)}"]
    for cell in (*KINDS, "all"):
        precision = right[cell] / flagged[cell] if flagged[cell] else float("nan")
        recall = found[cell] / labelled[cell] if labelled[cell] else float("nan")
        lines.append(
            f"  {cell:12} P={precision:.3f} R={recall:.3f}  (first={labelled[cell]} second={flagged[cell]} both={found[cell]})"
        )
    return lines


def main() -> int:
    second_files = sorted((LABELS / "agreement").glob("*.yaml"))
    if not second_files:
        print("no second-opinion labels in fixtures/claims-real/agreement/", file=sys.stderr)
        return 1
    print("\n".join(agreement(load(sorted(LABELS.glob("*.yaml"))), load(second_files))))
    return 0


if __name__ == "__main__":
    sys.exit(main())
