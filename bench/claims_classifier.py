"""Would a sentence classifier trained on the labels beat, or sharpen, the claims rules?

The rules reach much less on held-back posts than on the posts they were tuned on, so the
obvious next step is a model trained on the labels. This measures it without touching the
held-back part: the English ``tune`` posts of ``fixtures/claims-real/`` are cut into sentences
(the claims check's own sentences of every prose block), a sentence is a claim when it covers
a labelled line and "flagged" when a claims finding does, and a spaCy text classifier (blank
pipeline, bag of words and word pairs, no pretrained vectors: none can be installed here) is
trained and scored in five folds by post (a post's sentences are never both trained on and
scored). Digits are folded to ``0`` and the rules' kinds are given as extra words, so the model
sees what the rules saw.

It prints precision and recall per sentence of the rules alone, of the classifier alone at
several thresholds, and of the rules' findings that the classifier keeps (the classifier as a
filter of false alarms).

    .venv/bin/python bench/claims_classifier.py [--shared PATH] [--folds 5] [--epochs 10]
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from dataclasses import dataclass
from pathlib import Path

import spacy
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch

import claims_real
from postcheck.checks.claims.check import _cue_pattern
from postcheck.checks.claims.pipeline import analyzer
from postcheck.model import BlockKind
from postcheck.rulepack import load_registry

DIGIT = re.compile(r"\d")
THRESHOLDS = (0.3, 0.5, 0.7)
FILTERS = (0.2, 0.4, 0.6)


@dataclass
class Unit:
    """One sentence of a tune post."""

    post: str
    text: str
    claim: bool
    kinds: tuple[str, ...]  # the kinds of the rules' findings on its lines

    @property
    def features(self) -> str:
        return " ".join([*(f"zz{kind}" for kind in self.kinds), DIGIT.sub("0", self.text.lower())])


def units(shared: Path, split: str = "tune") -> list[Unit]:
    """The sentences of the English posts of ``split``, labelled and flagged."""
    posts = [post for post in claims_real.load_posts() if post.split == split and post.lang == "en"]
    docs, reports = claims_real.checked(posts, shared / "corpus")
    registry = load_registry()
    rules = [rule for rule in registry.rules.values() if rule.check == "claims" and rule.cues.get("en")]
    sentences = analyzer("en", rules, registry.lexicon("claims", "en"))
    cues = {rule.id: _cue_pattern(rule, "en") for rule in rules}
    result = []
    for post, doc, found in zip(posts, docs, claims_real.findings_by_line(posts, reports)):
        for block in doc.prose():
            if block.kind is BlockKind.FOOTNOTE:
                continue
            for start, end in sentences.analyse(block.text, cues).sentences:
                text = block.text[start:end].strip()
                if not text:
                    continue
                span = block.span(start, max(start + 1, end - 1))
                lines = range(span.start.line, span.end.line + 1)
                kinds = sorted({kind for line in lines for kind in found.get(line, ())})
                result.append(Unit(post.path, text, any(line in post.claims for line in lines), tuple(kinds)))
    return result


def train(data: list[Unit], epochs: int) -> spacy.language.Language:
    fix_random_seed(0)
    nlp = spacy.blank("en")
    model = {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True, "ngram_size": 2, "no_output_layer": False, "length": 2**18}
    textcat = nlp.add_pipe("textcat", config={"model": model})
    for label in ("CLAIM", "OTHER"):
        textcat.add_label(label)
    examples = [Example.from_dict(nlp.make_doc(unit.features), {"cats": {"CLAIM": float(unit.claim), "OTHER": float(not unit.claim)}}) for unit in data]
    optimizer = nlp.initialize(lambda: examples)
    for epoch in range(epochs):
        random.Random(epoch).shuffle(examples)
        for batch in minibatch(examples, 32):
            nlp.update(batch, sgd=optimizer, drop=0.2)
    return nlp


def cross_validated(data: list[Unit], folds: int, epochs: int) -> list[float]:
    """Each unit's claim probability from a model that never saw its post."""
    posts = sorted({unit.post for unit in data})
    scores = [0.0] * len(data)
    for fold in range(folds):
        held = set(posts[fold::folds])
        model = train([unit for unit in data if unit.post not in held], epochs)
        indexes = [i for i, unit in enumerate(data) if unit.post in held]
        for i, doc in zip(indexes, model.pipe(data[i].features for i in indexes)):
            scores[i] = doc.cats["CLAIM"]
    return scores


def row(name: str, data: list[Unit], chosen: list[bool]) -> str:
    right = sum(1 for unit, pick in zip(data, chosen) if pick and unit.claim)
    picked = sum(chosen)
    claims = sum(unit.claim for unit in data)
    precision = right / picked if picked else float("nan")
    return f"{name:<28} P={precision:.2f} R={right / claims:.2f}  (sentences flagged={picked} right={right} claims={claims})"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("/work/shared"))
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--epochs", type=int, default=10)
    args = parser.parse_args(argv)
    data = units(args.shared)
    scores = cross_validated(data, args.folds, args.epochs)
    print(f"English tune posts, {len(data)} sentences, {args.folds}-fold cross-validation by post")
    print(row("rules", data, [bool(unit.kinds) for unit in data]))
    for threshold in THRESHOLDS:
        print(row(f"classifier > {threshold}", data, [score > threshold for score in scores]))
    for threshold in FILTERS:
        print(row(f"rules, kept if > {threshold}", data, [bool(unit.kinds) and score > threshold for unit, score in zip(data, scores)]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
