"""Which files a run checks: the paths given, folders walked, include/exclude applied.

Patterns are gitignore-style (pathspec), matched against paths relative to the project root
(the config file's folder). Files named explicitly are checked even if ``include`` would not
pick them, but ``exclude`` still applies, so a pre-commit hook honours the team's excludes.
"""

from __future__ import annotations

import errno
import os
import stat
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


def collect(paths: list[Path], config: Config, warnings: list[str] | None = None, empty: list[Path] | None = None) -> list[Target]:
    """Every file to check under ``paths``, each once, in a stable order. What cannot be a
    post is skipped with a line in ``warnings``: a symlink loop, a FIFO or other non-regular
    file (reading one would hang the run), a symlink leading out of the checked tree (a pull
    request must not make CI print files from elsewhere) unless ``follow_symlinks``. Paths
    that hold no post (a folder with none, an excluded file) are added to ``empty`` when it
    is given; a file named on the command line and skipped with a warning is not."""
    warnings = warnings if warnings is not None else []
    include, exclude = _specs(config)
    roots = _roots(paths, config)
    root = roots[0]  # the project root, resolved once
    seen: set[Path] = set()
    targets: list[Target] = []
    for given in paths:
        if not given.exists() and not given.is_symlink():
            raise MissingPath(f"{printable(str(given))}: no such file or folder")
        if given.is_dir():
            candidates = [(p, _display(given, p)) for p in _walk(given)]
            check_include = True
        else:
            candidates = [(given, printable(str(given)))]
            check_include = False
        matched = False
        for path, display in candidates:
            resolved = _usable(path, display, roots, config.core.follow_symlinks, warnings)
            if resolved is None:
                matched = matched or not check_include
                continue
            relative = _relative(resolved, root)
            if exclude.match_file(relative) or (check_include and not include.match_file(relative)):
                continue
            matched = True
            if resolved not in seen:
                seen.add(resolved)
                targets.append(Target(path, display))
        if empty is not None and not matched:
            empty.append(given)
    return targets


def printable(name: str) -> str:
    """A file name as it can be shown anywhere (a terminal, JSON, a workflow command):
    bytes that are not UTF-8 as ``\\xff``, control characters as ``\\n``, ``\\x07``. Nothing
    is lost, and no raw byte or line break reaches the output."""
    text = os.fsencode(name).decode("utf-8", "backslashreplace")
    return "".join(char if char.isprintable() else char.encode("unicode_escape").decode("ascii") for char in text)


def _roots(paths: list[Path], config: Config) -> list[Path]:
    """The checked tree: the project root and every folder named on the command line."""
    roots = [config.root.resolve()]
    for given in paths:
        try:
            if given.is_dir():
                roots.append(given.resolve())
        except (OSError, RuntimeError):
            continue
    return roots


def _usable(path: Path, display: str, roots: list[Path], follow: bool, warnings: list[str]) -> Path | None:
    """Where ``path`` really is, or None (with a warning) when it must not be read."""
    try:
        resolved = path.resolve(strict=True)
        mode = resolved.stat().st_mode
    except (OSError, RuntimeError) as error:
        reason = "a symlink loop" if isinstance(error, RuntimeError) or getattr(error, "errno", None) == errno.ELOOP else "a broken symlink" if path.is_symlink() else getattr(error, "strerror", None) or str(error)
        warnings.append(f"{display}: skipped: {reason}")
        return None
    if not stat.S_ISREG(mode):
        warnings.append(f"{display}: skipped: not a regular file ({_kind(mode)})")
        return None
    lexical = Path(os.path.abspath(path))
    if resolved != lexical and not follow and not any(resolved.is_relative_to(root) for root in roots):
        warnings.append(f"{display}: skipped: a symlink to a file outside the checked tree (set follow_symlinks: true to read it)")
        return None
    return resolved


def _kind(mode: int) -> str:
    for test, name in ((stat.S_ISFIFO, "a FIFO"), (stat.S_ISSOCK, "a socket"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"), (stat.S_ISDIR, "a folder")):
        if test(mode):
            return name
    return "not a file"


def is_excluded(path: Path, config: Config) -> bool:
    """Whether the config's ``exclude`` (or the built-in one) leaves ``path`` out."""
    return _specs(config)[1].match_file(_relative(path.resolve(), config.root.resolve()))


def _specs(config: Config) -> tuple[pathspec.GitIgnoreSpec, pathspec.GitIgnoreSpec]:
    # pathspec picks RE2 when google-re2 is installed (postcheck needs it), whose Set cannot
    # take a file name that is not UTF-8 and answers "no match" when its memory runs out;
    # the plain backend is what postcheck has always used.
    return (
        pathspec.GitIgnoreSpec.from_lines(config.core.include, backend="simple"),
        pathspec.GitIgnoreSpec.from_lines([*ALWAYS_EXCLUDED, *config.core.exclude], backend="simple"),
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
    return printable(path.relative_to(given).as_posix())


def _relative(path: Path, root: Path) -> str:
    """``path`` relative to the resolved ``root``, as include and exclude patterns read it."""
    try:
        return path.relative_to(root).as_posix()
    except ValueError:
        return path.as_posix().lstrip("/")
