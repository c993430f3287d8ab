"""The proof-point register in a run: loaded before any check, consulted by the claims check
for each claim it would report as unsourced, and checked itself (its evidence).

:class:`RegisterCheck` loads the register in :meth:`~RegisterCheck.prepare`, so a malformed
one is a configuration error (exit code 2) whichever rules are selected, and adds it to the
run as a side document: the links check requests its evidence URLs, and a finding on it (an
evidence path that does not exist, a broken evidence URL) is reported on the register's line.
"""

from __future__ import annotations

from typing import Any, Iterable, Protocol, Sequence

from postcheck.checks.base import Check, CheckContext, excerpt, register
from postcheck.checks.claims import proof_points_file
from postcheck.checks.claims.proof_points import (
    EXPIRED,
    EXPIRING,
    REGISTER,
    SUBSTANTIATED,
    ProofPoint,
    Use,
    post_channel,
    post_day,
    register_of,
)
from postcheck.findings import Finding
from postcheck.model import Document, ProseBlock
from postcheck.registry import LANGUAGES

MISSING_EVIDENCE = "claims/missing-evidence"
EXPIRED_RULE = "claims/expired-proof-point"
EXPIRING_RULE = "claims/proof-point-expiring"
CHANNEL_RULE = "claims/proof-point-channel"
#: Families whose checks never look at the register (its rows show "skipped").
NOT_CHECKED = ("utm", "proof", "deceptive")


class Candidate(Protocol):
    """What the claims check knows about a claim: its rule, its offsets and its sentence's
    offsets in the block's text."""

    rule_id: str
    start: int
    end: int
    sentence: tuple[int, int]


@register
class RegisterCheck(Check):
    """Loads the register; reports evidence paths that do not exist."""

    name = "proof-points"
    family = "claims"

    def prepare(self, ctx: CheckContext) -> None:
        name = ctx.config.core.proof_points
        if not name:
            return
        lang = ctx.config.language if ctx.config.language in LANGUAGES else "en"
        loaded = proof_points_file.load(ctx.config.root / name, ctx.config.root, lang)
        ctx.shared[REGISTER] = loaded
        # The claims check (a per-post check, whose results are cached) reads the register and
        # judges an undated post's claims by today's date.
        ctx.inputs[loaded.display] = loaded.digest
        ctx.judged_today = True
        ctx.side_documents.append(loaded.document)
        for family in NOT_CHECKED:
            ctx.mark_skipped(loaded.document, family)

    def run(self, docs: Sequence[Document], ctx: CheckContext) -> Iterable[Finding]:
        loaded = register_of(ctx)
        if loaded is None:
            return
        for entry in loaded.entries:
            if not entry.evidence_is_url and not (ctx.config.root / entry.evidence).exists():
                yield ctx.finding(loaded.document, MISSING_EVIDENCE, entry.evidence_span, id=entry.id, path=entry.evidence)


def substantiate(doc: Document, block: ProseBlock, candidate: Candidate, ctx: CheckContext) -> list[Finding] | None:
    """What the register says about a claim the claims check would report as unsourced: None
    when no entry matches its sentence (the claim stays unsourced); otherwise the claim is
    recorded as substantiated, and the findings are what is wrong with the entry for this post
    (expired, expiring, another channel), once per entry and sentence."""
    loaded = register_of(ctx)
    if loaded is None:
        return None
    start, end = candidate.sentence
    day, channel = post_day(doc), post_channel(doc)
    entry = loaded.backing(block.folded[start:end], doc.lang, day, channel)
    if entry is None:
        return None
    sentence = block.span(start, max(end, start + 1))
    known = ctx.records.get(doc.path, {}).get(SUBSTANTIATED, [])
    if any(use.entry == entry.id and use.sentence == sentence for use in known):
        return []
    span = block.span(candidate.start, candidate.end)
    status = entry.status(day)
    ctx.record(doc, SUBSTANTIATED, Use(entry.id, entry.claim, status, candidate.rule_id, doc.path, span, excerpt(doc, span), sentence))
    match = block.text[candidate.start : candidate.end].replace("\n", " ")
    data = _data(entry, match, day.isoformat(), loaded.display)
    findings = []
    if status == EXPIRED:
        findings.append(ctx.finding(doc, EXPIRED_RULE, span, **data))
    elif status == EXPIRING:
        findings.append(ctx.finding(doc, EXPIRING_RULE, span, days=(entry.expires - day).days, **data))  # type: ignore[operator]
    if not entry.allows(channel):
        findings.append(ctx.finding(doc, CHANNEL_RULE, span, channel=channel, channels=", ".join(entry.channels or ()), **data))
    return findings


def _data(entry: ProofPoint, match: str, day: str, register_name: str) -> dict[str, Any]:
    """What the findings' messages and the JSON ``data`` may name."""
    return {
        "id": entry.id,
        "claim": entry.claim,
        "owner": entry.owner,
        "evidence": entry.evidence,
        "expires": entry.expires.isoformat() if entry.expires else "",
        "day": day,
        "match": match,
        "register": register_name,
    }
