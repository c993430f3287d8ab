"""Turn what a URL answered into a rule: broken, unverifiable, moved, or fine.

The line between *broken* and *unverifiable* is where false alarms are made. Broken means the
link does not work for a reader: the page is gone (404, 410, other 4xx), the server kept
answering an error (5xx on every attempt: what a reader gets too), the name does not exist,
nothing listens, TLS fails, or redirects loop. Unverifiable means postcheck could not tell:
the site refuses robots (401, 403, LinkedIn's 999, a Cloudflare challenge), kept rate-limiting
(429), timed out or dropped the connection through every retry, the run ran out of time, or
the address is private. Those are warnings that say so, never "broken" and never silently fine.
"""

from __future__ import annotations

from dataclasses import dataclass
from http import HTTPStatus

from postcheck.checks.links.outcome import Failure, Outcome

BROKEN = "links/broken"
UNVERIFIABLE = "links/unverifiable"
REDIRECT = "links/redirect"
MISSING_FILE = "links/missing-file"
MISSING_ANCHOR = "links/missing-anchor"

#: Client errors that usually mean "not for robots" rather than "not there".
BOT_STATUSES = {401, 403, 405, 406, 407, 418, 429, 451}
BROKEN_FAILURES = {Failure.DNS, Failure.REFUSED, Failure.TLS, Failure.REDIRECT_LOOP, Failure.INVALID}
REASONS = {
    401: "the site asks for a login",
    403: "the site refuses automated requests (403)",
    429: "the site kept rate-limiting postcheck (429)",
    999: "the site refuses automated requests (LinkedIn's 999)",
}


@dataclass(frozen=True)
class Judgement:
    """The rule a URL's outcome calls for (None: it works) and the reason, in words."""

    rule: str | None
    reason: str = ""


def judge(outcome: Outcome, accept: set[int]) -> Judgement:
    if outcome.failure is not None:
        return _failed(outcome)
    status = outcome.status or 0
    tries = _tries(outcome)
    if outcome.challenge:
        return Judgement(UNVERIFIABLE, f"the site answered with a bot challenge ({status}){tries}")
    if status in accept or 200 <= status < 300:
        return Judgement(None)
    if status in (404, 410) or (400 <= status < 500 and status not in BOT_STATUSES):
        return Judgement(BROKEN, f"the server answered {status}{_status_name(status)}")
    if 500 <= status < 600:
        return Judgement(BROKEN, f"server error {status}{tries}")
    return Judgement(UNVERIFIABLE, REASONS.get(status, f"the server answered {status}") + tries)


def _failed(outcome: Outcome) -> Judgement:
    failure, detail = outcome.failure, outcome.detail
    if failure in BROKEN_FAILURES:
        return Judgement(BROKEN, detail or failure.value)
    if failure is Failure.PRIVATE:
        return Judgement(UNVERIFIABLE, f"not requested: {detail} (links.allow_private, from a trusted config, allows it)")
    if failure is Failure.DEADLINE:
        return Judgement(UNVERIFIABLE, detail)
    return Judgement(UNVERIFIABLE, f"{detail or failure.value}{_tries(outcome)}; it may be temporary")


def _tries(outcome: Outcome) -> str:
    return f" after {outcome.attempts} attempts" if outcome.attempts > 1 else ""


def cacheable(outcome: Outcome, judgement: Judgement) -> bool:
    """Whether an outcome may be remembered: a success, or a link found broken by asking
    (never a warning: "could not tell" must be asked again)."""
    return outcome.cached_at is None and judgement.rule in (None, BROKEN)


def _status_name(status: int) -> str:
    try:
        return f" {HTTPStatus(status).phrase}"
    except ValueError:
        return ""
