"""Speed and hit counts of the utm and proof checks (and fix planning) on the real corpus.

Usage: .venv/bin/python bench/utm_proof.py [SHARED_DIR]

Every post of ../shared/corpus/real and real-ro is checked as if the corpus sites' own
domains were the owned UTM domains and each site had one proof page, so both checks do real
work (``utm.defaults`` give every tag, so every untagged owned link is fixable: the fixes are
applied in memory, re-parsed and re-checked, which must leave nothing fixable). It prints timings and what fired, by topic and by the words that triggered it, so a
lexicon change can be judged for false positives on text nobody here wrote.
"""

from __future__ import annotations

import collections
import os
import sys
import time
from pathlib import Path

from postcheck import config as config_module
from postcheck.checks import RunOptions
from postcheck.edits import apply
from postcheck.checks.utm import fix as utm_fixes
from postcheck.parse import parse_bytes, parse_file
from postcheck.rulepack import load_registry
from postcheck.runner import check_documents

DOMAINS = ["posthog.com", "gitpod.io", "linkerd.io", "nuxt.com", "opentelemetry.io", "questdb.io", "rust-lang.org",
           "supabase.com", "vitess.io"]


def shared_dir() -> Path:
    for candidate in (*sys.argv[1:2], os.environ.get("POSTCHECK_SHARED"), Path(__file__).resolve().parents[2] / "shared",
                      "/work/shared"):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    sys.exit("shared/ not found: pass its path")


def main() -> None:
    shared = shared_dir()
    paths = [p for folder in ("real", "real-ro") for p in sorted((shared / "corpus" / folder).rglob("*.md*"))
             if p.name != "SOURCES.md" and not p.name.startswith("_LICENSE")]
    registry = load_registry()
    config = config_module.from_mapping(
        {"utm": {"domains": DOMAINS, "defaults": {"source": "bench", "medium": "social", "campaign": "corpus"}}, "proof": {"pages": [f"https://{d}/trust" for d in DOMAINS]}}, None, root=shared)
    started = time.perf_counter()
    docs = [parse_file(p, str(p.relative_to(shared))) for p in paths]
    for doc in docs:
        doc.lang = "ro" if "real-ro" in doc.path else "en"
    parsed = time.perf_counter()
    enabled = {r for r in registry.rules if r.split("/")[0] in ("utm", "proof")}
    result = check_documents([d for d in docs if d.readable], config, registry, enabled, RunOptions(offline=True))
    checked = time.perf_counter()
    fixed = []
    for report in result.reports:
        edits = utm_fixes.edits_for(report.doc, report.findings, config.section("utm"))
        if edits:
            after = apply(report.doc.abspath.read_bytes(), edits)
            fixed.append((report.doc, len(edits), parse_bytes(after, report.doc.abspath, report.doc.path)))
    planned = time.perf_counter()
    for _, _, doc in fixed:
        doc.lang = "en"
    again = check_documents([doc for _, _, doc in fixed], config, registry, enabled, RunOptions(offline=True))
    left = sum(f.fixable for r in again.reports for f in r.findings)
    moved = sum(len(before.links) != len(after.links) for before, _, after in fixed)

    findings = [f for r in result.reports for f in r.findings]
    print(f"posts: {len(docs)} ({sum(len(d.lines) for d in docs)} lines)")
    print(f"parse: {parsed - started:.2f} s")
    print(f"utm+proof checks: {checked - parsed:.3f} s ({(checked - parsed) / max(1, len(docs)) * 1000:.2f} ms/post)")
    print(f"fix (plan + apply in memory + re-parse): {planned - checked:.3f} s, "
          f"{sum(n for _, n, _ in fixed)} links in {len(fixed)} posts; fixable findings left after fixing: {left}; "
          f"posts whose link count changed: {moved}")
    print("findings by rule:", dict(collections.Counter(f.rule for f in findings)))
    by_topic = collections.Counter((f.data["topic"], f.path.split("/")[1]) for f in findings if f.rule.startswith("proof/"))
    posts = collections.Counter(d.path.split("/")[1] for d in docs)
    for corpus in sorted(posts):
        topics = {t: n for (t, c), n in by_topic.items() if c == corpus}
        print(f"proof topics in {corpus} ({posts[corpus]} posts): {topics}")
    words = collections.defaultdict(collections.Counter)
    for f in findings:
        if f.rule.startswith("proof/"):
            words[f.data["topic"]][str(f.data["words"]).lower()] += 1
    for topic, counter in sorted(words.items()):
        print(f"  {topic}: " + ", ".join(f"{w} {n}" for w, n in counter.most_common(12)))


if __name__ == "__main__":
    main()
