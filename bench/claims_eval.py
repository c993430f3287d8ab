"""Precision, recall and F1 of the claims rules, and their findings on real posts.

Prints precision and recall of the claims check:

- the hand-labelled real posts (``fixtures/claims-real``, read from ``shared/corpus``), per
  language and kind, scored per line (see ``bench/claims_real.py``): the tune part only,
  unless ``--part holdout`` or ``--part all`` asks for the held-back part (this script is what
  one tunes with, and a glance at the held-back totals while tuning spends them);
  ``--errors`` lists the misses and false alarms of the tune part, never of the holdout part.

and, for each other data set, how many texts the claims check flags (any ``claims/`` finding
in the text counts as flagged) against their labels:

- the hand-labelled marketing sentences in ``fixtures/claims/{en,ro}.tsv`` (1 = an unsourced
  claim, 0 = a non-claim or a sourced claim);
- CLEF 2022 CheckThat! 1B English tweets (``shared/data/claims/ct22-1b``; dev by default,
  ``--ct22 train`` for the split the rules may be tuned on), URLs stripped;
- RoFact Romanian claims (positives only: recall);
- the real corpora (``shared/corpus/real`` and ``real-ro``): findings per 1,000 words, and with
  ``--sample N`` that many findings drawn at random for a by-hand review.

Every text goes through the real engine (parse, language forced, config defaults, offline).

    .venv/bin/python bench/claims_eval.py [--shared PATH] [--part tune|holdout|all] [--ct22 dev|train] [--sample 40] [--errors]
"""

from __future__ import annotations

import argparse
import csv
import random
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import claims_real
from postcheck import config as config_module
from postcheck.checks import RunOptions
from postcheck.parse import parse_bytes
from postcheck.rulepack import load_registry
from postcheck.runner import check_documents

ROOT = Path(__file__).resolve().parent.parent
URL = re.compile(r"https?://\S+")
WORD = re.compile(r"\w+")


@dataclass
class Score:
    tp: int = 0
    fp: int = 0
    fn: int = 0
    tn: int = 0

    def add(self, label: bool, flagged: bool) -> None:
        if label and flagged:
            self.tp += 1
        elif flagged:
            self.fp += 1
        elif label:
            self.fn += 1
        else:
            self.tn += 1

    def line(self, name: str) -> str:
        precision = self.tp / (self.tp + self.fp) if self.tp + self.fp else float("nan")
        recall = self.tp / (self.tp + self.fn) if self.tp + self.fn else float("nan")
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else float("nan")
        n = self.tp + self.fp + self.fn + self.tn
        return (
            f"{name:<28} n={n:<5} P={precision:.3f} R={recall:.3f} F1={f1:.3f}"
            f"  (tp={self.tp} fp={self.fp} fn={self.fn} tn={self.tn})"
        )


class Engine:
    """Runs texts through the real engine with every claims rule enabled."""

    def __init__(self) -> None:
        self.registry = load_registry()
        self.rules = set(self.registry.rules)
        self.config = config_module.from_mapping({}, None, root=ROOT)

    def findings(self, texts: list[str], lang: str) -> list[list]:
        docs = []
        for index, text in enumerate(texts):
            doc = parse_bytes(text.encode("utf-8"), ROOT / f"t{index}.md", f"t{index}.md")
            doc.lang = lang
            docs.append(doc)
        result = check_documents(docs, self.config, self.registry, self.rules, RunOptions(offline=True))
        return [[f for f in report.findings if f.rule.startswith("claims/")] for report in result.reports]


def labelled(engine: Engine, lang: str, verbose: bool) -> None:
    """Rows after the ``# --- held out`` line were written after the rules were tuned and are
    also scored on their own."""
    rows = []
    held_out = False
    with open(ROOT / "fixtures" / "claims" / f"{lang}.tsv", encoding="utf-8") as handle:
        for line in handle:
            held_out = held_out or line.startswith("# --- held out")
            if line.strip() and not line.startswith("#"):
                label, text = line.rstrip("\n").split("\t", 1)
                rows.append((label == "1", text.replace("\\n", "\n") + "\n", held_out))
    score, unseen = Score(), Score()
    for (label, text, held), found in zip(rows, engine.findings([t for _, t, _ in rows], lang)):
        score.add(label, bool(found))
        if held:
            unseen.add(label, bool(found))
        if verbose and label != bool(found):
            print(f"    {'FN' if label else 'FP'}: {text.strip()[:110]} {[f.rule for f in found]}")
    print(score.line(f"labelled {lang}"))
    print(unseen.line(f"labelled {lang} held-out"))


