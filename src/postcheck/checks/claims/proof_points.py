"""The proof-point register: approved claims with their evidence, owner and review dates.

``proof_points: FILE`` in the config names the register (:mod:`.proof_points_file` reads and
validates it). When the claims check would report a claim as unsourced and one of the
register's entries matches the claim's sentence, the entry substantiates the claim instead
(:mod:`.proof_points_check`): the claim is listed in the post's ``substantiated`` records, and
an entry that has expired, expires soon or is not approved for the post's channel is a finding.

Dates are judged on the day the post is published, its front matter ``date``; an undated post
(a draft) is judged today. An entry is valid through its ``expires`` day.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from postcheck.checks.base import CheckContext
from postcheck.model import Document, Span

#: ``ctx.shared`` key of the run's register (absent: the config names none).
REGISTER = "proof-points"
#: ``ctx.record`` name of the claims an entry backs (the JSON output's ``substantiated``).
SUBSTANTIATED = "substantiated"
#: An entry that expires within this many days of the day judged is ``expiring``.
EXPIRING_DAYS = 30
OK, EXPIRING, EXPIRED, UNUSED = "ok", "expiring", "expired", "unused"


@dataclass(frozen=True)
class ProofPoint:
    """One entry of the register, validated."""

    id: str
    claim: str
    #: Language → compiled patterns (the packs' syntax); any match in a sentence is a match.
    patterns: dict[str, Any]
    evidence: str
    #: Where ``evidence`` is written in the register (the value, without its quotes).
    evidence_span: Span
    owner: str
    reviewed: date
    expires: date | None
    #: Channels the claim is approved for, lowercased; None: any channel.
    channels: tuple[str, ...] | None
    #: The register line where the entry starts.
    line: int

    @property
    def evidence_is_url(self) -> bool:
        return self.evidence.lower().startswith(("http://", "https://"))

    def status(self, day: date) -> str:
        """``expired`` when ``expires`` is before ``day``; ``expiring`` when it is at most
        :data:`EXPIRING_DAYS` after it; ``ok`` otherwise."""
        if self.expires is None:
            return OK
        if self.expires < day:
            return EXPIRED
        return EXPIRING if (self.expires - day).days <= EXPIRING_DAYS else OK

    def allows(self, channel: str | None) -> bool:
        """Whether the claim may be used on ``channel`` (a post with no channel is not judged)."""
        return self.channels is None or channel is None or channel in self.channels

    def matches(self, folded_sentence: str, lang: str) -> bool:
        pattern = self.patterns.get(lang)
        return pattern is not None and pattern.search(folded_sentence) is not None


@dataclass
class Register:
    """The validated register and the file it came from."""

    path: Path
    #: The register's path as reports show it.
    display: str
    entries: list[ProofPoint]
    #: The register as a document beside the posts (its evidence URLs are its links).
    document: Document
    #: SHA-256 of the file's text: the results cache keys on it (see :mod:`postcheck.cache`).
    digest: str = ""

    def backing(self, folded_sentence: str, lang: str, day: date, channel: str | None) -> ProofPoint | None:
        """The entry that backs a claim in this sentence: of the entries that match, a valid
        one before an expired one, one approved for the channel before one that is not, then
        the register's order."""
        matching = [entry for entry in self.entries if entry.matches(folded_sentence, lang)]
        return min(matching, key=lambda e: (e.status(day) == EXPIRED, not e.allows(channel)), default=None)


@dataclass(frozen=True)
class Use:
    """A claim in a post that an entry backs: the post's ``substantiated`` record."""

    entry: str
    claim: str
    #: The entry's status on the post's day.
    status: str
    rule: str
    path: str
    span: Span
    excerpt: str
    #: The block offsets of the claim's sentence, so one sentence is recorded once per entry.
    sentence: tuple[int, int]

    def as_json(self) -> dict[str, object]:
        """The record as the JSON output lists it under the file's ``substantiated``."""
        return {
            "id": self.entry,
            "claim": self.claim,
            "status": self.status,
            "rule": self.rule,
            "line": self.span.start.line,
            "column": self.span.start.column,
            "end_line": self.span.end.line,
            "end_column": self.span.end.column,
            "excerpt": self.excerpt,
        }


def register_of(ctx: CheckContext) -> Register | None:
    """The run's register, loaded by :class:`~.proof_points_check.RegisterCheck` before any
    check runs (None when the config names none)."""
    return ctx.shared.get(REGISTER)


def post_day(doc: Document, today: date | None = None) -> date:
    """The day a post is judged on: its front matter ``date`` (as the results cache reads
    it), else today."""
    return doc.publication_date or today or date.today()


def post_channel(doc: Document) -> str | None:
    """The post's front matter ``channel``, lowercased (None when it has none)."""
    value = doc.front_matter.get("channel")
    return (value.strip().lower() or None) if isinstance(value, str) else None
