"""Load and validate the YAML rule packs into a :class:`~postcheck.registry.Registry`.

A pack is ``rules/<lang>/<name>.yaml`` (``<lang>`` is ``en``, ``ro`` or ``common``) holding
``rules: [...]``. The first definition of an id (common, then en, then ro) gives its metadata;
later packs add their language's patterns, examples and, optionally, a message. Family,
severity and check must agree everywhere. Every problem is a :class:`RulePackError` naming the
file and the rule, which the CLI turns into exit code 2.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import yaml

from postcheck import yamlio
from postcheck.findings import FAMILIES, META_FAMILY, Severity
from postcheck.registry import LANGUAGES, Examples, Registry, Rule

RULE_ID = re.compile(r"^[a-z]+/[a-z0-9]+(?:-[a-z0-9]+)*$")
PACK_DIRS = ("common", *LANGUAGES)
REQUIRED = ("id", "family", "severity", "message", "explanation", "fix", "policy", "examples")
OPTIONAL = ("patterns", "exceptions", "check", "topics", "cues", "lexicon", "token_patterns")
#: Labels of a rule's ``lexicon`` and ``token_patterns``: a ``trigger`` match is a finding, an
#: ``exempt`` match cancels the triggers it overlaps (as ``exceptions`` do for patterns).
MATCH_LABELS = ("trigger", "exempt")
LOCALISABLE = ("message", "explanation", "fix")
SLOT = re.compile(r"\{\w+\}")


class RulePackError(Exception):
    """A rule pack is invalid; the message names the file and the reason."""


def packs_dir() -> Path:
    """Where the rule packs are: inside the installed package (wheel), or at the top of a
    source checkout (editable install, tests)."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "rules", here.parent.parent / "rules"):
        if candidate.is_dir():
            return candidate
    raise RulePackError(f"{here / 'rules'}: rule packs not found (broken installation)")


def load_registry(directory: Path | None = None) -> Registry:
    """Read every pack under ``directory`` (default: :func:`packs_dir`)."""
    directory = directory or packs_dir()
    registry = Registry()
    for lang in PACK_DIRS:
        for path in sorted((directory / lang).glob("*.yaml")):
            rules, lexicons = _read_pack(path)
            for index, raw in enumerate(rules):
                if lang != "common" and set(raw) == {"id", *LOCALISABLE}:
                    _translate(registry, raw, path, lang)
                    continue
                _merge(registry, _parse_rule(raw, path, index, lang), raw, path, lang)
            _merge_lexicons(registry, lexicons, path, lang)
    _check_complete(registry)
    return registry


