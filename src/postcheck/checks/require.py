"""The require check: a ``require`` rule fires when text that must appear is missing.

Phrase rules fire on what a post says; compliance also needs the opposite: investment wording
needs "capital at risk", a health post "not medical advice", a sponsored post a clear "#ad" up
front. A rule is triggered when one of its ``when`` patterns matches the prose (less its
``exceptions``) or when every one of its ``front_matter`` conditions holds; then one of its
``text`` patterns must appear:

- ``within: post``: anywhere in the post's prose, the title included;
- ``within: paragraph``: in each paragraph (list item, table cell, quote…) holding a trigger;
- ``within: opening``: in the title or the first paragraph, before the first link, where a
  reader sees it before clicking away (the FTC's placement for ad and affiliate disclosures).

Patterns follow the phrase rules' conventions and compiler
(:func:`postcheck.checks.phrases.compile_pattern`). The finding sits at the first trigger (the
front-matter key, or the words) and names the text required; with ``opening``, text that only
appears later is reported where it stands, so the writer sees what to move. A post that could
not be parsed completely is not judged: the part that could not be read may hold the text.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterable

from postcheck.checks.base import CheckContext, DocumentCheck, register
from postcheck.checks.phrases import CompiledRule, compile_pattern, find_matches
from postcheck.findings import Finding
from postcheck.model import BlockKind, Document, LinkKind, Position, ProseBlock, Span
from postcheck.registry import Require, Rule, front_matter_value

#: How many of the required texts a finding names (the pack lists the preferred ones first).
NAMED = 3
#: The engine's words around the required texts, per language.
_REQUIRED = {"en": ("Required: {required}.", "'{}'", " or "), "ro": ("Trebuie să apară: {required}.", "„{}”", " sau ")}
_REGEX_SYNTAX = re.compile(r"[.^$*+?{}\[\]|()\\]")
_ESCAPED = re.compile(r"\\([^\w\s])")


@dataclass(frozen=True)
class CompiledRequire:
    rule: Rule
    spec: Require
    triggers: CompiledRule | None
    text: Any  # a compiled pattern from compile_pattern


_CACHE: dict[tuple[str, str, int], CompiledRequire | None] = {}


def compiled_require(rule: Rule, lang: str) -> CompiledRequire | None:
    """The rule's patterns for ``lang``, compiled once per process."""
    key = (rule.id, lang, id(rule))
    if key not in _CACHE:
        spec = rule.require.get(lang)
        _CACHE[key] = _compile(rule, spec, lang) if spec else None
    return _CACHE[key]


def _compile(rule: Rule, spec: Require, lang: str) -> CompiledRequire:
    exceptions = rule.exceptions.get(lang)
    triggers = None
    if spec.when:
        triggers = CompiledRule(rule, compile_pattern(spec.when), compile_pattern(exceptions) if exceptions else None)
    return CompiledRequire(rule, spec, triggers, compile_pattern(spec.text))


@register
class RequireCheck(DocumentCheck):
    """Runs every ``require`` rule of the post's language."""

    name = "require"
    family = "deceptive"  # its rules may belong to any family; this is only its home

    def check_document(self, doc: Document, ctx: CheckContext) -> Iterable[Finding]:
        if doc.problem is not None:
            return
        for rule in self.rules(ctx.registry):
            compiled = compiled_require(rule, doc.lang) if ctx.is_enabled(rule.id) else None
            if compiled is not None:
                yield from _findings(compiled, doc, ctx)

    @classmethod
    def details(cls, rule: Rule) -> list[str]:
        lines: list[str] = []
        for lang, spec in sorted(rule.require.items()):
            lines += [f"Requires ({lang}), within {spec.within}:"]
            if spec.when:
                lines += [f"  when the prose says: {' | '.join(spec.when)}"]
            for key, values in spec.front_matter.items():
                lines += [f"  when front matter {key} is: {' | '.join(values)}"]
            lines += [f"  one of: {' | '.join(spec.text)}"]
        return lines


