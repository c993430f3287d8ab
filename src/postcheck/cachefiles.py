"""The files of postcheck's caches: where the user's cache is, how an entry is written (whole
or not at all), and what every key depends on (postcheck's code and its dependencies).

Cheap to import on purpose: the whole-run record (:mod:`postcheck.runrecord`) answers a warm
run with these before anything else is loaded.
"""

from __future__ import annotations

import contextlib
import datetime
import functools
import hashlib
import os
from pathlib import Path
from typing import Iterable

import postcheck

#: Marks the folder as a cache for backup tools (https://bford.info/cachedir/) and keeps it out of git.
CACHEDIR_TAG = "Signature: 8a477f597d28d172789f06886806bc55\n# postcheck's cache: safe to delete.\n"
#: The dependencies whose code decides what the per-post checks find.
DEPENDENCIES = ("markdown_it", "mdit_py_plugins", "linkify_it", "spacy", "yaml", "re2")
SECRET = "run-secret"


def user_folder() -> Path | None:
    """postcheck's folder in the user's cache (``$XDG_CACHE_HOME/postcheck``, else
    ``~/.cache/postcheck``), or None when there is no home to put it in."""
    base = os.environ.get("XDG_CACHE_HOME")
    if not base or not os.path.isabs(base):
        try:
            base = str(Path.home() / ".cache")
        except RuntimeError:
            return None
    return Path(base) / "postcheck"


def write(path: Path, text: str) -> None:
    """Write ``text`` to a temporary file and rename it over ``path``: a reader sees the old
    entry or the new one, never half of one."""
    import tempfile  # only when writing: a replayed run writes nothing

    if not path.parent.is_dir():
        make_folder(path.parent)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-")
    try:
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def keep_newest(paths: Iterable[Path], count: int) -> None:
    """Delete all but the ``count`` most recently written of ``paths`` (a file another process
    removed meanwhile is skipped)."""
    dated = []
    for path in paths:
        with contextlib.suppress(OSError):
            dated.append((path.stat().st_mtime_ns, path))
    for _, path in sorted(dated, reverse=True)[count:]:
        with contextlib.suppress(OSError):
            path.unlink()


def make_folder(folder: Path) -> None:
    """Create the cache folder, tagged and ignored by git (as ruff's is)."""
    folder.mkdir(parents=True, exist_ok=True)
    top = folder.parent
    for name, text in (("CACHEDIR.TAG", CACHEDIR_TAG), (".gitignore", "# Created by postcheck.\n*\n")):
        if not (top / name).exists():
            try:
                with open(top / name, "x", encoding="utf-8") as out:
                    out.write(text)
            except FileExistsError:
                pass


@functools.lru_cache(maxsize=1)
def code_fingerprint() -> str:
    """postcheck's files (size and modification time): an edited checkout is another version."""
    return files_fingerprint(Path(postcheck.__file__).resolve().parent)


def files_fingerprint(root: Path) -> str:
    parts = []
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d != "__pycache__")
        for name in sorted(files):
            stat = os.stat(os.path.join(folder, name))
            parts.append((os.path.relpath(os.path.join(folder, name), root), stat.st_size, stat.st_mtime_ns))
    return sha256(repr(parts).encode("utf-8"))


def dependency_fingerprint() -> str:
    """Where each dependency is installed and when that folder last changed (installing or
    upgrading a package adds and removes entries there), found without importing them."""
    import importlib.util

    parts = []
    for name in DEPENDENCIES:
        spec = importlib.util.find_spec(name)
        origin = Path(spec.origin).parent.parent if spec and spec.origin else None
        parts.append((name, str(origin), os.stat(origin).st_mtime_ns if origin else 0))
    return sha256(repr(parts).encode("utf-8"))


def today() -> str:
    return datetime.date.today().isoformat()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def packs_fingerprint() -> str:
    """The built-in rule packs of a source checkout (beside the package, outside its fingerprint)."""
    packs = Path(postcheck.__file__).resolve().parent.parent.parent / "rules"
    return files_fingerprint(packs) if packs.is_dir() else ""


def user_secret(create: bool = False) -> str | None:
    """A random secret of the user's cache, for keys a file in the checked tree must never
    match (the whole-run records'): created, readable by this user only, when ``create`` and
    there is none (two runs creating it at once agree on the first one); None without a user
    cache."""
    folder = user_folder()
    if folder is None:
        return None
    path = folder / SECRET
    try:
        with open(path, encoding="ascii") as handle:
            value = handle.read(128).strip()
        return value if len(value) == 64 else None
    except FileNotFoundError:
        pass
    except (OSError, ValueError):
        return None
    if not create:
        return None
    import tempfile

    try:
        folder.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=folder, prefix=".tmp-")  # mode 0600
        try:
            with os.fdopen(handle, "w", encoding="ascii") as out:
                out.write(os.urandom(32).hex())
            os.link(temporary, path)  # never replaces a secret another run made
        except FileExistsError:
            pass
        finally:
            os.unlink(temporary)
    except OSError:
        return None
    return user_secret(create=False)
