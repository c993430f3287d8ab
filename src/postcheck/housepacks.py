"""A team's own rule packs: the files and folders the config's ``rule_packs`` lists.

They are loaded after the built-in packs, rule by rule through the same validation
(:func:`postcheck.rulepack.add_rule`), so a house rule has the built-in schema, its regexes
are compiled and run by the same code, and a bad one is an error naming file, line and key.
On top of that:

- a house rule is a phrase rule (``patterns``) or a ``require`` rule: ``check`` and the keys
  only code-backed checks read belong to postcheck's own rules;
- its id is ``FAMILY/name`` with one of the five checklist families, and never a built-in id
  (a built-in rule's severity is changed under ``rules:`` in the config instead);
- a pack file may say ``language: en`` or ``language: ro``; without it its rules apply to
  posts in every language (as ``rules/common`` does). The same id in an ``en`` and a ``ro``
  file is one rule in two languages; a language file's entry of only ``id``, ``message``,
  ``explanation`` and ``fix`` translates a rule defined for every language.

The config is untrusted input (CI runs it on pull requests), so a pack must be a regular
file inside the config's folder once symlinks are resolved (a config cannot make postcheck
read, and quote in its errors, a file elsewhere on the machine), at most :data:`MAX_BYTES`
long, and free of YAML aliases (a few lines of nested aliases stand for billions of values).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from postcheck import packlines, yamlio
from postcheck.config import Config
from postcheck.findings import FAMILIES
from postcheck.registry import LANGUAGES, Registry
from postcheck.rulepack import LOCALISABLE, RulePackError, add_rule, pack_contents, parse_yaml

#: The largest pack file read (the built-in packs together are about 200 KB).
MAX_BYTES = 1 << 20
SUFFIXES = (".yaml", ".yml")
#: What a house pack file holds (the built-in packs' ``lexicons`` belong to their checks).
TOP_KEYS = ("rules", "language")
#: Keys that only postcheck's code-backed rules use.
CODE_KEYS = ("check", "topics", "topic_names", "cues", "lexicon", "token_patterns")
#: The language of a pack file without ``language:``: every language.
EVERY_LANGUAGE = "common"


def load_house_packs(registry: Registry, config: Config) -> None:
    """Add the rules of every pack the config lists to ``registry``."""
    builtin = set(registry.rules)
    defined: dict[str, set[str]] = {}
    for number, entry in enumerate(config.core.rule_packs):
        for path in pack_files(config, entry, f"rule_packs[{number}]"):
            _load_pack(registry, path, builtin, defined)


def pack_files(config: Config, entry: str, where: str) -> list[Path]:
    """The pack files ``entry`` names (a file, or a folder's ``*.yaml``/``*.yml`` files in
    name order, not recursive), as paths to show: relative to the current folder when below
    it. Anything outside the config's folder is refused."""
    where = f"{config.path or 'config'}: {where}"
    root = config.root.resolve()
    target = root / entry
    _inside(target, root, entry, where)
    if target.is_dir():
        files = sorted(path for path in target.iterdir() if path.suffix in SUFFIXES)
        if not files:
            raise RulePackError(f"{where}: folder {entry!r} holds no .yaml or .yml rule pack")
        for path in files:
            _inside(path, root, f"{entry}/{path.name}", where)
    elif target.is_file():
        files = [target]
    else:
        raise RulePackError(f"{where}: {entry!r} is not a file or folder (paths are relative to {root})")
    return [shown(path) for path in files]


def _inside(path: Path, root: Path, entry: str, where: str) -> None:
    resolved = path.resolve()
    if not resolved.is_relative_to(root):
        raise RulePackError(
            f"{where}: {entry!r} leads outside the config's folder ({root}); a rule pack must be inside it "
            "(symlinks included), so that a config cannot make postcheck read other files"
        )
    if resolved.exists() and not (resolved.is_file() or resolved.is_dir()):
        raise RulePackError(f"{where}: {entry!r} is not a regular file")


def shown(path: Path | str) -> Path:
    """A path as a reader can open it: relative to the current folder when below it."""
    try:
        return Path(path).resolve().relative_to(Path.cwd().resolve())
    except ValueError:
        return Path(path)


