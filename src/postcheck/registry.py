"""The rule registry: every rule postcheck can report, whether defined as data or in code.

Rules come from the YAML packs (``rules/common``, ``rules/en``, ``rules/ro``). A rule either
carries ``patterns`` (matched by the phrase check) or names the code-backed ``check`` that
emits it; either way it has the same metadata, so ``postcheck rules``, ``explain``, SARIF and
the example tests treat all rules alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from postcheck.findings import FAMILIES, META_FAMILY, Severity
from postcheck.textfold import fold

LANGUAGES = ("en", "ro")
#: A ``{slot}`` a finding fills, or a plural choice ``{slot:one|many}`` made by the slot's count.
_SLOT = re.compile(r"\{(\w+)(?::([^{}|]*)\|([^{}]*))?\}")


@dataclass
class Examples:
    """Posts (or snippets of prose) the rule must flag and must not flag, in one language.

    ``config`` is merged into the config the examples run with (e.g. owned UTM domains);
    ``files`` are written beside each example (path relative to the example's folder → text),
    for rules about files the config names (the proof-point register, a proof page)."""

    match: list[str] = field(default_factory=list)
    no_match: list[str] = field(default_factory=list)
    config: dict[str, Any] = field(default_factory=dict)
    files: dict[str, str] = field(default_factory=dict)
    #: The pack file and the rule's index in its ``rules`` list, so ``postcheck rules --test``
    #: can point at a failing example's line (worked out only when one fails).
    source: str = ""
    index: int = -1


#: Where a ``require`` rule's text must appear: anywhere in the post, in each paragraph that
#: holds a trigger, or in the opening (title or first paragraph, before the first link).
SCOPES = ("post", "paragraph", "opening")


@dataclass
class Require:
    """A ``require`` rule in one language: when a ``when`` pattern matches the prose, or every
    ``front_matter`` condition holds, one of the ``text`` patterns must appear ``within`` the
    scope. Front-matter values are kept normalised (see :func:`front_matter_value`); a key
    holds when the post's value, or any item of it, equals one of them."""

    text: list[str]
    when: list[str] = field(default_factory=list)
    front_matter: dict[str, list[str]] = field(default_factory=dict)
    within: str = "post"

    def patterns(self) -> list[str]:
        """Every regex of the rule, for validation."""
        return [*self.when, *self.text]


def front_matter_value(value: Any) -> str:
    """How a front-matter scalar compares: text, lowercased and trimmed, Romanian diacritics
    folded (as in patterns); ``true``/``false`` for booleans (YAML's ``yes`` is ``true``)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    return fold(str(value).strip().lower())


@dataclass(frozen=True)
class Effective:
    """A law that applies from ``date`` on: findings on a post dated before it get the
    severity ``before``, on or after it ``after`` (Directive (EU) 2024/825 from 2026-09-27)."""

    date: date
    before: Severity
    after: Severity

    def severity_on(self, day: date) -> Severity:
        return self.after if day >= self.date else self.before


@dataclass
class Rule:
    """One rule's metadata, plus its patterns and examples per language."""

    id: str
    family: str
    severity: Severity
    message: str
    explanation: str
    fix: str
    policy: str
    #: The code-backed check that emits this rule; "phrases" for pattern rules.
    check: str = "phrases"
    patterns: dict[str, list[str]] = field(default_factory=dict)
    exceptions: dict[str, list[str]] = field(default_factory=dict)
    #: A negation cue of the post's language shortly before a match, in the same clause,
    #: cancels it ("we never buy followers"); the cues are the packs' ``lexicons.phrases``.
    negatable: bool = False
    #: When set, the severity depends on the post's date (see :class:`Effective`).
    effective: Effective | None = None
    #: For code-backed checks that match with spaCy: per language, cheap regexes that say a
    #: block may hold a match (``cues``), phrase lists and Matcher token patterns by label
    #: (``trigger`` makes a finding, ``exempt`` cancels an overlapping trigger).
    cues: dict[str, list[str]] = field(default_factory=dict)
    lexicon: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    token_patterns: dict[str, dict[str, list[list[dict[str, Any]]]]] = field(default_factory=dict)
    #: Named pattern lists per language that a code-backed check reads: the proof check's
    #: sensitive topics (``{lang: {topic: [pattern, ...]}}``).
    topics: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    #: How a topic is named in a message, per language (``{"ro": {"ai": "inteligență
    #: artificială"}}``); a topic without a name is shown by its key.
    topic_names: dict[str, dict[str, str]] = field(default_factory=dict)
    #: For ``require`` rules (check ``require``): the condition and the required text, per
    #: language.
    require: dict[str, Require] = field(default_factory=dict)
    #: Message, explanation and fix hint per language, where a pack gives them
    #: (``{"ro": {"message": …, "explanation": …, "fix": …}}``); the fields above are the
    #: first pack's and the fallback.
    localised: dict[str, dict[str, str]] = field(default_factory=dict)
    examples: dict[str, Examples] = field(default_factory=dict)
    #: Pack files this rule was read from, for error messages.
    sources: list[str] = field(default_factory=list)
    #: True for a rule from the config's ``rule_packs`` (a team's own rules).
    house: bool = False

    @property
    def name(self) -> str:
        return self.id.split("/", 1)[1]

    def text(self, name: str, lang: str | None) -> str:
        """``message``, ``explanation`` or ``fix`` in ``lang`` (the default when absent)."""
        return self.localised.get(lang or "", {}).get(name) or getattr(self, name)

    def message_for(self, lang: str) -> str:
        return self.text("message", lang)

    def summary(self, lang: str | None = None) -> str:
        """The message as a description of the rule: the ``{slots}`` a finding fills are
        shown as "…" ("Statistic with no source: '…'")."""
        return self.described("message", lang)

    def described(self, name: str, lang: str | None = None) -> str:
        """``message``, ``explanation`` or ``fix`` with its ``{slots}`` shown as "…" and a
        plural choice ``{slot:one|many}`` as its plural, for a reader of the rule rather than
        of one finding."""
        return _SLOT.sub(lambda m: m.group(3) if m.group(3) is not None else "…", self.text(name, lang))

    def fix_for(self, lang: str) -> str:
        return self.text("fix", lang)

    def severity_on(self, day: date | None) -> Severity:
        """The severity of a finding on a post published on ``day`` (today when unknown)."""
        if self.effective is None:
            return self.severity
        return self.effective.severity_on(day or date.today())

    def topic_name(self, topic: str, lang: str) -> str:
        return self.topic_names.get(lang, {}).get(topic, topic)

@dataclass
class Registry:
    """All rules by id, in a stable order (family order, then id)."""

    rules: dict[str, Rule] = field(default_factory=dict)
    #: Word lists a code-backed check shares between its rules, by check, language and list
    #: name (a pack's top-level ``lexicons``), e.g. the words that mark a citation.
    lexicons: dict[str, dict[str, dict[str, list[str]]]] = field(default_factory=dict)

    def get(self, rule_id: str) -> Rule:
        return self.rules[rule_id]

    def __contains__(self, rule_id: str) -> bool:
        return rule_id in self.rules

    def sorted(self) -> list[Rule]:
        order = {family: index for index, family in enumerate([*FAMILIES, META_FAMILY])}
        return sorted(self.rules.values(), key=lambda r: (order.get(r.family, 99), r.id))

    def lexicon(self, check: str, lang: str) -> dict[str, list[str]]:
        """The shared word lists of ``check`` in ``lang`` (empty when there are none)."""
        return self.lexicons.get(check, {}).get(lang, {})

    def for_check(self, check: str) -> list[Rule]:
        return [rule for rule in self.rules.values() if rule.check == check]

    def knows(self, selector: str) -> bool:
        """Whether ``selector`` names a rule or a family (for validating --select and config)."""
        return selector in self.rules or selector in FAMILIES or selector == META_FAMILY
