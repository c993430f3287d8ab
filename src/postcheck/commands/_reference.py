"""``postcheck rules --format markdown``: the rule reference as a Markdown page, made from the
packs (the repository's ``docs/rules.md`` is this output, and a test keeps it so).

Every rule gets its id, severity, languages, what a finding says, why, how to fix it and the
policy it enforces, in English, with the Romanian message where a pack gives one. A team with
house rules can write its own reference the same way.
"""

from __future__ import annotations

from postcheck.findings import FAMILIES, META_FAMILY
from postcheck.registry import Registry, Rule

TITLE = "# Rule reference"
INTRO = (
    "Every rule postcheck can report, generated from the rule packs in `rules/` by\n"
    "`postcheck rules --format markdown > docs/rules.md` (do not edit by hand: a test checks that\n"
    "this page matches the packs). `postcheck explain RULE` shows one rule with its examples, and\n"
    "`postcheck explain --lang ro RULE` in Romanian. Severities are the built-in ones; a config's\n"
    "`rules:` may change them (`postcheck rules` shows the effective ones).\n"
)
FAMILY_TITLES = {**FAMILIES, META_FAMILY: "Findings about the file itself"}


def reference(registry: Registry) -> str:
    """The whole page."""
    rules = registry.sorted()
    parts = [TITLE, "", INTRO]
    for family, title in FAMILY_TITLES.items():
        mine = [rule for rule in rules if rule.family == family]
        if not mine:
            continue
        parts += [f"## {title} (`{family}`)", "", "| rule | severity | languages | finding |", "| --- | --- | --- | --- |"]
        parts += [f"| [`{r.id}`](#{_anchor(r.id)}) | {r.severity.value} | {_languages(r)} | {_cell(r.summary())} |" for r in mine]
        parts.append("")
        for rule in mine:
            parts += _rule(rule)
    return "\n".join(parts).rstrip("\n") + "\n"


def _rule(rule: Rule) -> list[str]:
    lines = [
        f"### {rule.id}",
        "",
        f"{rule.severity.value}, check `{rule.check}`, languages: {_languages(rule)}.",
        "",
        *_by_date(rule),
        f"**Finding:** {_text(rule.summary())}",
        "",
    ]
    if "ro" in rule.localised and rule.summary("ro") != rule.summary():
        lines += [f"**În română:** {_text(rule.summary('ro'))}", ""]
    lines += [
        f"**Why:** {_text(rule.described('explanation'))}",
        "",
        f"**How to fix:** {_text(rule.described('fix'))}",
        "",
        f"**Policy:** <{rule.policy}>",
        "",
    ]
    return lines


def _by_date(rule: Rule) -> list[str]:
    """A rule whose law takes effect on a day says so (``effective`` in its pack)."""
    when = rule.effective
    if when is None:
        return []
    return [f"Severity by date: {when.before.value} on posts dated before {when.date.isoformat()}, {when.after.value} from that day.", ""]


def _languages(rule: Rule) -> str:
    return ", ".join(sorted(rule.examples)) or "–"


def _text(text: str) -> str:
    """One paragraph, with Markdown that would change the meaning escaped (``<`` starts HTML)."""
    return " ".join(text.split()).replace("<", "&lt;")


def _cell(text: str) -> str:
    return _text(text).replace("|", "\\|")


def _anchor(rule_id: str) -> str:
    """GitHub's heading slug: lowercase, punctuation other than ``-`` dropped."""
    return "".join(char for char in rule_id.lower() if char.isalnum() or char in "-_ ").replace(" ", "-")
