"""Precision and recall of the claims check on the hand-labelled real posts.

The labels are in ``fixtures/claims-real/*.yaml`` (see its POLICY.md); the posts are read from
``shared/corpus/``. Scoring is per line: a labelled line is found when any ``claims/`` finding
covers it (a claim that wraps, "…some\nof the most…", is found on either line); a ``claims/``
finding that covers no labelled line of a labelled post is a false alarm, counted on its
first line. Recall per kind uses the label's kind, precision per kind the finding's kind.

Figures are printed per part (``tune``, ``holdout``), language and kind. Per-line misses and
false alarms are only ever listed for the ``tune`` part: the holdout part is the measure, and
nobody tuning the rules may look at its errors.

    .venv/bin/python bench/claims_real.py [--shared PATH] [--errors] [--part tune|holdout]
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from postcheck import config as config_module
from postcheck import language
from postcheck.checks import RunOptions
from postcheck.model import Document
from postcheck.parse import parse_file
from postcheck.rulepack import load_registry
from postcheck.runner import check_documents
from postcheck.verdict import FileReport

ROOT = Path(__file__).resolve().parent.parent
LABELS = ROOT / "fixtures" / "claims-real"
KINDS = ("statistic", "comparison", "superlative", "attribution")
#: The kind of each claims rule (a named source with no link is an attribution).
RULE_KINDS = {
    "claims/unsourced-statistic": "statistic",
    "claims/unsourced-comparison": "comparison",
    "claims/unsourced-superlative": "superlative",
    "claims/unsourced-attribution": "attribution",
    "claims/unlinked-source": "attribution",
}
PARTS = ("tune", "holdout")
#: The only part whose per-line errors may be printed.
LISTABLE = "tune"


@dataclass
class Post:
    path: str
    split: str
    lang: str
    claims: dict[int, tuple[str, str]]  # line -> (kind, quoted text)


@dataclass
class Tally:
    """Line counts for one (part, language, kind) cell."""

    labelled: int = 0
    found: int = 0
    flagged: int = 0
    flagged_right: int = 0

    def row(self, name: str) -> str:
        precision = self.flagged_right / self.flagged if self.flagged else float("nan")
        recall = self.found / self.labelled if self.labelled else float("nan")
        return (
            f"{name:<30} P={precision:.3f} R={recall:.3f}"
            f"  (claims={self.labelled} found={self.found} flagged={self.flagged} false-alarms={self.flagged - self.flagged_right})"
        )


@dataclass
class Scores:
    cells: dict[tuple[str, str, str], Tally] = field(default_factory=lambda: defaultdict(Tally))
    errors: list[str] = field(default_factory=list)


def load_posts(folder: Path = LABELS) -> list[Post]:
    posts = []
    for path in sorted(folder.glob("*.yaml")):
        for entry in yaml.safe_load(path.read_text(encoding="utf-8"))["posts"]:
            lang = "ro" if entry["path"].startswith("real-ro/") else "en"
            claims = {c["line"]: (c["kind"], c["text"]) for c in entry.get("claims") or []}
            posts.append(Post(entry["path"], entry["split"], lang, claims))
    return posts


def checked(posts: list[Post], corpus: Path) -> tuple[list[Document], list[FileReport]]:
    """Each post as a run reads it (its language chosen as a run chooses it) and its report:
    the default config, every rule, offline. The one place the benches of the labelled posts
    parse and check them."""
    registry = load_registry()
    config = config_module.from_mapping({}, None, root=ROOT)
    docs = []
    for post in posts:
        doc = parse_file(corpus / post.path, post.path)
        doc.lang = language.choose(doc, config.language)
        docs.append(doc)
    return docs, check_documents(docs, config, registry, set(registry.rules), RunOptions(offline=True)).reports


def findings_by_line(posts: list[Post], reports: list[FileReport]) -> list[dict[int, set[str]]]:
    """For each post, the line of each ``claims/`` finding (the labelled line it covers, or
    its first line) and the kinds found there."""
    lines: list[dict[int, set[str]]] = []
    for post, report in zip(posts, reports):
        found: dict[int, set[str]] = defaultdict(set)
        for finding in report.findings:
            if finding.rule.startswith("claims/"):
                covered = range(finding.span.start.line, finding.span.end.line + 1)
                line = next((line for line in covered if line in post.claims), finding.span.start.line)
                found[line].add(RULE_KINDS.get(finding.rule, finding.rule))
        lines.append(found)
    return lines


def score(posts: list[Post], corpus: Path) -> Scores:
    scores = Scores()
    for post, found in zip(posts, findings_by_line(posts, checked(posts, corpus)[1])):
        text = (corpus / post.path).read_text(encoding="utf-8", errors="replace").splitlines()
        for line, (kind, quote) in post.claims.items():
            for cell in (kind, "all"):
                tally = scores.cells[(post.split, post.lang, cell)]
                tally.labelled += 1
                tally.found += line in found
            if line not in found and post.split == LISTABLE:
                scores.errors.append(f"  MISS  [{kind}] {post.path}:{line}: {quote}")
        for line, kinds in sorted(found.items()):
            right = line in post.claims
            for cell in (*kinds, "all"):
                tally = scores.cells[(post.split, post.lang, cell)]
                tally.flagged += 1
                tally.flagged_right += right
            if not right and post.split == LISTABLE:
                excerpt = text[line - 1].strip()[:140] if line <= len(text) else ""
                scores.errors.append(f"  FALSE [{'/'.join(sorted(kinds))}] {post.path}:{line}: {excerpt}")
    return scores


def report(shared: Path, errors: bool, parts: tuple[str, ...] = PARTS) -> None:
    posts = [post for post in load_posts() if post.split in parts]
    scores = score(posts, shared / "corpus")
    counts = defaultdict(int)
    for post in posts:
        counts[(post.split, post.lang)] += 1
    for part in parts:
        for lang in ("en", "ro"):
            print(f"real {part} {lang}: {counts[(part, lang)]} posts")
            for kind in (*KINDS, "all"):
                print("  " + scores.cells[(part, lang, kind)].row(kind))
    if errors:
        print(f"errors on the {LISTABLE} part only:")
        print("\n".join(scores.errors))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("/work/shared"))
    parser.add_argument("--errors", action="store_true", help=f"list misses and false alarms ({LISTABLE} part only)")
    parser.add_argument("--part", choices=PARTS, help="score only this part (while tuning: tune)")
    args = parser.parse_args(argv)
    report(args.shared, args.errors, (args.part,) if args.part else PARTS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
