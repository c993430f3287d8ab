"""Adversarial strings for a regular expression, made from its own structure.

A backtracking regex is slow when a repetition can be matched many ways and the rest of the
pattern then fails: ``\\d[\\d,.]*k? followers`` on ``1,1,1,…``, ``(?:a=a\\s*)+`` on ``a=aa=a…``,
``<[a-z][^>]*?id`` on ``<a <a <a…``. For every repetition in the pattern this builds the text
that leads up to it (a shortest match of what comes before), the repetition's body pumped many
times (each way of matching it: every alternative, representative characters of a class, and
pairs of them), and a tail that makes the match fail. A linear-time engine takes time
proportional to the length on all of them; a catastrophic pattern takes seconds or more.

Used by ``tests/test_rules_linear.py`` (every pack pattern and every parser regex) and
``bench/hostile.py``.
"""

from __future__ import annotations

import itertools
import re
import signal
import time
from dataclasses import dataclass
from typing import Any, Callable, Iterator

from re import _constants as sre  # type: ignore[attr-defined]
from re import _parser as sre_parse  # type: ignore[attr-defined]

#: Characters tried as members of a class, in order of preference.
CANDIDATES = "a1 ,.-_!$%<>@#=\"'{}\n\tZé\u00a0:/?&"
TAILS = ("!",)
_REPEATS = {sre.MAX_REPEAT, sre.MIN_REPEAT, getattr(sre, "POSSESSIVE_REPEAT", sre.MAX_REPEAT)}
_LIMIT = 8


