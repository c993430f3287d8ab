"""Source positions for markdown-it-py's inline tokens.

markdown-it gives block tokens a line range but inline tokens no position at all. Every inline
rule, though, advances ``state.pos`` over exactly the characters it consumed. The inline
tokenizer is replaced by the same loop that also records ``(rule, start, end, tokens pushed)``
for every successful rule call, in source order (a rule that tokenizes its own content, as a
link does, comes before the events inside it); that is enough to tell, for each character of a
block's inline content, whether it is literal prose, markup, or part of a masked element, and
where it came from. Recording in the loop, not around each rule, costs one record per token
instead of a wrapper call per rule tried at every position. The records live in ``env`` keyed
by the token list being filled, so one parse of a whole file serves every block.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from typing import Any, Callable

from markdown_it import MarkdownIt
from markdown_it.parser_inline import ParserInline
from markdown_it.token import Token

ENV_KEY = "postcheck_inline_events"
ENV_REFERENCES = "postcheck_reference_lines"

#: After emphasis post-processing these token types are markup, not literal text.
_DELIMITER_MARKUP = {"em_open", "em_close", "strong_open", "strong_close", "s_open", "s_close"}


@dataclass
class InlineEvent:
    """One successful inline rule call: ``src[start:end]`` was consumed by ``rule``."""

    rule: str
    start: int
    end: int = -1
    tokens: list[Token] = field(default_factory=list)
    #: For delimiter runs (emphasis, strikethrough): per character, whether it stayed literal.
    literal: list[bool] | None = None


def instrument(md: MarkdownIt) -> MarkdownIt:
    """Make ``md`` record positions: its inline tokenizer, and the ``fragments_join`` and block
    ``reference`` rules."""
    md.inline.tokenize = functools.partial(_tokenize, md.inline)  # type: ignore[method-assign]
    for rule in md.inline.ruler2.__rules__:
        if rule.name == "fragments_join":
            rule.fn = _snapshot_delimiters(rule.fn)
    for rule in md.block.ruler.__rules__:
        if rule.name == "reference":
            rule.fn = _record_reference(rule.fn)
    # Rulers cache their chains; drop the caches so the wrapped functions are used.
    for ruler in (md.inline.ruler2, md.block.ruler):
        ruler.__cache__ = None
    return md


def events_for(env: dict[str, Any], children: list[Token]) -> list[InlineEvent]:
    """The recorded events of the inline content whose tokens are ``children``."""
    return env.get(ENV_KEY, {}).get(id(children), [])


def _tokenize(inline: ParserInline, state: Any) -> None:
    """markdown-it's ``ParserInline.tokenize``, recording each successful rule call."""
    rules = [(rule.name, rule.fn) for rule in inline.ruler.__rules__ if rule.enabled]
    store = state.env.setdefault(ENV_KEY, {}).setdefault(id(state.tokens), [])
    end = state.posMax
    max_nesting = state.md.options["maxNesting"]
    while state.pos < end:
        pos = state.pos
        matched = None
        if state.level < max_nesting:
            count, pending, index = len(state.tokens), state.pending, len(store)
            for name, fn in rules:
                if fn(state, False):
                    matched = name
                    break
        if matched is None:
            _append_pending(state, state.src[pos])
            state.pos += 1
            continue
        if state.pos <= pos:
            raise RuntimeError("inline rule didn't increment state.pos")
        event = InlineEvent(matched, pos, state.pos, _own_tokens(state.tokens[count:], pending))
        store.insert(index, event) if index < len(store) else store.append(event)
        if state.pos >= end:
            break
    if state.pending:
        state.pushPending()


def _append_pending(state: Any, char: str) -> None:
    """Add a literal character to the text not yet flushed (markdown-it-py 4 buffers it)."""
    append = getattr(state, "append_pending", None)
    if append is not None:
        append(char)
    else:
        state.pending += char


def _own_tokens(pushed: list[Token], pending: str) -> list[Token]:
    """The tokens a rule pushed itself. Pushing first flushes the text collected so far
    (``state.pending``, possibly with trailing spaces or a URL scheme trimmed by the rule) as
    a text token; that one belongs to the earlier text, not to this rule."""
    first = pushed[0] if pushed else None
    if pending and first is not None and first.type == "text" and first.content and pending.startswith(first.content):
        return pushed[1:]
    return pushed


def _snapshot_delimiters(fn: Callable[..., Any]) -> Callable[..., Any]:
    """Before adjacent text tokens are merged, note which delimiter characters became markup
    (``**`` of a strong span) and which stayed literal text (an unmatched ``*``)."""

    def rule(state: Any) -> Any:
        for event in state.env.get(ENV_KEY, {}).get(id(state.tokens), []):
            if event.rule in ("emphasis", "strikethrough") and event.tokens:
                event.literal = [flag for token in event.tokens for flag in _delimiter_chars(token)]
        return fn(state)

    return rule


def _record_reference(fn: Callable[..., bool]) -> Callable[..., bool]:
    """Reference definitions produce no token; record the lines each one took."""

    def rule(state: Any, start_line: int, end_line: int, silent: bool) -> bool:
        ok = fn(state, start_line, end_line, silent)
        if ok and not silent:
            state.env.setdefault(ENV_REFERENCES, []).append((start_line, state.line))
        return ok

    return rule


def _delimiter_chars(token: Token) -> list[bool]:
    """Per source character of one delimiter token: True where it is still literal text.

    Emphasis pushes one token per ``*``/``_``; a strong pair keeps one as ``strong_open`` and
    empties the other. Strikethrough pushes ``~~`` (or a lone ``~``) per token."""
    if token.type in _DELIMITER_MARKUP:
        return [False] * len(token.markup if token.type.startswith("s_") else "*")
    if token.content == "":
        return [False]
    return [True] * len(token.content)


_LOOK_BACK = 64


def with_link_schemes(content: str, events: list[InlineEvent]) -> list[InlineEvent]:
    """The linkify rule fires at the ``:`` of ``https://`` and takes back the scheme already
    collected as text; move that boundary so the scheme belongs to the URL."""
    for index, event in enumerate(events):
        if event.rule != "linkify":
            continue
        start = event.start
        while start > 0 and (content[start - 1].isalnum() or content[start - 1] in "+.-"):
            start -= 1
        event.start = start
        # Events are in source order: only the ones just before can reach past the scheme's
        # start (looking further back made 20,000 bare URLs quadratic).
        for earlier in reversed(events[max(0, index - _LOOK_BACK) : index]):
            if earlier.end > start:
                earlier.end = max(earlier.start, start)
            elif earlier.start < start:
                break
    return events


def label_end(content: str, event: InlineEvent) -> int:
    """Index of the ``]`` closing a link's label (brackets balance, escapes and code skipped,
    as markdown-it's own label parser does)."""
    depth, pos = 0, event.start + 1
    while pos < event.end:
        char = content[pos]
        if char == "\\":
            pos += 2
            continue
        if char == "`":
            close = content.find(char, pos + 1)
            pos = close + 1 if 0 <= close < event.end else pos + 1
            continue
        if char == "[":
            depth += 1
        elif char == "]":
            if depth == 0:
                return pos
            depth -= 1
        pos += 1
    return event.end - 1
