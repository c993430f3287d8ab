"""The baseline: findings a team accepted when it adopted postcheck, so that only new ones fail.

A repository that already has posts cannot fix them all before it turns postcheck on.
``postcheck baseline`` records today's findings in ``.postcheck-baseline.json``; ``check``
then lists those as ``baselined`` and fails only on the others (SwiftLint's baseline, ruff's
``--add-noqa`` without touching the posts).

An entry is keyed by a fingerprint that survives edits elsewhere in the file: the rule, the
post's path (relative to the project root), the text the finding covers (white space
collapsed) and which occurrence of that text it is for that rule in that post. Line numbers
are not part of it, so adding a paragraph above a finding keeps it baselined, while a new
sentence with the same problem is a new finding. The same fingerprint is SARIF's
``partialFingerprints`` value, so code scanning tracks an alert the same way.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable

from postcheck.discover import printable
from postcheck.findings import Finding
from postcheck.model import Document, Span
from postcheck.verdict import FileReport

FILE_NAME = ".postcheck-baseline.json"
FORMAT_VERSION = 1
STALE_BASELINE = "postcheck/stale-baseline"
#: A post that could not be read or checked has not been checked: accepting that once would
#: hide it for good. A stale entry is about the baseline itself.
UNBASELINABLE = frozenset({"postcheck/parse-error", "postcheck/check-error", STALE_BASELINE})
#: How much of a finding's text an entry shows (the fingerprint covers all of it).
SHOWN_TEXT = 120
#: The key of SARIF's ``partialFingerprints`` (versioned, as SARIF recommends).
SARIF_KEY = "postcheck/v1"
_SPACE = re.compile(r"\s+")


class BaselineError(Exception):
    """The baseline file cannot be read or written; the message names it (exit code 2)."""


@dataclass(frozen=True)
class Entry:
    """One accepted finding."""

    fingerprint: str
    rule: str
    path: str
    text: str
    occurrence: int

    def as_json(self) -> dict[str, Any]:
        return {"fingerprint": self.fingerprint, "rule": self.rule, "path": self.path, "text": self.text, "occurrence": self.occurrence}


@dataclass
class Baseline:
    """A baseline file's entries, by fingerprint."""

    path: Path
    entries: dict[str, Entry] = field(default_factory=dict)

    def for_path(self, path: str) -> list[Entry]:
        return [entry for entry in self.entries.values() if entry.path == path]


def default_path(root: Path, configured: str | None) -> Path:
    """The config's ``baseline:`` (relative to the config's folder), else the file beside it."""
    return (root / (configured or FILE_NAME)).resolve()


