"""Which config and rules apply to a document: the nearest config above it, as ``postcheck
check`` would find for that file, loaded once and forgotten when a config or rule pack changes.

A config that cannot be used is not an exception here but a :class:`Setup` with an ``error``:
the server shows it on the document (and once as a message) and keeps running.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from pathlib import Path

from postcheck import config as config_module
from postcheck.commands._common import load_rules
from postcheck.config import CONFIG_NAMES, Config, ConfigError
from postcheck.discover import MissingPath, collect
from postcheck.registry import Registry
from postcheck.rulepack import RulePackError
from postcheck.runner import SelectionError, enabled_rules
from postcheck.server.settings import ServerSettings

#: Files whose change means "load the configs again" (rule packs are YAML too).
CONFIG_FILES = (*CONFIG_NAMES, "pyproject.toml")
PACK_SUFFIXES = (".yaml", ".yml")


@dataclass
class Setup:
    """Everything needed to check the documents under one config, or why they cannot be."""

    config: Config | None = None
    registry: Registry | None = None
    enabled: set[str] = field(default_factory=set)
    #: One line naming the file and the problem (a bad config, an invalid rule pack).
    error: str | None = None

    @property
    def settings(self) -> ServerSettings:
        return self.config.section("server") if self.config else ServerSettings()

    def excludes(self, path: Path) -> bool:
        """Whether the config's ``exclude`` leaves this post out (``postcheck check`` on the
        file would not check it either). A file not yet saved is never excluded."""
        if self.config is None:
            return False
        try:
            return not collect([path], self.config)
        except MissingPath:
            return False


class Projects:
    """Configs by folder and the rule registry, shared by every open document. The worker
    thread reads, the event loop forgets: a lock keeps the two apart."""

    def __init__(self, roots: list[Path] | None = None) -> None:
        self.roots = roots or []
        self._lock = threading.Lock()
        self._found: dict[Path, Path | None] = {}
        self._setups: dict[Path | None, Setup] = {}
        self._registry: Registry | None = None

    def setup_for(self, path: Path) -> Setup:
        """The setup of the document at ``path`` (which need not exist yet)."""
        with self._lock:
            folder = path.parent
            if folder not in self._found:
                self._found[folder] = config_module.discover([path])
            config_path = self._found[folder]
            key = config_path if config_path is not None else self._root_of(path)
            if key not in self._setups:
                self._setups[key] = self._load(config_path, self._root_of(path))
            return self._setups[key]

    def peek(self, path: Path) -> Setup | None:
        """The setup already loaded for ``path``'s folder, without touching the disk."""
        with self._lock:
            if path.parent not in self._found:
                return None
            config_path = self._found[path.parent]
            return self._setups.get(config_path if config_path is not None else self._root_of(path))

    def registry(self) -> Registry:
        """The rule registry (built-in packs), loaded once; raises :class:`RulePackError`."""
        if self._registry is None:
            self._registry = load_rules()
        return self._registry

    def forget(self, changed: list[Path]) -> bool:
        """Drop what ``changed`` files may invalidate; True when anything was dropped."""
        relevant = [p for p in changed if p.name in CONFIG_FILES or p.suffix in PACK_SUFFIXES]
        if not relevant:
            return False
        with self._lock:
            self._found.clear()
            self._setups.clear()
            if any(p.name not in CONFIG_FILES for p in relevant):
                self._registry = None
        return True

    def _root_of(self, path: Path) -> Path:
        """Without a config, the project root is the workspace folder holding the post."""
        for root in self.roots:
            if path.is_relative_to(root):
                return root
        return path.parent

    def _load(self, config_path: Path | None, root: Path) -> Setup:
        try:
            config = config_module.load(config_path) if config_path else config_module.from_mapping({}, None, root=root)
            registry = self.registry()
            return Setup(config, registry, enabled_rules(registry, config))
        except (ConfigError, SelectionError, RulePackError) as error:
            return Setup(error=str(error))
        except Exception as error:  # noqa: BLE001 - an untrusted config must never stop the server
            return Setup(error=f"{config_path or root}: cannot be used ({type(error).__name__}: {error})")
