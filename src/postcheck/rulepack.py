"""Load and validate the YAML rule packs into a :class:`~postcheck.registry.Registry`.

A pack is ``rules/<lang>/<name>.yaml`` (``<lang>`` is ``en``, ``ro`` or ``common``) holding
``rules: [...]``. The first definition of an id (common, then en, then ro) gives its metadata;
later packs add their language's patterns, examples and, optionally, a message. Family,
severity and check must agree everywhere. Every problem is a :class:`RulePackError` naming the
file and the rule, which the CLI turns into exit code 2.
"""

from __future__ import annotations

import datetime
import re
from pathlib import Path
from typing import Any

import yaml

from postcheck import linear, packlines, yamlio
from postcheck.findings import FAMILIES, META_FAMILY, Severity
from postcheck.registry import LANGUAGES, Effective, Examples, Registry, Rule
from postcheck.requirepack import RequireError, parse_require

RULE_ID = re.compile(r"^[a-z]+/[a-z0-9]+(?:-[a-z0-9]+)*$")
PACK_DIRS = ("common", *LANGUAGES)
REQUIRED = ("id", "family", "severity", "message", "explanation", "fix", "policy", "examples")
OPTIONAL = (
    "patterns", "exceptions", "check", "topics", "topic_names", "cues", "lexicon", "token_patterns", "negatable",
    "effective", "require",
)
#: Labels of a rule's ``lexicon`` and ``token_patterns``: a ``trigger`` match is a finding, an
#: ``exempt`` match cancels the triggers it overlaps (as ``exceptions`` do for patterns).
MATCH_LABELS = ("trigger", "exempt")
LOCALISABLE = ("message", "explanation", "fix")
#: A ``{slot}`` or a plural choice ``{slot:one|many}``; ``findall`` gives the slot names.
SLOT = re.compile(r"\{(\w+)(?::[^{}|]*\|[^{}]*)?\}")


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
                add_rule(registry, raw, path, index, lang)
            _merge_lexicons(registry, lexicons, path, lang)
    _check_complete(registry)
    return registry


def add_rule(registry: Registry, raw: dict[str, Any], path: Path, index: int, lang: str) -> Rule:
    """Validate ``rules[index]`` of the pack at ``path`` and add it to ``registry`` (a new
    rule, another language of one, or a translation); an error names the line of the key at
    fault."""
    try:
        if lang != "common" and set(raw) == {"id", *LOCALISABLE}:
            _translate(registry, raw, path, lang)
            return registry.rules[raw["id"]]
        rule = _parse_rule(raw, path, index, lang)
        _merge(registry, rule, raw, path, lang)
        return registry.rules[rule.id]
    except RulePackError as error:
        raise RulePackError(packlines.locate(str(error), path, index)) from None


def _read_pack(path: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """The pack's rules and its shared ``lexicons`` (``{check: {list name: [phrases]}}``)."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise RulePackError(f"{path}: cannot read: {error}") from None
    return pack_contents(parse_yaml(text, path), path)


def parse_yaml(text: str, path: Path) -> Any:
    """The YAML of a pack; invalid YAML is an error naming its line."""
    try:
        return yamlio.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        at = f":{mark.line + 1}" if mark else ""
        raise RulePackError(f"{path}{at}: invalid YAML: {getattr(error, 'problem', error)}") from None
    except ValueError as error:  # a value YAML recognises but cannot build (date: 2030-13-01)
        raise RulePackError(f"{path}: invalid YAML value: {error}") from None


def pack_contents(data: Any, path: Path) -> tuple[list[dict[str, Any]], dict[str, Any]]:
    """Check a pack's shape: ``rules`` (a list of mappings) and optional ``lexicons``."""
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
            raise RulePackError(f"{path}:{packlines.rule_line(path, index)}: rules[{index}]: each rule is a mapping")
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
    try:
        require = parse_require(raw)
    except RequireError as error:
        raise RulePackError(f"{where}: {error}") from None
    check = raw.get("check", "require" if require else "phrases")
    patterns = _string_list(raw.get("patterns", []), f"{where}: patterns")
    exceptions = _string_list(raw.get("exceptions", []), f"{where}: exceptions")
    if check == "phrases" and not patterns:
        raise RulePackError(f"{where}: a phrase rule needs 'patterns' (or name its code 'check')")
    topics = _topics(raw.get("topics", {}), f"{where}: topics")
    for pattern in patterns + exceptions + [p for terms in topics.values() for p in terms] + (require.patterns() if require else []):
        _check_regex(pattern, f"{where}: bad pattern")
    examples = _parse_examples(raw["examples"], where, needs_match=check != "engine")
    examples.source, examples.index = str(path), index
    pattern_langs = LANGUAGES if lang == "common" else (lang,)
    cues = _string_list(raw.get("cues", []), f"{where}: cues")
    for cue in cues:
        _check_regex(cue, f"{where}: bad cue")
    lexicon = _labelled(raw.get("lexicon", {}), f"{where}: lexicon", _string_list)
    token_patterns = _labelled(raw.get("token_patterns", {}), f"{where}: token_patterns", _token_patterns)
    if check == "phrases" and (cues or lexicon or token_patterns):
        raise RulePackError(f"{where}: cues, lexicon and token_patterns belong to code-backed rules ('check')")
    negatable = raw.get("negatable", False)
    if not isinstance(negatable, bool) or (negatable and check != "phrases"):
        raise RulePackError(f"{where}: 'negatable' is true or false, and only phrase rules (with 'patterns') have it")
    topic_names = _topic_names(raw.get("topic_names", {}), topics, f"{where}: topic_names")
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
        topic_names={code: topic_names for code in pattern_langs} if topic_names else {},
        negatable=negatable,
        effective=_effective(raw.get("effective"), raw["severity"], where),
        require={code: require for code in pattern_langs} if require else {},
        examples={code: examples for code in pattern_langs},
        cues={code: cues for code in pattern_langs} if cues else {},
        lexicon={code: lexicon for code in pattern_langs} if lexicon else {},
        token_patterns={code: token_patterns for code in pattern_langs} if token_patterns else {},
        sources=[str(path)],
    )


