"""Which trigger pattern of the claims packs raises which finding on the tune posts, and how
often it is right: where to look first when tuning (a pattern with no right finding and
several false alarms is a candidate for narrowing).

Each ``claims/`` finding on a labelled ``tune`` post is scored as ``bench/claims_real.py``
scores it (right when it covers a labelled line) and credited to the first trigger of its
rule, in pack order, whose match on the finding's line is the finding's text (the phrase
lists count as one trigger, ``lex``; ``?`` when the match spans lines). The held-back part is
never read.

    .venv/bin/python bench/claims_patterns.py [--shared PATH] [--lang en|ro] [--examples 6]
"""

from __future__ import annotations

import argparse
import sys
from collections import defaultdict
from pathlib import Path

from spacy.matcher import Matcher, PhraseMatcher

import claims_real
from postcheck.checks.claims.bounds import bounded
from postcheck.checks.claims.pipeline import COMMA_FORMS, SOFT_SPACES, Analyzer, _folded_pattern, analyzer
from postcheck.registry import Rule
from postcheck.rulepack import load_registry

LEXICON = "lex"


def triggers(engine: Analyzer, rules: list[Rule], lang: str) -> dict[str, list[tuple[str, Matcher | PhraseMatcher]]]:
    """Rule id -> its triggers, each on its own matcher, in pack order."""
    found: dict[str, list[tuple[str, Matcher | PhraseMatcher]]] = defaultdict(list)
    for rule in rules:
        for index, pattern in enumerate(rule.token_patterns.get(lang, {}).get("trigger", [])):
            matcher = Matcher(engine.nlp.vocab, validate=False)
            matcher.add("trigger", [engine.flags.compile(_folded_pattern(pattern))])
            found[rule.id].append((str(index), matcher))
        phrases = rule.lexicon.get(lang, {}).get("trigger", [])
        if phrases:
            matcher = PhraseMatcher(engine.nlp.vocab, attr="NORM")
            matcher.add("trigger", [engine.nlp.make_doc(phrase.translate(COMMA_FORMS)) for phrase in phrases])
            found[rule.id].append((LEXICON, matcher))
    return found


def credited(engine: Analyzer, rule_triggers: list[tuple[str, Matcher | PhraseMatcher]], line: str, match: str) -> str:
    """The first trigger whose match on ``line`` is ``match``."""
    doc = engine.nlp.make_doc(bounded(line).translate(SOFT_SPACES).translate(COMMA_FORMS))
    for name, matcher in rule_triggers:
        if any(doc[start:end].text == match for _, start, end in matcher(doc)):
            return name
    return "?"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=Path("/work/shared"))
    parser.add_argument("--lang", choices=("en", "ro"), default="en")
    parser.add_argument("--examples", type=int, default=6, help="matches shown per trigger")
    args = parser.parse_args(argv)
    posts = [post for post in claims_real.load_posts() if post.split == claims_real.LISTABLE and post.lang == args.lang]
    docs, reports = claims_real.checked(posts, args.shared / "corpus")
    registry = load_registry()
    rules = [rule for rule in registry.rules.values() if rule.check == "claims" and rule.cues.get(args.lang)]
    engine = analyzer(args.lang, rules, registry.lexicon("claims", args.lang))
    by_rule = triggers(engine, rules, args.lang)
    tally: dict[tuple[str, str], list[str]] = defaultdict(list)
    for post, doc, report in zip(posts, docs, reports):
        for finding in report.findings:
            if finding.rule not in by_rule:
                continue
            match = finding.data.get("match", "")
            right = any(line in post.claims for line in range(finding.span.start.line, finding.span.end.line + 1))
            name = credited(engine, by_rule[finding.rule], doc.line_text(finding.span.start.line), match)
            tally[(finding.rule, name)].append(("+" if right else "-") + match[:40])
    rows = sorted(tally.items(), key=lambda item: (-sum(m[0] == "-" for m in item[1]), item[0]))
    print(f"{args.lang} tune posts: findings per trigger (+ right, - false alarm)")
    for (rule_id, name), matches in rows:
        right = sum(m[0] == "+" for m in matches)
        print(f"{rule_id:<30} {name:>4} right={right:<3} false={len(matches) - right:<3} {' | '.join(matches[: args.examples])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