def load(path: Path) -> Baseline:
    """Read and validate a baseline file."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError as error:
        raise BaselineError(f"{path}: cannot read the baseline: {error.strerror or error}") from None
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise BaselineError(f"{path}: not a postcheck baseline (invalid JSON: {error})") from None
    if not isinstance(data, dict) or data.get("version") != FORMAT_VERSION or not isinstance(data.get("entries"), list):
        raise BaselineError(f"{path}: not a postcheck baseline (expected {{\"version\": 1, \"entries\": [...]}}); write one with 'postcheck baseline'")
    baseline = Baseline(path)
    for index, raw in enumerate(data["entries"]):
        entry = _entry(raw)
        if entry is None:
            raise BaselineError(f"{path}: entries[{index}]: expected fingerprint, rule, path, text and occurrence")
        baseline.entries[entry.fingerprint] = entry
    return baseline


def _entry(raw: Any) -> Entry | None:
    if not isinstance(raw, dict):
        return None
    strings = [raw.get(key) for key in ("fingerprint", "rule", "path", "text")]
    occurrence = raw.get("occurrence")
    if not all(isinstance(value, str) for value in strings) or not isinstance(occurrence, int) or isinstance(occurrence, bool):
        return None
    fingerprint, rule, path, text = strings
    return Entry(fingerprint, rule, path, text, occurrence)


def save(baseline: Baseline) -> None:
    """Write the file atomically (entries sorted, so a re-run gives the same bytes and a
    review sees only what changed)."""
    entries = sorted(baseline.entries.values(), key=lambda e: (e.path, e.rule, e.text, e.occurrence))
    document = {
        "version": FORMAT_VERSION,
        "comment": "Findings accepted by `postcheck baseline`: `postcheck check` lists them as baselined and does not fail on them.",
        "entries": [entry.as_json() for entry in entries],
    }
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    temporary = baseline.path.with_name(baseline.path.name + ".tmp")
    try:
        baseline.path.parent.mkdir(parents=True, exist_ok=True)
        temporary.write_text(text, encoding="utf-8", newline="\n")
        os.replace(temporary, baseline.path)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        raise BaselineError(f"{baseline.path}: cannot write the baseline: {error.strerror or error}") from None


def project_path(doc: Document, root: Path) -> str:
    """The post's path in entries: relative to the project root, with ``/``, escaped as
    file names are shown (a name that is not UTF-8 still makes valid JSON)."""
    resolved = doc.abspath.resolve()
    try:
        return printable(resolved.relative_to(root.resolve()).as_posix())
    except ValueError:
        return printable(resolved.as_posix())


def covered_text(doc: Document, span: Span) -> str:
    """The source text a span covers, Unicode-normalised, white space collapsed."""
    start, end = span.start, span.end
    if start.line == end.line:
        text = doc.line_text(start.line)[start.column - 1 : end.column - 1]
    else:
        pieces = [doc.line_text(start.line)[start.column - 1 :]]
        pieces += [doc.line_text(n) for n in range(start.line + 1, end.line)]
        pieces.append(doc.line_text(end.line)[: end.column - 1])
        text = "\n".join(pieces)
    return _SPACE.sub(" ", unicodedata.normalize("NFC", text)).strip()


def fingerprint(findings: Iterable[Finding], doc: Document, root: Path) -> dict[int, Entry]:
    """Give every finding of one post its fingerprint (``finding.fingerprint``) and return
    the entry each one would have, by ``id(finding)``. Occurrences are counted over all the
    post's findings in document order, waived ones included, so waiving one finding does not
    renumber the others."""
    path = project_path(doc, root)
    seen: dict[tuple[str, str], int] = {}
    entries: dict[int, Entry] = {}
    for finding in sorted(findings, key=Finding.sort_key):
        text = covered_text(doc, finding.span)
        occurrence = seen[(finding.rule, text)] = seen.get((finding.rule, text), 0) + 1
        key = "\0".join([finding.rule, path, text, str(occurrence)])
        finding.fingerprint = hashlib.sha256(key.encode("utf-8")).hexdigest()[:32]
        shown = text if len(text) <= SHOWN_TEXT else text[: SHOWN_TEXT - 1] + "…"
        entries[id(finding)] = Entry(finding.fingerprint, finding.rule, path, shown, occurrence)
    return entries


@dataclass
class Applied:
    """One post's findings after the baseline: still reported, accepted, and stale entries."""

    kept: list[Finding]
    baselined: list[Finding]
    stale: list[Entry]


def apply(kept: list[Finding], entries: list[Entry], ran: set[str]) -> Applied:
    """Move the findings the baseline accepts out of ``kept``. ``entries`` are the post's;
    one is stale when its rule ran on the post (``ran`` holds rule ids) and no finding
    matches it, so a links entry is not called stale in an offline run."""
    wanted = {entry.fingerprint: entry for entry in entries}
    still: list[Finding] = []
    accepted: list[Finding] = []
    for finding in kept:
        if finding.rule not in UNBASELINABLE and wanted.pop(finding.fingerprint, None) is not None:
            accepted.append(finding)
        else:
            still.append(finding)
    stale = [entry for entry in wanted.values() if entry.rule in ran]
    return Applied(still, accepted, stale)


def baselinable(findings: Iterable[Finding]) -> list[Finding]:
    return [f for f in findings if f.rule not in UNBASELINABLE]


@dataclass
class Rebuilt:
    """What ``postcheck baseline`` did: the new file's entries, and how many were added and
    dropped."""

    baseline: Baseline
    added: int
    dropped: int


def rebuild(existing: Baseline, reports: list[FileReport], root: Path, prune: bool) -> Rebuilt:
    """The baseline after a run made without it. For each post checked, entries of rules
    that ran on it and match nothing are dropped, and (unless ``prune``) its findings are
    added (not the waived ones). Entries of rules that did not run (``--offline``: remote
    links) and of posts not checked are kept, except those whose file no longer exists."""
    entries = dict(existing.entries)
    before = set(entries)
    checked = {project_path(report.doc, root) for report in reports}
    for report in reports:
        current = {entry.fingerprint: entry for entry in _entries(report, root)}
        path = project_path(report.doc, root)
        for key, entry in list(entries.items()):
            if entry.path == path and entry.rule in report.ran and key not in current:
                del entries[key]
        if not prune:
            entries.update(current)
    for key, entry in list(entries.items()):
        if entry.path not in checked and not (root / entry.path).is_file():
            del entries[key]
    return Rebuilt(Baseline(existing.path, entries), added=len(set(entries) - before), dropped=len(before - set(entries)))


def _entries(report: FileReport, root: Path) -> list[Entry]:
    """The entries of a post's findings (numbered with its waived ones, as ``check`` does)."""
    by_id = fingerprint([*report.findings, *report.suppressed], report.doc, root)
    return [by_id[id(finding)] for finding in baselinable(report.findings)]
