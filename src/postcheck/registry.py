"""The rule registry: every rule postcheck can report, whether defined as data or in code.

Rules come from the YAML packs (``rules/common``, ``rules/en``, ``rules/ro``). A rule either
carries ``patterns`` (matched by the phrase check) or names the code-backed ``check`` that
emits it; either way it has the same metadata, so ``postcheck rules``, ``explain``, SARIF and
the example tests treat all rules alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from postcheck.findings import FAMILIES, META_FAMILY, Severity

LANGUAGES = ("en", "ro")
_SLOT = re.compile(r"\{\w+\}")


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
    #: For code-backed checks that match with spaCy: per language, cheap regexes that say a
    #: block may hold a match (``cues``), phrase lists and Matcher token patterns by label
    #: (``trigger`` makes a finding, ``exempt`` cancels an overlapping trigger).
    cues: dict[str, list[str]] = field(default_factory=dict)
    lexicon: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    token_patterns: dict[str, dict[str, list[list[dict[str, Any]]]]] = field(default_factory=dict)
    #: Named pattern lists per language that a code-backed check reads: the proof check's
    #: sensitive topics (``{lang: {topic: [pattern, ...]}}``).
    topics: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    #: Message, explanation and fix hint per language, where a pack gives them
    #: (``{"ro": {"message": …, "explanation": …, "fix": …}}``); the fields above are the
    #: first pack's and the fallback.
    localised: dict[str, dict[str, str]] = field(default_factory=dict)
    examples: dict[str, Examples] = field(default_factory=dict)
    #: Pack files this rule was read from, for error messages.
    sources: list[str] = field(default_factory=list)

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
        return _SLOT.sub("…", self.text("message", lang))

    def fix_for(self, lang: str) -> str:
        return self.text("fix", lang)

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