@dataclass(frozen=True)
class Attack:
    """``prefix + pump * n + tail``: what leads to a repetition, its body, and a failing end."""

    prefix: str
    pump: str
    tail: str

    def text(self, length: int) -> str:
        """The attack, with the pump repeated to about ``length`` characters."""
        return self.prefix + self.pump * max(16, length // len(self.pump)) + self.tail


def attacks(source: str, flags: int = 0) -> list[Attack]:
    """Distinct attacks on every repetition of ``source`` (Python ``re`` syntax)."""
    parsed = sre_parse.parse(source, flags)
    found: dict[Attack, None] = {}
    for prefix, body in _repetitions(list(parsed), ""):
        for pump in _variants(body)[:_LIMIT]:
            if pump:
                for tail in TAILS:
                    found[Attack(prefix, pump, tail)] = None
                    # Many starts, each scanning far: what an unanchored search meets.
                    found[Attack("", prefix + pump, tail)] = None
    return list(found)


def _repetitions(items: list[Any], prefix: str) -> Iterator[tuple[str, list[Any]]]:
    """``(text before, body)`` of every repetition that may repeat more than once."""
    for index, (op, av) in enumerate(items):
        before = prefix + _witness(items[:index])
        if op in _REPEATS:
            low, high, body = av
            if high is sre.MAXREPEAT or high > 1:
                yield before, list(body)
            yield from _repetitions(list(body), before)
        elif op is sre.SUBPATTERN:
            yield from _repetitions(list(av[-1]), before)
        elif op is sre.BRANCH:
            for alternative in av[1]:
                yield from _repetitions(list(alternative), before)
        elif op is getattr(sre, "ATOMIC_GROUP", None):
            yield from _repetitions(list(av), before)


def _witness(items: list[Any]) -> str:
    """A shortest-ish string matching ``items`` (the first way of each choice)."""
    return "".join(_variants(items, limit=1)[0] if items else "")


def _variants(items: list[Any], limit: int = _LIMIT) -> list[str]:
    """Strings matching ``items``, taking different choices (alternatives, class members,
    pairs of class members), at most ``limit``."""
    results = [""]
    for op, av in items:
        options = _node_variants(op, av, limit)
        results = list(dict.fromkeys(a + b for a, b in itertools.product(results, options)))[:limit]
    return results


def _node_variants(op: Any, av: Any, limit: int) -> list[str]:
    if op is sre.LITERAL:
        return [chr(av)]
    if op is sre.NOT_LITERAL:
        return ["a" if chr(av) != "a" else "b"]
    if op is sre.ANY:
        return ["a", " "]
    if op is sre.IN:
        members = [c for c in CANDIDATES + "".join(chr(a) for o, a in av if o is sre.LITERAL) if _in_class(av, c)]
        members = list(dict.fromkeys(members))[:4]
        if not members:
            return [""]
        pairs = [a + b for a, b in itertools.product(members, members) if a != b]
        return (members + pairs)[:limit] if limit > 1 else members[:1]
    if op in _REPEATS:
        low, _, body = av
        inner = _variants(list(body), limit)
        return [v * max(low, 1) for v in inner] if low else ["", *inner][:limit]
    if op is sre.SUBPATTERN:
        return _variants(list(av[-1]), limit)
    if op is sre.BRANCH:
        return list(dict.fromkeys(v for alternative in av[1] for v in _variants(list(alternative), limit)))[:limit]
    if op is getattr(sre, "ATOMIC_GROUP", None):
        return _variants(list(av), limit)
    return [""]  # anchors, lookaround, backreferences: nothing to write


_CATEGORIES: dict[Any, Callable[[str], bool]] = {
    sre.CATEGORY_DIGIT: str.isdecimal,
    sre.CATEGORY_NOT_DIGIT: lambda c: not c.isdecimal(),
    sre.CATEGORY_SPACE: str.isspace,
    sre.CATEGORY_NOT_SPACE: lambda c: not c.isspace(),
    sre.CATEGORY_WORD: lambda c: c.isalnum() or c == "_",
    sre.CATEGORY_NOT_WORD: lambda c: not (c.isalnum() or c == "_"),
}


def _in_class(items: list[Any], char: str) -> bool:
    negate = False
    hit = False
    for op, av in items:
        if op is sre.NEGATE:
            negate = True
        elif op is sre.LITERAL:
            hit = hit or char.lower() == chr(av).lower()
        elif op is sre.RANGE:
            hit = hit or av[0] <= ord(char) <= av[1] or av[0] <= ord(char.upper()) <= av[1]
        elif op is sre.CATEGORY:
            hit = hit or _CATEGORIES.get(av, lambda c: False)(char)
    return hit != negate


class _TooSlow(Exception):
    pass


def _on_alarm(signum: int, frame: Any) -> None:
    raise _TooSlow()


def seconds(run: Callable[[str], object], text: str, cap: float) -> float:
    """How long ``run(text)`` takes, at most ``cap`` (a catastrophic regex is interrupted:
    Python's ``re`` checks for signals while it backtracks)."""
    previous = signal.signal(signal.SIGALRM, _on_alarm)
    signal.setitimer(signal.ITIMER_REAL, cap)
    start = time.perf_counter()
    try:
        run(text)
    except _TooSlow:
        return cap
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    return time.perf_counter() - start


def superlinear(
    run: Callable[[str], object], source: str, length: int, budget: float, flags: int = 0, cap: float = 1.0, first: bool = False
) -> list[tuple[str, list[float]]]:
    """The attacks on ``source`` that show ``run`` is not linear: ``(attack, seconds at
    ``length`` characters, twice and four times as many)``. An attack that takes over ``budget`` is measured again
    (the first run may build an automaton) at twice and four times the pumping; it fails when
    it takes ``cap`` seconds, or when each doubling more than triples the time (linear time
    doubles it; a slow machine is not a failure, a quadratic or exponential pattern is).
    ``first``: stop at the first one."""
    slow = []
    for attack in attacks(source, flags):
        if seconds(run, attack.text(length), cap) <= budget:
            continue
        times = [seconds(run, attack.text(length * factor), cap) for factor in (1, 2, 4)]
        if times[0] >= cap or times[1] >= cap or (times[1] > 3 * times[0] and times[2] > 3 * times[1]):
            slow.append((attack.text(3)[:80], times))
            if first:
                break
    return slow


def search_all(pattern: re.Pattern[str]) -> Callable[[str], object]:
    """What the engine does with a regex over a text: every match, left to right."""
    return lambda text: list(pattern.finditer(text))