def ct22(engine: Engine, shared: Path, split: str, verbose: bool) -> None:
    path = shared / "data" / "claims" / "ct22-1b" / f"CT22_english_1B_claim_{split}.tsv"
    with open(path, encoding="utf-8", newline="") as handle:
        rows = [(r["class_label"] == "1", URL.sub("", r["tweet_text"])) for r in csv.DictReader(handle, delimiter="\t")]
    score = Score()
    for (label, text), found in zip(rows, engine.findings([t for _, t in rows], "en")):
        score.add(label, bool(found))
        if verbose and found and not label:
            print(f"    FP: {text[:110]!r} {[f.data.get('match') for f in found]}")
    print(score.line(f"ct22-1b {split}"))


def rofact(engine: Engine, shared: Path) -> None:
    path = shared / "data" / "claims" / "rofact" / "train_data.tsv"
    csv.field_size_limit(10**7)
    with open(path, encoding="utf-8", newline="") as handle:
        texts = [row["Claim"] for row in csv.DictReader(handle, delimiter="\t") if row.get("Claim")]
    score = Score()
    for found in engine.findings(texts, "ro"):
        score.add(True, bool(found))
    print(score.line("rofact (recall only)"))


def corpus(engine: Engine, folder: Path, lang: str, sample: int, seed: int) -> None:
    files = sorted(p for p in folder.rglob("*.md*") if p.name not in {"SOURCES.md"} and not p.name.startswith("_"))
    texts = [p.read_text(encoding="utf-8", errors="replace") for p in files]
    started = time.perf_counter()
    results = engine.findings(texts, lang)
    elapsed = time.perf_counter() - started
    words = sum(len(WORD.findall(t)) for t in texts)
    every = [(f, p) for found, p in zip(results, files) for f in found]
    by_rule: dict[str, int] = {}
    for finding, _ in every:
        by_rule[finding.rule] = by_rule.get(finding.rule, 0) + 1
    print(
        f"corpus {folder.name:<20} posts={len(files)} words={words} findings={len(every)}"
        f" per-1000-words={1000 * len(every) / max(words, 1):.2f} posts-with-findings="
        f"{sum(1 for r in results if r)} time={elapsed:.2f}s"
    )
    for rule, count in sorted(by_rule.items()):
        print(f"    {rule}: {count}")
    if sample:
        for finding, path in random.Random(seed).sample(every, min(sample, len(every))):
            print(f"    [{finding.rule.split('/')[1]}] {path.relative_to(folder)}:{finding.span.start.line}: {finding.excerpt}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=_shared())
    parser.add_argument("--ct22", choices=("dev", "train"), default="dev")
    parser.add_argument("--sample", type=int, default=0, help="print N random findings per corpus")
    parser.add_argument("--seed", type=int, default=4)
    parser.add_argument("--verbose", action="store_true", help="print the errors of the sentence sets and CT22")
    parser.add_argument("--errors", action="store_true", help="list the real set's errors (tune part only)")
    parser.add_argument("--part", choices=(*claims_real.PARTS, "all"), default="tune", help="which part of the real posts to score (default: tune)")
    args = parser.parse_args(argv)
    engine = Engine()
    started = time.perf_counter()
    for lang in ("en", "ro"):
        labelled(engine, lang, args.verbose)
    if not args.shared.is_dir():
        print(f"{args.shared}: not found; only the labelled sets were measured")
        return 0
    claims_real.report(args.shared, args.errors, claims_real.PARTS if args.part == "all" else (args.part,))
    ct22(engine, args.shared, args.ct22, args.verbose)
    rofact(engine, args.shared)
    corpus(engine, args.shared / "corpus" / "real", "en", args.sample, args.seed)
    corpus(engine, args.shared / "corpus" / "real-ro", "ro", args.sample, args.seed)
    print(f"total {time.perf_counter() - started:.1f}s")
    return 0


def _shared() -> Path:
    for candidate in (ROOT.parent / "shared", Path("/work/shared")):
        if candidate.is_dir():
            return candidate
    return ROOT.parent / "shared"


if __name__ == "__main__":
    sys.exit(main())
