"""How long the claims check takes on the real corpora, apart from parsing.

Parses every post of ``shared/corpus/real`` and ``real-ro`` once, then times the claims check
alone (all claims rules enabled, offline) and the spaCy import it triggers, and prints posts
per second and the projected time for 1,000 posts of the same length.

    .venv/bin/python bench/claims_speed.py [--shared PATH]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from postcheck import config as config_module
from postcheck.checks import RunOptions
from postcheck.parse import parse_bytes
from postcheck.rulepack import load_registry
from postcheck.runner import check_documents

ROOT = Path(__file__).resolve().parent.parent


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("/work/shared") if not (ROOT.parent / "shared").is_dir() else ROOT.parent / "shared")
    args = parser.parse_args(argv)
    registry = load_registry()
    rules = {rule.id for rule in registry.for_check("claims")}
    config = config_module.from_mapping({}, None, root=ROOT)
    started = time.perf_counter()
    import spacy  # noqa: F401  (timed apart: a post without candidate text never pays it)

    print(f"spaCy import: {time.perf_counter() - started:.2f}s")
    for folder, lang in (("real", "en"), ("real-ro", "ro")):
        paths = sorted(p for p in (args.shared / "corpus" / folder).rglob("*.md*") if p.name != "SOURCES.md" and not p.name.startswith("_"))
        docs = []
        for path in paths:
            doc = parse_bytes(path.read_bytes(), path, path.name)
            doc.lang = lang
            docs.append(doc)
        words = sum(len(block.text.split()) for doc in docs for block in doc.prose())
        for label in ("first run (builds the pipeline)", "second run"):
            started = time.perf_counter()
            check_documents(docs, config, registry, rules, RunOptions(offline=True))
            elapsed = time.perf_counter() - started
            print(
                f"{folder:<8} {label:<32} posts={len(docs)} prose-words={words} time={elapsed:.2f}s "
                f"posts/s={len(docs) / elapsed:.0f} per-1000-posts={1000 * elapsed / len(docs):.1f}s"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
