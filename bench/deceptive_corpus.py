"""Run the ``deceptive`` family over the real-post corpus and print what it flags.

The corpus (../shared/corpus/real and real-ro) is ordinary documentation and blog writing, so
every hit here is a candidate false positive to review. Prints the time, hits per 100 posts,
hits per rule, and every hit (``--quiet`` leaves the list out). Then the sensitive topics the
``proof`` check finds in the same posts, with one proof page configured and the default topics
(every mention is listed, with its topic and words, so each can be judged). Then the phrase
rules alone over short social text nobody here wrote: the CheckThat! 2022 tweets (English) and
RoFact claims (Romanian) in ../shared/data/claims.

    .venv/bin/python bench/deceptive_corpus.py [--quiet] [CORPUS_DIR ...]
"""

from __future__ import annotations

import csv
import os
import sys
import time
from collections import Counter
from pathlib import Path

from postcheck import config as config_module
from postcheck.checks import RunOptions
from postcheck.checks.phrases import compiled_rule, find_matches, negation_for
from postcheck.discover import collect
from postcheck.rulepack import load_registry
from postcheck.runner import check_documents, enabled_rules, parse_targets
from postcheck.textfold import fold

ROOT = Path(__file__).resolve().parent.parent


def shared() -> Path:
    """Same lookup as tests/conftest.py: $POSTCHECK_SHARED, ../shared, /work/shared."""
    for candidate in (os.environ.get("POSTCHECK_SHARED"), ROOT.parent / "shared", Path("/work/shared")):
        if candidate and Path(candidate).is_dir():
            return Path(candidate)
    raise SystemExit("shared/ not found: set POSTCHECK_SHARED")


def main(argv: list[str]) -> int:
    quiet = "--quiet" in argv
    folders = [Path(a) for a in argv if not a.startswith("--")] or [
        shared() / "corpus" / "real",
        shared() / "corpus" / "real-ro",
    ]
    registry = load_registry()
    config = config_module.from_mapping({"include": ["**/*.md", "**/*.mdx"], "exclude": ["**/SOURCES.md"]}, None, root=ROOT)
    for folder in folders:
        started = time.perf_counter()
        docs = parse_targets(collect([folder], config), config)
        parsed = time.perf_counter()
        enabled = enabled_rules(registry, config, select=["deceptive"])
        result = check_documents(docs, config, registry, enabled, RunOptions(offline=True))
        checked = time.perf_counter()
        findings = [f for report in result.reports for f in report.findings if f.rule.startswith("deceptive/")]
        posts = len(result.reports)
        per_100 = 100 * len(findings) / posts if posts else 0.0
        print(
            f"{folder}: {posts} posts, {len(findings)} deceptive findings ({per_100:.1f} per 100 posts); "
            f"parse {parsed - started:.2f} s, deceptive checks {checked - parsed:.2f} s "
            f"({1000 * (checked - parsed) / max(posts, 1):.1f} ms per post)"
        )
        for rule, count in Counter(f.rule for f in findings).most_common():
            print(f"  {count:4d}  {rule}")
        if not quiet:
            for f in findings:
                print(f"    {f.path}:{f.span.start.line}:{f.span.start.column} {f.rule} [{f.severity.value}] {f.excerpt!r}")
        scan_proof(docs, registry, quiet)
    claims = shared() / "data" / "claims"
    for path, lang in ((claims / "ct22-1b/CT22_english_1B_claim_train.tsv", "en"), (claims / "rofact/train_data.tsv", "ro")):
        if path.is_file():
            scan_texts(path, lang, registry, quiet)
    return 0


def scan_proof(docs, registry, quiet: bool) -> None:
    """The proof check's topic mentions, as if the site had one proof page and linked none."""
    config = config_module.from_mapping({"proof": {"pages": ["https://proof.example/trust"]}}, None, root=ROOT)
    enabled = enabled_rules(registry, config, select=["proof"])
    result = check_documents(docs, config, registry, enabled, RunOptions(offline=True))
    found = [f for report in result.reports for f in report.findings if f.rule.startswith("proof/")]
    print(f"  proof topics: {len(found)} in {len({f.path for f in found})} posts: "
          + ", ".join(f"{topic} {n}" for topic, n in Counter(f.data["topic"] for f in found).most_common()))
    if not quiet:
        for f in found:
            print(f"    {f.path}:{f.span.start.line}:{f.span.start.column} proof [{f.data['topic']}] {f.excerpt!r}")


def scan_texts(path: Path, lang: str, registry, quiet: bool) -> None:
    """The phrase rules over one text column of a TSV (the longest one: the tweet or claim)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = [row for row in csv.reader(handle, delimiter="\t")][1:]
    column = max(range(len(rows[0])), key=lambda i: sum(len(r[i]) for r in rows[:50] if len(r) > i))
    texts = [row[column] for row in rows if len(row) > column]
    negation = negation_for(registry, lang)
    compiled = [
        c for rule in registry.for_check("phrases") if rule.family == "deceptive" and (c := compiled_rule(rule, lang, negation))
    ]
    started = time.perf_counter()
    hits = [(c.rule.id, text, span) for text in texts for c in compiled for span in find_matches(c, fold(text))]
    elapsed = time.perf_counter() - started
    print(f"{path.name}: {len(texts)} texts ({lang}), {len(hits)} hits ({100 * len(hits) / len(texts):.1f} per 100), {elapsed:.2f} s")
    for rule, count in Counter(rule for rule, _, _ in hits).most_common():
        print(f"  {count:4d}  {rule}")
    if not quiet:
        for rule, text, (start, end) in hits:
            print(f"    {rule}: …{text[max(0, start - 50):end + 30]!r}")


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
