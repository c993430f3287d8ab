"""Pattern predicates as lexeme flags: the same matches, a fraction of the cost.

spaCy's Matcher checks the first token of every pattern at every token of a text, and a
predicate such as ``{NORM: {IN: [...]}}`` or ``{TEXT: {REGEX: ...}}`` is a Python call each
time: with a hundred patterns, most of the claims check's time. A lexeme flag is computed once
per word, by the vocabulary, and checked as a bit. So a pattern's first-token predicates
become one flag (patterns that share them share it); the others stay as written, since they
are only checked where a pattern has already started to match.

What stays a predicate: a first token whose NORM set holds an apostrophe (the tokenizer's
exceptions give "'s" and "n't" norms of their own, which a word-level flag cannot see), and
whatever comes after the flags run out (a vocabulary has 45 free ones).
"""

from __future__ import annotations

import functools
import json
import re
from typing import Any, Callable

from spacy.schemas import validate_token_pattern
from spacy.vocab import Vocab

from postcheck.textfold import fold

#: Lexeme flag ids spaCy leaves free (its own attributes use the ones below 19).
FREE_FLAGS = range(19, 64)
#: The token attributes a flag can stand for, and how each is read from a word.
#: A word's norm is read once per flag (45 of them) when it enters the vocabulary: computed once.
READERS: dict[str, Callable[[str], str]] = {
    "TEXT": lambda text: text,
    "ORTH": lambda text: text,
    "LOWER": str.lower,
    "NORM": functools.lru_cache(maxsize=1 << 16)(lambda text: fold(text.lower())),
}


class LexemeFlags:
    """Compiles token patterns for one vocabulary."""

    def __init__(self, vocab: Vocab) -> None:
        self.vocab = vocab
        self.flags: dict[str, int] = {}
        self.free = iter(FREE_FLAGS)

    def compile(self, pattern: list[dict[str, Any]]) -> list[dict[str, Any]]:
        """``pattern`` with its first token's predicates as one flag, when they can be."""
        first = pattern[0]
        predicates = {key: value for key, value in first.items() if key in READERS and isinstance(value, dict)}
        if not predicates or not all(_flaggable(key, value) for key, value in predicates.items()):
            return pattern
        key = json.dumps(predicates, sort_keys=True)
        if key not in self.flags:
            flag = next(self.free, None)
            if flag is None:
                return pattern
            self.flags[key] = self.vocab.add_flag(_test(predicates), flag_id=flag)
        rest = {name: value for name, value in first.items() if name not in predicates}
        return [{self.flags[key]: True, **rest}, *pattern[1:]]


def validate(pattern: list[dict[str, Any]], where: str) -> None:
    """The checks a validating Matcher makes (flags are ids it does not know)."""
    errors = validate_token_pattern(pattern)
    if errors:
        raise ValueError(f"{where}: invalid token pattern {pattern!r}: {'; '.join(errors)}")


def _flaggable(key: str, value: dict[str, Any]) -> bool:
    if not set(value) <= {"IN", "NOT_IN", "REGEX"}:
        return False
    words = [*value.get("IN", []), *value.get("NOT_IN", [])]
    return key != "NORM" or not any("'" in str(word) or "’" in str(word) for word in words)


def _test(predicates: dict[str, dict[str, Any]]) -> Callable[[str], bool]:
    """A word's flag: every predicate holds for it."""
    checks = []
    for key, value in predicates.items():
        read = READERS[key]
        if "IN" in value:
            checks.append((read, frozenset(map(str, value["IN"])).__contains__))
        if "NOT_IN" in value:
            excluded = frozenset(map(str, value["NOT_IN"]))
            checks.append((read, lambda word, excluded=excluded: word not in excluded))
        if "REGEX" in value:
            checks.append((read, lambda word, regex=re.compile(value["REGEX"]): regex.search(word) is not None))
    if len(checks) == 1:
        (read, test), = checks
        return lambda text: test(read(text))
    return lambda text: all(test(read(text)) for read, test in checks)