def _check_regex(source: str, where: str) -> None:
    """A pack regex must run in linear time (RE2); Python's ``re`` would also accept
    lookaround and backreferences, which it cannot run that way."""
    why = linear.problem(source)
    if why:
        raise RulePackError(f"{where} {source!r}: {why}")


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


def _topic_names(value: Any, topics: dict[str, list[str]], where: str) -> dict[str, str]:
    """``topic_names``: how each of the rule's ``topics`` is named in this language's messages."""
    if not isinstance(value, dict) or not all(isinstance(v, str) and v.strip() for v in value.values()):
        raise RulePackError(f"{where} must map topic names to non-empty strings")
    unknown = set(value) - set(topics)
    if unknown:
        raise RulePackError(f"{where}: {', '.join(sorted(map(str, unknown)))} is not one of this pack's topics")
    return {str(topic): name.strip() for topic, name in value.items()}


def _effective(value: Any, severity: str, where: str) -> Effective | None:
    """``effective: {date: 2026-09-27, before: warning, after: error}``: the law changes on
    ``date``; ``after`` must be the rule's ``severity`` (what ``postcheck rules`` lists)."""
    if value is None:
        return None
    levels = {s.value for s in Severity}
    if not isinstance(value, dict) or set(value) != {"date", "before", "after"}:
        raise RulePackError(f"{where}: 'effective' is a mapping with exactly 'date', 'before' and 'after'")
    if value["before"] not in levels or value["after"] not in levels:
        raise RulePackError(f"{where}: effective.before and effective.after must be error, warning or info")
    if value["after"] != severity:
        raise RulePackError(f"{where}: effective.after ({value['after']}) must equal the rule's severity ({severity})")
    day = value["date"]
    if isinstance(day, str):
        try:
            day = datetime.date.fromisoformat(day)
        except ValueError:
            day = None
    if not isinstance(day, datetime.date) or isinstance(day, datetime.datetime):
        raise RulePackError(f"{where}: effective.date must be a date (YYYY-MM-DD)")
    return Effective(day, Severity(value["before"]), Severity(value["after"]))


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
    for attribute in ("family", "severity", "check", "negatable", "effective"):
        mine, theirs = _plain(getattr(rule, attribute)), _plain(getattr(existing, attribute))
        if mine != theirs:
            raise RulePackError(f"{where}: {attribute} {mine} disagrees with {existing.sources[0]} ({theirs})")
    if lang in existing.examples and lang != "common":
        if any(lang in Path(source).parts[-2:-1] for source in existing.sources):
            raise RulePackError(f"{where}: defined twice for language '{lang}'")
    existing.patterns.update(rule.patterns)
    existing.exceptions.update(rule.exceptions)
    existing.topics.update(rule.topics)
    existing.topic_names.update(rule.topic_names)
    existing.require.update(rule.require)
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
            shown = ", ".join("{" + slot + "}" for slot in sorted(unknown))
            raise RulePackError(f"{where}: '{name}' uses {shown}, which the check does not fill")
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
    """Pattern rules must have patterns for every language they have examples in, and a
    negatable rule needs its languages' negation cues (``lexicons.phrases.negation``)."""
    for lang, lists in registry.lexicons.get("phrases", {}).items():
        for name, items in lists.items():
            for item in items:
                try:
                    re.compile(item)
                except re.error as error:
                    raise RulePackError(f"lexicons.phrases.{name} ({lang}): bad pattern {item!r}: {error}") from None
    for rule in registry.rules.values():
        if rule.check != "phrases":
            continue
        for lang in rule.examples:
            if lang not in rule.patterns:
                raise RulePackError(f"{rule.sources[0]}: rule {rule.id}: examples in '{lang}' but no patterns")
            if rule.negatable and not registry.lexicon("phrases", lang).get("negation"):
                raise RulePackError(
                    f"{rule.sources[0]}: rule {rule.id}: negatable, but no pack declares lexicons.phrases.negation for '{lang}'"
                )