def _read_pack(path: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The pack's rules and its shared ``lexicons`` (``{check: {list name: [phrases]}}``)."""
    try:
        data = yamlio.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as error:
        raise RulePackError(f"{path}: cannot read: {error}") from None
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark else ""
        raise RulePackError(f"{path}: invalid YAML{at}: {getattr(error, 'problem', error)}") from None
    if (
        not isinstance(data, dict)
        or "rules" not in data
        or not set(data) <= {"rules", "lexicons"}
        or not isinstance(data["rules"], list)
    ):
        raise RulePackError(
            f"{path}: a rule pack is a mapping with the key 'rules', holding a list (and optionally 'lexicons')"
        )
    for index, raw in enumerate(data["rules"]):
        if not isinstance(raw, dict):
            raise RulePackError(f"{path}: rules[{index}]: each rule is a mapping")
    lexicons = data.get("lexicons", {})
    if not isinstance(lexicons, dict) or not all(isinstance(v, dict) for v in lexicons.values()):
        raise RulePackError(f"{path}: 'lexicons' must map a check name to named word lists")
    return data["rules"], lexicons


def _parse_rule(raw: dict[str, Any], path: Path, index: int, lang: str) -> Rule:
    where = f"{path}: rule {raw.get('id', f'#{index + 1}')}"
    unknown = set(raw) - set(REQUIRED) - set(OPTIONAL)
    if unknown:
        raise RulePackError(f"{where}: unknown key(s): {', '.join(sorted(unknown))}")
    missing = [key for key in REQUIRED if key not in raw]
    if missing:
        raise RulePackError(f"{where}: missing key(s): {', '.join(missing)}")
    for key in ("id", "family", "severity", "message", "explanation", "fix", "policy"):
        if not isinstance(raw[key], str) or not raw[key].strip():
            raise RulePackError(f"{where}: '{key}' must be a non-empty string")
    rule_id, family = raw["id"], raw["family"]
    if not RULE_ID.match(rule_id):
        raise RulePackError(f"{where}: id must look like family/rule-name (lowercase, dashes)")
    if family not in FAMILIES and family != META_FAMILY:
        raise RulePackError(f"{where}: unknown family {family!r} (one of {', '.join(FAMILIES)})")
    if rule_id.split("/", 1)[0] != family:
        raise RulePackError(f"{where}: id must start with its family '{family}/'")
    if raw["severity"] not in {s.value for s in Severity}:
        raise RulePackError(f"{where}: severity must be error, warning or info")
    if not re.match(r"^https?://", raw["policy"]):
        raise RulePackError(f"{where}: 'policy' must be an http(s) URL of the policy it enforces")
    check = raw.get("check", "phrases")
    patterns = _string_list(raw.get("patterns", []), f"{where}: patterns")
    exceptions = _string_list(raw.get("exceptions", []), f"{where}: exceptions")
    if check == "phrases" and not patterns:
        raise RulePackError(f"{where}: a phrase rule needs 'patterns' (or name its code 'check')")
    topics = _topics(raw.get("topics", {}), f"{where}: topics")
    for pattern in patterns + exceptions + [p for terms in topics.values() for p in terms]:
        try:
            re.compile(pattern)
        except re.error as error:
            raise RulePackError(f"{where}: bad pattern {pattern!r}: {error}") from None
    examples = _parse_examples(raw["examples"], where, needs_match=check != "engine")
    pattern_langs = LANGUAGES if lang == "common" else (lang,)
    cues = _string_list(raw.get("cues", []), f"{where}: cues")
    for cue in cues:
        try:
            re.compile(cue)
        except re.error as error:
            raise RulePackError(f"{where}: bad cue {cue!r}: {error}") from None
    lexicon = _labelled(raw.get("lexicon", {}), f"{where}: lexicon", _string_list)
    token_patterns = _labelled(raw.get("token_patterns", {}), f"{where}: token_patterns", _token_patterns)
    if check == "phrases" and (cues or lexicon or token_patterns):
        raise RulePackError(f"{where}: cues, lexicon and token_patterns belong to code-backed rules ('check')")
    return Rule(
        id=rule_id,
        family=family,
        severity=Severity(raw["severity"]),
        message=raw["message"].strip(),
        explanation=raw["explanation"].strip(),
        fix=raw["fix"].strip(),
        policy=raw["policy"],
        check=check,
        patterns={code: patterns for code in pattern_langs} if patterns else {},
        exceptions={code: exceptions for code in pattern_langs} if exceptions else {},
        topics={code: topics for code in pattern_langs} if topics else {},
        examples={code: examples for code in pattern_langs},
        cues={code: cues for code in pattern_langs} if cues else {},
        lexicon={code: lexicon for code in pattern_langs} if lexicon else {},
        token_patterns={code: token_patterns for code in pattern_langs} if token_patterns else {},
        sources=[str(path)],
    )


def _parse_examples(raw: Any, where: str, needs_match: bool = True) -> Examples:
    """Every rule needs examples both ways; only the engine's own bug report
    (``postcheck/check-error``) cannot be provoked by a post."""
    if not isinstance(raw, dict) or not set(raw) <= {"match", "no_match", "config", "files"}:
        raise RulePackError(f"{where}: 'examples' must be a mapping with 'match', 'no_match' (and optional 'config', 'files')")
    match = _string_list(raw.get("match", []), f"{where}: examples.match")
    no_match = _string_list(raw.get("no_match", []), f"{where}: examples.no_match")
    if (needs_match and not match) or not no_match:
        raise RulePackError(f"{where}: every rule needs at least one 'match' and one 'no_match' example")
    config = raw.get("config", {})
    if not isinstance(config, dict):
        raise RulePackError(f"{where}: examples.config must be a mapping of config keys")
    return Examples(match=match, no_match=no_match, config=config, files=_example_files(raw.get("files", {}), where))


def _example_files(value: Any, where: str) -> dict[str, str]:
    """``examples.files``: relative paths (inside the example's folder) → file text."""
    if not isinstance(value, dict) or not all(isinstance(k, str) and isinstance(v, str) for k, v in value.items()):
        raise RulePackError(f"{where}: examples.files must map relative paths to file text")
    for name in value:
        parts = Path(name).parts
        if not parts or Path(name).is_absolute() or ".." in parts:
            raise RulePackError(f"{where}: examples.files: {name!r} must be a relative path inside the example's folder")
    return dict(value)


def _topics(value: Any, where: str) -> dict[str, list[str]]:
    """``topics``: named lists of patterns a code-backed check reads (the proof check's
    sensitive topics)."""
    if not isinstance(value, dict) or not all(isinstance(name, str) and name for name in value):
        raise RulePackError(f"{where} must be a mapping of names to lists of patterns")
    return {name: _string_list(terms, f"{where}.{name}") for name, terms in value.items()}


def _string_list(value: Any, where: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(v, str) and v for v in value):
        raise RulePackError(f"{where} must be a list of non-empty strings")
    return list(value)


def _labelled(value: Any, where: str, parse: Any) -> dict[str, Any]:
    """A mapping from the labels in :data:`MATCH_LABELS` to lists checked by ``parse``."""
    if not isinstance(value, dict):
        raise RulePackError(f"{where} must be a mapping of {' / '.join(MATCH_LABELS)} to lists")
    unknown = set(value) - set(MATCH_LABELS)
    if unknown:
        raise RulePackError(f"{where}: unknown label(s) {', '.join(sorted(map(str, unknown)))} (use {', '.join(MATCH_LABELS)})")
    return {label: parse(items, f"{where}.{label}") for label, items in value.items()}


def _token_patterns(value: Any, where: str) -> list[list[dict[str, Any]]]:
    """spaCy Matcher patterns: a list of patterns, each a non-empty list of token dicts with
    attribute names as keys. spaCy itself validates the values when the check builds its
    matcher (and a test builds every pack's), so loading the packs never imports spaCy."""
    if not isinstance(value, list) or not value:
        raise RulePackError(f"{where} must be a non-empty list of token patterns")
    for pattern in value:
        if (
            not isinstance(pattern, list)
            or not pattern
            or not all(isinstance(token, dict) and all(isinstance(k, str) and k.isupper() for k in token) for token in pattern)
        ):
            raise RulePackError(f"{where}: {pattern!r} is not a token pattern (a list of {{ATTR: value}} mappings)")
    return value


def _merge_lexicons(registry: Registry, lexicons: dict[str, Any], path: Path, lang: str) -> None:
    """Add a pack's shared word lists; a list is defined once per check and language."""
    for check, lists in lexicons.items():
        for code in LANGUAGES if lang == "common" else (lang,):
            target = registry.lexicons.setdefault(str(check), {}).setdefault(code, {})
            for name, items in lists.items():
                if name in target:
                    raise RulePackError(f"{path}: lexicons.{check}.{name} is defined twice for '{code}'")
                target[str(name)] = _string_list(items, f"{path}: lexicons.{check}.{name}")


def _merge(registry: Registry, rule: Rule, raw: dict[str, Any], path: Path, lang: str) -> None:
    existing = registry.rules.get(rule.id)
    if existing is None:
        if lang != "common":
            rule.localised[lang] = _localisable(rule)
        registry.rules[rule.id] = rule
        return
    where = f"{path}: rule {rule.id}"
    for attribute in ("family", "severity", "check"):
        mine, theirs = _plain(getattr(rule, attribute)), _plain(getattr(existing, attribute))
        if mine != theirs:
            raise RulePackError(f"{where}: {attribute} {mine} disagrees with {existing.sources[0]} ({theirs})")
    if lang in existing.examples and lang != "common":
        if any(lang in Path(source).parts[-2:-1] for source in existing.sources):
            raise RulePackError(f"{where}: defined twice for language '{lang}'")
    existing.patterns.update(rule.patterns)
    existing.exceptions.update(rule.exceptions)
    existing.topics.update(rule.topics)
    existing.cues.update(rule.cues)
    existing.lexicon.update(rule.lexicon)
    existing.token_patterns.update(rule.token_patterns)
    existing.examples.update(rule.examples)
    existing.localised[lang] = _localisable(rule)
    existing.sources.append(str(path))


def _translate(registry: Registry, raw: dict[str, Any], path: Path, lang: str) -> None:
    """A language pack's translation of a rule defined in ``rules/common`` (links, UTM: the
    check is the same in every language, its words are not): ``id`` plus message,
    explanation and fix, using only the slots the original message fills."""
    where = f"{path}: rule {raw['id']}"
    rule = registry.rules.get(raw["id"])
    if rule is None:
        raise RulePackError(f"{where}: a translation needs the rule defined in rules/common first")
    for name in LOCALISABLE:
        if not isinstance(raw[name], str) or not raw[name].strip():
            raise RulePackError(f"{where}: '{name}' must be a non-empty string")
        unknown = set(SLOT.findall(raw[name])) - set(SLOT.findall(getattr(rule, name))) - set(SLOT.findall(rule.message))
        if unknown:
            raise RulePackError(f"{where}: '{name}' uses {', '.join(sorted(unknown))}, which the check does not fill")
    rule.localised[lang] = {name: raw[name].strip() for name in LOCALISABLE}
    rule.sources.append(str(path))


def _localisable(rule: Rule) -> dict[str, str]:
    return {name: getattr(rule, name) for name in LOCALISABLE}


def _plain(value: Any) -> str:
    return str(getattr(value, "value", value))


def check_names(registry: Registry, known_checks: set[str]) -> None:
    """Every rule must name a check that exists (``engine`` for the engine's own rules)."""
    for rule in registry.rules.values():
        if rule.check != "engine" and rule.check not in known_checks:
            raise RulePackError(f"{rule.sources[0]}: rule {rule.id}: no check named {rule.check!r}")


def _check_complete(registry: Registry) -> None:
    """Pattern rules must have patterns for every language they have examples in."""
    for rule in registry.rules.values():
        if rule.check != "phrases":
            continue
        for lang in rule.examples:
            if lang not in rule.patterns:
                raise RulePackError(f"{rule.sources[0]}: rule {rule.id}: examples in '{lang}' but no patterns")