def _findings(compiled: CompiledRequire, doc: Document, ctx: CheckContext) -> Iterable[Finding]:
    spec = compiled.spec
    if spec.within == "paragraph":
        for block in doc.prose():
            trigger = _first_trigger(compiled, [block])
            if trigger is not None and not _has_text(compiled, block):
                yield _finding(compiled, doc, ctx, block.span(*trigger[1]), block.text[slice(*trigger[1])])
        return
    trigger = _trigger(compiled, doc)
    if trigger is None:
        return
    span, words = trigger
    if spec.within == "post":
        if not any(_has_text(compiled, block) for block in doc.prose()):
            yield _finding(compiled, doc, ctx, span, words)
        return
    if not _in_opening(compiled, doc):
        late = next((block.span(*m.span()) for block in doc.prose() for m in compiled.text.finditer(block.folded)), None)
        yield _finding(compiled, doc, ctx, late or span, words)


def _trigger(compiled: CompiledRequire, doc: Document) -> tuple[Span, str] | None:
    """Where the rule is first triggered: the earliest of the front-matter key (when all
    conditions hold) and the first ``when`` match."""
    found = []
    conditions = compiled.spec.front_matter
    if conditions and all(_holds(doc.front_matter.get(key), wanted) for key, wanted in conditions.items()):
        key = min(conditions, key=lambda name: doc.front_matter.position_of(name))
        start = doc.front_matter.position_of(key)
        found.append((Span(start, Position(start.line, start.column + len(key))), key))
    prose = _first_trigger(compiled, doc.prose())
    if prose is not None:
        block, offsets = prose
        found.append((block.span(*offsets), block.text[slice(*offsets)]))
    return min(found, key=lambda item: item[0].start, default=None)


def _first_trigger(compiled: CompiledRequire, blocks: Iterable[ProseBlock]) -> tuple[ProseBlock, tuple[int, int]] | None:
    if compiled.triggers is None:
        return None
    for block in blocks:
        for offsets in find_matches(compiled.triggers, block.folded):
            return block, offsets
    return None


def _holds(value: Any, wanted: list[str]) -> bool:
    """A front-matter value meets a condition when it, or any item of a list, is wanted."""
    items = value if isinstance(value, list) else [value]
    return any(item is not None and not isinstance(item, (dict, list)) and front_matter_value(item) in wanted for item in items)


def _has_text(compiled: CompiledRequire, block: ProseBlock) -> bool:
    return next(iter(compiled.text.finditer(block.folded)), None) is not None


def _in_opening(compiled: CompiledRequire, doc: Document) -> bool:
    """Whether a required text stands in the title or first paragraph, before the first link."""
    limit = first_link(doc)
    for block in opening_blocks(doc):
        for match in compiled.text.finditer(block.folded):
            if limit is None or block.span(*match.span()).start < limit:
                return True
    return False


def opening_blocks(doc: Document) -> list[ProseBlock]:
    """The title and the first body block with words in it (headings are skipped: a
    disclosure belongs with the text, and a post usually opens with its title anyway)."""
    title = [block for block in doc.prose() if block.kind is BlockKind.TITLE]
    body = next(
        (b for b in doc.prose() if b.kind not in (BlockKind.TITLE, BlockKind.HEADING) and any(c.isalnum() for c in b.text)),
        None,
    )
    return title[:1] + ([body] if body else [])


def first_link(doc: Document) -> Position | None:
    """Where the first link a reader can follow starts (images do not count)."""
    return min((link.span.start for link in doc.links if link.kind is not LinkKind.IMAGE), default=None)


def _finding(compiled: CompiledRequire, doc: Document, ctx: CheckContext, span: Span, words: str) -> Finding:
    rule = compiled.rule
    sentence, quote, joiner = _REQUIRED.get(doc.lang, _REQUIRED["en"])
    required = named_texts(compiled.spec.text, quote, joiner)
    message = rule.message_for(doc.lang)
    if "{required}" not in message + rule.fix_for(doc.lang):
        message = f"{message} {sentence}"
    return ctx.finding(doc, rule.id, span, message=message, required=required, match=words)


def named_texts(patterns: list[str], quote: str = "'{}'", joiner: str = " or ") -> str:
    """The required texts as a reader would write them: the first :data:`NAMED` patterns that
    are plain words (escapes undone), else the first pattern as written."""
    plain = [_ESCAPED.sub(r"\1", p) for p in patterns if not _REGEX_SYNTAX.search(_ESCAPED.sub("", p))]
    shown = [quote.format(text) for text in (plain or patterns[:1])[:NAMED]]
    return shown[0] if len(shown) == 1 else ", ".join(shown[:-1]) + joiner + shown[-1]
