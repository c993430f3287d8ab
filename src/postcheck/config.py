"""Find, read and validate the configuration.

Discovery (the contract): ``--config FILE``; else the nearest ``.postcheck.yaml`` or a
``pyproject.toml`` with a ``[tool.postcheck]`` table, looking in the folder of the first path
being checked and its parents, then in the current folder and its parents. Paths inside the
config (ledger, cache) are relative to the folder the config file is in: the project root.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml

from postcheck import yamlio
from postcheck.findings import Severity
from postcheck.sections import SettingsError, build, check_folders, default_sections, sections

CONFIG_NAMES = (".postcheck.yaml", ".postcheck.yml")
DEFAULT_INCLUDE = ["**/*.md", "**/*.markdown", "**/*.mdx"]
#: Folders no one wants linted; the config's ``exclude`` adds to these.
ALWAYS_EXCLUDED = [".git/", ".venv/", "venv/", "node_modules/", ".postcheck_cache/", ".pre-commit-cache/"]


class ConfigError(Exception):
    """The config cannot be used; the message names the file and the problem (exit code 2)."""


@dataclass
class RuleOverride:
    """``rules: {ID-or-family: {severity: …, enabled: …}}``."""

    severity: Literal["error", "warning", "info"] | None = None
    enabled: bool | None = None


@dataclass
class SuppressionSettings:
    """``suppressions:``: what an inline waiver must carry."""

    #: A waiver without a reason (``-- why``) is a ``postcheck/suppression-without-reason``
    #: finding: an audit must be able to see why each problem was let through.
    require_reason: bool = False


@dataclass
class CoreSettings:
    """The top-level keys that are not a family's section."""

    language: Literal["auto", "en", "ro"] = "auto"
    include: list[str] = field(default_factory=lambda: list(DEFAULT_INCLUDE))
    exclude: list[str] = field(default_factory=list)
    rules: dict[str, RuleOverride] = field(default_factory=dict)
    #: Read symlinks that lead out of the checked tree (the project and the folders given).
    follow_symlinks: bool = False
    #: A team's own rule packs: YAML files or folders inside the config's folder.
    rule_packs: list[str] = field(default_factory=list)
    #: The baseline file, relative to the config's folder (default: .postcheck-baseline.json).
    baseline: str | None = None
    suppressions: SuppressionSettings = field(default_factory=SuppressionSettings)
    #: The proof-point register (a YAML file, relative to the config): approved claims and
    #: their evidence (see ``checks/claims/proof_points.py``).
    proof_points: str | None = None


@dataclass
class Config:
    """The effective configuration of one run."""

    root: Path
    path: Path | None = None
    #: Given with ``--config`` or built by the caller, not discovered inside the checked tree:
    #: only then may it widen what postcheck reaches or sends (``links.allow_private``).
    trusted: bool = True
    core: CoreSettings = field(default_factory=CoreSettings)
    sections: dict[str, Any] = field(default_factory=default_sections)

    @property
    def language(self) -> str:
        return self.core.language

    def section(self, name: str) -> Any:
        """The settings dataclass of section ``name`` (e.g. ``config.section("utm").domains``)."""
        return self.sections[name]

    def resolve(self, relative: str) -> Path:
        """A path from the config, made absolute against the project root."""
        return (self.root / relative).resolve()

    def override_for(self, rule_id: str) -> RuleOverride:
        """The merged override of a rule: its own entry wins over its family's."""
        family = self.core.rules.get(rule_id.split("/", 1)[0], RuleOverride())
        own = self.core.rules.get(rule_id, RuleOverride())
        return RuleOverride(
            severity=own.severity or family.severity,
            enabled=own.enabled if own.enabled is not None else family.enabled,
        )

    def severity_for(self, rule_id: str, default: Severity) -> Severity:
        override = self.override_for(rule_id).severity
        return Severity(override) if override else default


def discover(start_points: list[Path]) -> Path | None:
    """The nearest config file above any of ``start_points`` (first one that has one)."""
    seen: set[Path] = set()
    for start in start_points:
        folder = start.resolve()
        if not folder.is_dir():
            folder = folder.parent
        for candidate_dir in (folder, *folder.parents):
            if candidate_dir in seen:
                break
            seen.add(candidate_dir)
            for name in CONFIG_NAMES:
                if (candidate_dir / name).is_file():
                    return candidate_dir / name
            pyproject = candidate_dir / "pyproject.toml"
            if pyproject.is_file() and has_tool_table(pyproject):
                return pyproject
    return None


def load(path: Path | None, trusted: bool = False) -> Config:
    """Read and validate ``path`` (None: defaults rooted at the current folder). ``trusted``:
    the file was named with ``--config`` rather than discovered next to the posts."""
    if path is None:
        return Config(root=Path.cwd())
    data = _read(path)
    return from_mapping(data, path, trusted=trusted)


def from_mapping(data: dict[str, Any], path: Path | None, root: Path | None = None, trusted: bool = True) -> Config:
    """Validate a config mapping; errors name ``path`` and the key."""
    where = str(path) if path else "config"
    if not isinstance(data, dict):
        raise ConfigError(f"{where}: the config must be a mapping of keys to values")
    schemas = sections()
    core_data = {k: v for k, v in data.items() if k not in schemas}
    try:
        core = build(CoreSettings, core_data, "")
        values = default_sections()
        base = root or (path.parent.resolve() if path else Path.cwd())
        for name, cls in schemas.items():
            if name in data:
                values[name] = build(cls, data[name], name)
                check_folders(values[name], base, name)
        for rule_key in core.rules:
            _check_rule_key(rule_key)
    except SettingsError as error:
        raise ConfigError(f"{where}: {error}") from None
    return Config(root=base, path=path, trusted=trusted, core=core, sections=values)


def _check_rule_key(key: str) -> None:
    """A ``rules:`` key must at least look like a family or a rule id; whether that rule
    exists is checked against the registry once it is loaded."""
    if not key or key.count("/") > 1 or key.startswith("/") or key.endswith("/"):
        raise SettingsError(f"rules.{key}: expected a family or a rule id like claims/unsourced-statistic")


def _read(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        raise ConfigError(f"{path}: cannot read config: {_reason(error)}") from None
    if path.name == "pyproject.toml":
        try:
            table = tomllib.loads(text).get("tool", {}).get("postcheck", {})
        except tomllib.TOMLDecodeError as error:
            raise ConfigError(f"{path}: invalid TOML: {error}") from None
        return table
    try:
        data = yamlio.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        at = f" at line {mark.line + 1}" if mark else ""
        problem = getattr(error, "problem", None) or str(error)
        raise ConfigError(f"{path}: invalid YAML{at}: {problem}") from None
    return data if data is not None else {}


def has_tool_table(pyproject: Path) -> bool:
    try:
        return "postcheck" in tomllib.loads(pyproject.read_text(encoding="utf-8")).get("tool", {})
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        return False


def _reason(error: Exception) -> str:
    if isinstance(error, OSError):
        return error.strerror or str(error)
    return str(error)
