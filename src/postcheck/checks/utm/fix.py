"""Fix UTM tags: add the missing ones and lowercase the ones that only differ by case.

The fixer repairs exactly what the ``utm`` check reported as fixable and was not suppressed:
a ``utm/missing-tag`` finding on a link adds the missing parameters whose value the front
matter or config gives; a ``utm/malformed-value`` finding on a parameter lowercases its value.
Only the destination text is rewritten (a reference link's definition, where it is defined);
existing parameters, their order and spelling, the fragment and the rest of the file stay.
"""

from __future__ import annotations

from postcheck.findings import Finding
from postcheck.edits import Edit
from postcheck.model import Document, Position
from postcheck.checks.utm.settings import UtmSettings
from postcheck.checks.utm.tracking import Expected, Tracked, default_params, expected, tracked_links
from postcheck.urls import has_query, query_bounds

MISSING = "utm/missing-tag"
MALFORMED = "utm/malformed-value"


def edits_for(doc: Document, findings: list[Finding], settings: UtmSettings) -> list[Edit]:
    """One edit per tracked link that has a fixable, unsuppressed finding."""
    fixable = [f for f in findings if f.fixable and f.rule in (MISSING, MALFORMED)]
    if not fixable:
        return []
    want = expected(doc, settings)
    edits = []
    for tracked in tracked_links(doc, settings):
        if tracked.link.url_span is None:
            continue
        mine = [f for f in fixable if _inside(f.span.start, tracked)]
        edit = _edit(tracked, mine, want, settings)
        if edit is not None:
            edits.append(edit)
    return edits


def _inside(position: Position, tracked: Tracked) -> bool:
    return tracked.span.start <= position < tracked.span.end


def _edit(tracked: Tracked, findings: list[Finding], want: Expected, settings: UtmSettings) -> Edit | None:
    url, notes = tracked.url, []
    lower_at = {f.span.start for f in findings if f.rule == MALFORMED}
    for param in reversed(tracked.utm()):
        if tracked.position(param).start in lower_at and param.value != param.value.lower():
            url = url[: param.value_start] + param.value.lower() + url[param.end :]
            notes.append(f"lowercased {param.key}")
    if any(f.rule == MISSING for f in findings):
        present = {p.key for p in tracked.params}
        wanted = [*settings.required, *default_params(settings)]
        added = [f"{key}={want.values[key]}" for key in dict.fromkeys(wanted) if key not in present and key in want.values]
        if added:
            url = _append(url, "&".join(added))
            notes.insert(0, "added " + ", ".join(added))
    if url == tracked.url:
        return None
    return Edit(tracked.link.url_span, tracked.url, url, "; ".join(notes))


def _append(url: str, query: str) -> str:
    """``url`` with ``query`` added at the end of its query string (before any fragment)."""
    _, end = query_bounds(url)
    if not has_query(url):
        return url[:end] + "?" + query + url[end:]
    joiner = "" if url[end - 1] in "?&" else "&"
    return url[:end] + joiner + query + url[end:]
