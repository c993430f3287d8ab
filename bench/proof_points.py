"""What the proof-point register costs: loading it, and the claims check on the real corpora
with registers of 0, 50 and 500 entries; and reading a page's modification date. Times are
CPU seconds of this process (other work on the machine does not count), the best of three;
"matching" is the time spent trying claims against the register's entries.

The registers are written to a temporary folder: 20 entries match figures the claims check
finds in the corpus (so substantiation really happens), the rest are decoys that match nothing
(the common case: every unsourced claim is tried against every entry of its language).

    .venv/bin/python bench/proof_points.py [--shared PATH]
"""

from __future__ import annotations

import argparse
import re
import sys
import tempfile
import time
from pathlib import Path

import yaml

from postcheck import config as config_module
from postcheck.checks import RunOptions
from postcheck.checks.claims import proof_points_file
from postcheck.checks.claims.proof_points import Register
from postcheck.checks.pagedates import declared_modified
from postcheck.parse import parse_bytes
from postcheck.rulepack import load_registry
from postcheck.runner import check_documents

ROOT = Path(__file__).resolve().parent.parent


def corpus(shared: Path) -> list:
    docs = []
    for folder, lang in (("real", "en"), ("real-ro", "ro")):
        for path in sorted((shared / "corpus" / folder).rglob("*.md*")):
            if path.name != "SOURCES.md" and not path.name.startswith("_"):
                doc = parse_bytes(path.read_bytes(), path, path.name)
                doc.lang = lang
                docs.append(doc)
    return docs


def register(size: int, excerpts: list[str]) -> list[dict]:
    """``size`` entries: one per corpus excerpt (up to 20), then decoys."""
    entries = []
    for index in range(size):
        if index < len(excerpts):
            pattern = re.escape(excerpts[index])
        else:
            pattern = f"cut (?:their )?widget-{index} time by {index} ?%"
        entries.append({"id": f"e{index}", "claim": f"Claim {index}.", "match": {"en": [pattern], "ro": [pattern]},
                        "evidence": "https://acme.example/evidence", "owner": "legal", "reviewed": "2026-01-01", "expires": "2027-01-01"})
    return entries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("/work/shared") if not (ROOT.parent / "shared").is_dir() else ROOT.parent / "shared")
    args = parser.parse_args(argv)
    registry = load_registry()
    rules = {r.id for r in registry.rules.values() if r.check in ("claims", "proof-points")}
    docs = corpus(args.shared)
    words = sum(len(block.text.split()) for doc in docs for block in doc.prose())
    plain = config_module.from_mapping({}, None, root=ROOT)
    check_documents(docs, plain, registry, rules, RunOptions(offline=True))  # builds the spaCy pipelines
    found = check_documents(docs, plain, registry, rules, RunOptions(offline=True))
    excerpts = list(dict.fromkeys(f.excerpt for r in found.reports for f in r.findings if f.rule == "claims/unsourced-statistic"))[:20]
    print(f"corpus: {len(docs)} posts, {words} prose words, {sum(len(r.findings) for r in found.reports)} claims findings without a register")
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        for size in (0, 50, 500):
            (root / "proof-points.yaml").write_text(yaml.safe_dump(register(size, excerpts), sort_keys=False), encoding="utf-8")
            started = time.process_time()
            loaded = proof_points_file.load(root / "proof-points.yaml", root)
            load_time = time.process_time() - started
            config = config_module.from_mapping({"proof_points": "proof-points.yaml"} if size else {}, None, root=root)
            MATCHING[0] = 0.0
            best = min(_timed(docs, config, registry, rules) for _ in range(3))
            result = check_documents(docs, config, registry, rules, RunOptions(offline=True))
            backed = sum(len(r.records.get("substantiated", [])) for r in result.reports)
            print(f"register of {size:>3} entries: load {1000 * load_time:6.1f} ms ({len(loaded.entries)} entries)  "
                  f"claims check {best:.2f}s (matching {MATCHING[0] / 4:.2f}s of it)  substantiated {backed}")
    page = ("<html><head><meta property='og:title' content='x'>" + "<p>" + "word " * 200 + "</p>" * 1) * 2000
    page += '<meta property="article:modified_time" content="2026-01-02T10:00:00Z"></head></html>'
    for label, html in (("ordinary page", page), ("unclosed <meta tags", "<meta " * 800_000)):
        started = time.process_time()
        declared_modified(html)
        print(f"declared_modified on {len(html) / 1e6:.1f} MB ({label}): {1000 * (time.process_time() - started):.0f} ms")
    return 0


def _timed(docs, config, registry, rules) -> float:
    started = time.process_time()
    check_documents(docs, config, registry, rules, RunOptions(offline=True))
    return time.process_time() - started


#: CPU seconds spent in :meth:`Register.backing` (over the four runs of one register).
MATCHING = [0.0]
_BACKING = Register.backing


def _timed_backing(self, *args):
    started = time.process_time()
    try:
        return _BACKING(self, *args)
    finally:
        MATCHING[0] += time.process_time() - started


Register.backing = _timed_backing  # type: ignore[method-assign]


if __name__ == "__main__":
    sys.exit(main())