def _load_pack(registry: Registry, path: Path, builtin: set[str], defined: dict[str, set[str]]) -> None:
    text = _read(path)
    _refuse_aliases(text, path)
    data = parse_yaml(text, path)
    if isinstance(data, dict):
        for key in data:
            if key not in TOP_KEYS:
                raise RulePackError(f"{path}:{packlines.key_line(path, key)}: unknown key {key!r}: a house pack has 'rules' and, optionally, 'language'")
    lang = _language(data, path)
    rules, _ = pack_contents({k: v for k, v in data.items() if k != "language"} if isinstance(data, dict) else data, path)
    for index, raw in enumerate(rules):
        try:
            _check_house_rule(raw, path, index, lang, builtin, defined)
        except RulePackError as error:
            raise RulePackError(packlines.locate(str(error), path, index)) from None
        add_rule(registry, raw, path, index, lang).house = True


def _read(path: Path) -> str:
    """The pack's text, reading at most :data:`MAX_BYTES` (plus one, to tell)."""
    try:
        with path.open("rb") as handle:
            data = handle.read(MAX_BYTES + 1)
    except OSError as error:
        raise RulePackError(f"{path}: cannot read: {error.strerror or error}") from None
    if len(data) > MAX_BYTES:
        raise RulePackError(f"{path}: larger than {MAX_BYTES // 1024} KB; split it into several packs")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        raise RulePackError(f"{path}: not UTF-8 text (byte {error.start + 1})") from None


def _refuse_aliases(text: str, path: Path) -> None:
    """YAML aliases (``*name``) are refused: written out, a pack stays small and readable, and
    a nested alias cannot stand for billions of values. Invalid YAML is left to the loader,
    which reports it with its line."""
    try:
        for event in yaml.parse(text, Loader=yamlio.SafeLoader):
            if isinstance(event, yaml.AliasEvent):
                line = event.start_mark.line + 1
                raise RulePackError(f"{path}:{line}: YAML aliases (*{event.anchor}) are not allowed in a rule pack; write the value out")
    except yaml.YAMLError:
        return


def _language(data: Any, path: Path) -> str:
    language = data.get("language") if isinstance(data, dict) else None
    if language is None:
        return EVERY_LANGUAGE
    if language not in LANGUAGES:
        line = packlines.key_line(path, "language")
        raise RulePackError(f"{path}:{line}: language must be one of {', '.join(LANGUAGES)} (or left out: every language)")
    return language


def _check_house_rule(raw: dict[str, Any], path: Path, index: int, lang: str, builtin: set[str], defined: dict[str, set[str]]) -> None:
    """What a house rule may not do that a built-in one may."""
    rule_id = raw.get("id")
    where = f"{path}: rule {rule_id if isinstance(rule_id, str) else f'#{index + 1}'}"
    if rule_id in builtin:
        raise RulePackError(
            f"{where}: id is a built-in rule's; give yours another name "
            "(a built-in rule's severity is changed under 'rules:' in the config)"
        )
    code_keys = [key for key in CODE_KEYS if key in raw]
    if code_keys:
        raise RulePackError(f"{where}: '{code_keys[0]}' is for postcheck's built-in rules; a house rule has 'patterns' or 'require'")
    if "family" in raw and raw["family"] not in FAMILIES:
        raise RulePackError(f"{where}: family must be one of {', '.join(FAMILIES)} (the checklist row it lands in)")
    if not isinstance(rule_id, str):
        return  # the schema check names the problem
    languages = defined.setdefault(rule_id, set())
    translation = set(raw) == {"id", *LOCALISABLE} and lang != EVERY_LANGUAGE
    if translation and EVERY_LANGUAGE not in languages:
        raise RulePackError(f"{where}: a translation (id, message, explanation, fix) needs the rule defined in a pack without 'language' first")
    overlap = EVERY_LANGUAGE in languages or lang == EVERY_LANGUAGE and bool(languages)
    if lang in languages or (overlap and not translation):
        raise RulePackError(f"{where}: id defined twice ({_languages(languages)} already); an id is one rule, defined once per language")
    languages.add(lang)


def _languages(languages: set[str]) -> str:
    return ", ".join("every language" if code == EVERY_LANGUAGE else code for code in sorted(languages))
