"""Which files a run checks: the paths given, folders walked, include/exclude applied.

Patterns are gitignore-style (pathspec), matched against paths relative to the project root
(the config file's folder). Files named explicitly are checked even if ``include`` would not
pick them, but ``exclude`` still applies, so a pre-commit hook honours the team's excludes.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

import pathspec

from postcheck.config import ALWAYS_EXCLUDED, Config


@dataclass(frozen=True)
class Target:
    """A file to check: where it is, and how it is shown in reports."""

    path: Path
    display: str


class MissingPath(Exception):
    """A path given on the command line does not exist."""


def collect(paths: list[Path], config: Config, empty: list[Path] | None = None) -> list[Target]:
    """Every file to check under ``paths``, each once, in a stable order. Paths that hold no
    post (a folder with none, an excluded file) are added to ``empty`` when it is given."""
    include, exclude = _specs(config)
    seen: set[Path] = set()
    targets: list[Target] = []
    for given in paths:
        if not given.exists():
            raise MissingPath(f"{given}: no such file or folder")
        if given.is_file():
            candidates = [(given, str(given))]
            check_include = False
        else:
            candidates = [(p, _display(given, p)) for p in _walk(given)]
            check_include = True
        matched = False
        for path, display in candidates:
            resolved = path.resolve()
            relative = _relative(resolved, config.root)
            if exclude.match_file(relative) or (check_include and not include.match_file(relative)):
                continue
            matched = True
            if resolved not in seen:
                seen.add(resolved)
                targets.append(Target(path, display))
        if empty is not None and not matched:
            empty.append(given)
    return targets


def is_excluded(path: Path, config: Config) -> bool:
    """Whether the config's ``exclude`` (or the built-in one) leaves ``path`` out."""
    return _specs(config)[1].match_file(_relative(path.resolve(), config.root))


def _specs(config: Config) -> tuple[pathspec.GitIgnoreSpec, pathspec.GitIgnoreSpec]:
    return (
        pathspec.GitIgnoreSpec.from_lines(config.core.include),
        pathspec.GitIgnoreSpec.from_lines([*ALWAYS_EXCLUDED, *config.core.exclude]),
    )


def post_matcher(config: Config) -> Callable[[str], bool]:
    """Whether a path (relative to the config's folder) is a post the config would check."""
    include, exclude = _specs(config)
    return lambda path: include.match_file(path) and not exclude.match_file(path)


def _walk(folder: Path) -> list[Path]:
    found: list[Path] = []
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if d not in (".git", ".venv", "node_modules", ".postcheck_cache"))
        found.extend(Path(root) / name for name in sorted(files))
    return found


def _display(given: Path, path: Path) -> str:
    """The contract: a file found in a folder is shown relative to the folder given."""
    return path.relative_to(given).as_posix()


def _relative(path: Path, root: Path) -> str:
    try:
        return path.relative_to(root.resolve()).as_posix()
    except ValueError:
        return path.as_posix().lstrip("/")
