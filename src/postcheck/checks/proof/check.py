"""The ``proof`` check: a post on a sensitive topic links one of the team's proof pages.

A post is on a sensitive topic when its prose mentions one (the topic patterns of the rule
``proof/missing-proof-link``, per language) or its front matter ``topics`` declares one. Only
the topics the config turns on count: ``proof.detect`` (every pack topic but ``health`` by
default) and the keys of ``proof.topics``. It passes when it links a page that satisfies each
such topic: one of ``proof.topics[topic]`` or of ``proof.pages`` (URLs compared in normal form:
scheme, ``www.``, trailing slash, query string and fragment ignored; pages in the repository
by the file a link leads to: see :mod:`.pages`). With no proof page configured the check
cannot pass or fail, so the row is ``skipped``. The message names the topic in the post's
language (the pack's ``topic_names``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from postcheck.checks.base import CheckContext, DocumentCheck, register
from postcheck.checks.phrases import CompiledRule, compile_pattern, find_matches
from postcheck.findings import Finding
from postcheck.linear import Subject
from postcheck.model import Document, Position, Span
from postcheck.checks.proof.pages import ProofPages, configured
from postcheck.checks.proof.settings import ProofSettings
from postcheck.registry import Rule
from postcheck.textfold import fold

RULE = "proof/missing-proof-link"


@dataclass(frozen=True)
class Mention:
    """Where a post first touches a topic (a prose mention, or its ``topics`` line)."""

    topic: str
    span: Span
    words: str


_TOPICS: dict[tuple, dict[str, CompiledRule]] = {}


def active_topics(topics: dict[str, CompiledRule], settings: ProofSettings) -> dict[str, CompiledRule]:
    """The pack topics the config turns on: ``proof.detect`` and the keys of ``proof.topics``."""
    wanted = {*settings.detect, *settings.topics}
    return {topic: pattern for topic, pattern in topics.items() if topic in wanted}


def topic_patterns(rule: Rule, lang: str) -> dict[str, CompiledRule]:
    """Topic → compiled lexicon for ``lang`` with the rule's ``exceptions`` (words that look
    like a topic and are not: "Hacker News"), compiled once per process (keyed by the terms
    themselves, so a reloaded rule pack never gets another pack's patterns)."""
    terms = rule.topics.get(lang, {})
    exceptions = tuple(rule.exceptions.get(lang, []))
    key = (tuple((topic, tuple(words)) for topic, words in terms.items()), exceptions)
    if key not in _TOPICS:
        veto = compile_pattern(list(exceptions)) if exceptions else None
        _TOPICS[key] = {topic: CompiledRule(rule, compile_pattern(words), veto) for topic, words in terms.items()}
    return _TOPICS[key]


def _first(topic: CompiledRule, text: str | Subject) -> tuple[int, int] | None:
    return next(iter(find_matches(topic, text)), None)


def mentions(doc: Document, topics: dict[str, CompiledRule]) -> dict[str, Mention]:
    """The first mention of each topic in the post's prose, title first."""
    found: dict[str, Mention] = {}
    for block in doc.prose():
        folded = Subject(block.folded)
        for topic, pattern in topics.items():
            if topic in found:
                continue
            match = _first(pattern, folded)
            if match:
                found[topic] = Mention(topic, block.span(*match), block.text[match[0] : match[1]])
    return found


def declared(doc: Document, topics: dict[str, CompiledRule], settings: ProofSettings) -> dict[str, Mention]:
    """Sensitive topics the front matter declares: a lexicon's name, a ``proof.topics`` key,
    or any words the lexicon recognises (``defense``, ``data privacy``)."""
    value = doc.front_matter.get("topics")
    names = [value] if isinstance(value, str) else value if isinstance(value, list) else []
    line = doc.front_matter.key_lines.get("topics", 1)
    span = Span(Position(line, 1), Position(line, len(doc.line_text(line)) + 1))
    found: dict[str, Mention] = {}
    for name in (str(n).strip() for n in names if n is not None):
        lowered = name.lower()
        topic = next((t for t in topics if t == lowered or _first(topics[t], fold(name))), None)
        topic = topic or (lowered if lowered in settings.topics else None)
        if topic and topic not in found:
            found[topic] = Mention(topic, span, name)
    return found


@register
class ProofCheck(DocumentCheck):
    """Sensitive topics link a proof page."""

    name = "proof"
    family = "proof"

    def __init__(self) -> None:
        self._pages: ProofPages | None = None

    def check_document(self, doc: Document, ctx: CheckContext) -> Iterable[Finding]:
        settings: ProofSettings = ctx.config.section("proof")
        if not settings.pages and not any(settings.topics.values()):
            ctx.mark_skipped(doc, self.family)
            return
        rule = ctx.registry.get(RULE)
        topics = active_topics(topic_patterns(rule, doc.lang), settings)
        found = {**declared(doc, topics, settings), **mentions(doc, topics)}
        self._pages = self._pages or ProofPages(ctx.config)
        reached = {reach.page.written for reach in self._pages.reaches(doc, configured(ctx.config))}
        for mention in sorted(found.values(), key=lambda m: (m.span.start, m.topic)):
            pages = list(dict.fromkeys([*settings.topics.get(mention.topic, []), *settings.pages]))
            if pages and not reached.intersection(pages):
                yield ctx.finding(doc, RULE, mention.span, topic=mention.topic, words=mention.words,
                                  topic_name=rule.topic_name(mention.topic, doc.lang), pages=", ".join(pages))
