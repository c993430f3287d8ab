"""Incidents found in the content repo's git history.

Two sources, both read from ``git log`` of the folder the config is in:

- **Trailers.** A commit that fixes or removes a published post can say so:
  ``Postcheck-Incident: <family or rule id> <edited|deleted|flagged> [post path]``. The
  incident is dated on the commit date and names each post the commit touched (or the path
  given in the trailer). Those not yet in the ledger are listed, and can be appended.
- **To review.** A commit that changed or deleted a post whose front matter *before the
  commit* said ``status: published`` with a ``date`` earlier than the commit: a change after
  publication that may be an unrecorded incident (or a harmless typo fix: a human decides).
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Callable, Iterable

from postcheck.config import Config
from postcheck.discover import post_matcher
from postcheck.incidents.ledger import ACTIONS, Incident, check_family, parse_date, post_fields
from postcheck.model import FrontMatter
from postcheck.parse import frontmatter
from postcheck.parse.source import SourceText, decode

TRAILER = "Postcheck-Incident"
#: ``git log`` record layout: fields split by US, records introduced by RS (never in paths
#: or commit metadata), the name-status list NUL-separated after the header.
LOG_FORMAT = f"%x1e%H%x1f%P%x1f%cs%x1f%s%x1f%(trailers:key={TRAILER},valueonly,separator=%x1d)"
CHANGES = {"M": "modified", "D": "deleted", "T": "modified"}


class ScanError(Exception):
    """git cannot be run here, or the folder is not in a git repository."""


@dataclass
class Commit:
    sha: str
    #: The first parent ("" for a root commit); a merge is compared with it.
    parent: str
    merge: bool
    day: date
    subject: str
    trailers: list[str]
    #: (status letter, path relative to the config's folder)
    changes: list[tuple[str, str]] = field(default_factory=list)

    @property
    def short(self) -> str:
        return self.sha[:7]


@dataclass
class Found:
    """An incident recorded by a trailer."""

    incident: Incident
    commit: Commit


@dataclass
class Ignored:
    """A trailer that could not be turned into an incident, and why."""

    commit: Commit
    trailer: str
    reason: str


@dataclass
class ToReview:
    post: str
    change: str
    published: date
    commit: Commit


@dataclass
class ScanResult:
    new: list[Found] = field(default_factory=list)
    already_recorded: list[Found] = field(default_factory=list)
    ignored: list[Ignored] = field(default_factory=list)
    to_review: list[ToReview] = field(default_factory=list)


def scan(config: Config, ledger: list[Incident], rule_ids: Iterable[str], since: date | None = None) -> ScanResult:
    """Read the history of the config's folder and sort what it says against ``ledger``."""
    root = config.root
    is_post = post_matcher(config)
    commits = [c for c in read_log(root) if since is None or c.day >= since]
    for commit in commits:
        commit.changes = [(status, path) for status, path in commit.changes if is_post(path)]
    before = _versions_before(root, commits)
    result = ScanResult()
    _sort_trailers(commits, ledger, set(rule_ids), lambda sha, post: before.get((sha, post)) or _current_front_matter(root, post), result)
    covered = _merged_with_trailer(root, commits)
    result.to_review = _to_review([c for c in commits if c.sha not in covered], ledger, before)
    return result


def _merged_with_trailer(root: Path, commits: list[Commit]) -> set[str]:
    """The commits a merge with a trailer brought in: its trailer explains their changes."""
    covered: set[str] = set()
    for commit in commits:
        if commit.merge and commit.trailers:
            listed = git(root, "rev-list", f"{commit.sha}^1..{commit.sha}^2").decode("ascii").split()
            covered.update(listed)
    return covered


def _sort_trailers(commits: list[Commit], ledger: list[Incident], known: set[str], front_of: Callable[[str, str], FrontMatter | None], result: ScanResult) -> None:
    """Each trailer's incidents into new, already recorded, or ignored (with the reason)."""
    recorded = {i.key for i in ledger}
    for commit in commits:
        for trailer in commit.trailers:
            for item in _trailer_incidents(commit, trailer, known, lambda post: front_of(commit.sha, post)):
                if isinstance(item, Ignored):
                    result.ignored.append(item)
                elif item.incident.key in recorded:
                    result.already_recorded.append(item)
                else:
                    recorded.add(item.incident.key)
                    result.new.append(item)


def _to_review(commits: list[Commit], ledger: list[Incident], before: dict[tuple[str, str], FrontMatter]) -> list[ToReview]:
    """Changes to posts that were already published, not explained by a trailer or the ledger.
    Merge commits are skipped: their changes are reviewed in the commits they merge."""
    recorded = {(i.date, i.post) for i in ledger}
    found = []
    for commit in commits:
        if commit.trailers or commit.merge:
            continue
        for status, path in commit.changes:
            published = _published(before.get((commit.sha, path)))
            if status in CHANGES and published and published < commit.day and (commit.day, path) not in recorded:
                found.append(ToReview(path, CHANGES[status], published, commit))
    return found


def read_log(root: Path) -> list[Commit]:
    """Every commit touching ``root`` (newest first), with the files it changed under it."""
    try:
        git(root, "rev-parse", "--show-toplevel")
    except ScanError:
        raise ScanError(f"{root}: not in a git repository (scan reads the history of the config's folder)") from None
    if subprocess.run(["git", "rev-parse", "--verify", "-q", "HEAD"], cwd=root, capture_output=True).returncode != 0:
        return []  # a repository without commits has no history yet
    raw = git(root, "log", "-z", "--no-renames", "--diff-merges=first-parent", "--name-status", "--relative", f"--format={LOG_FORMAT}", "--", ".")
    commits = []
    for record in raw.decode("utf-8", errors="replace").split("\x1e")[1:]:
        header, _, rest = record.partition("\0")
        sha, parents, day, subject, trailers = header.split("\x1f")
        parts = rest.lstrip("\n").split("\0")
        changes = [(parts[i][:1], parts[i + 1]) for i in range(0, len(parts) - 1, 2) if parts[i]]
        values = [t.strip() for t in trailers.split("\x1d") if t.strip()]
        parent_list = parents.split()
        commits.append(Commit(sha, parent_list[0] if parent_list else "", len(parent_list) > 1, date.fromisoformat(day), subject, values, changes))
    return commits


def git(root: Path, *args: str, stdin: bytes | None = None) -> bytes:
    """Run git in ``root``; a failure is a :class:`ScanError` with git's own first line."""
    try:
        done = subprocess.run(["git", "-c", "core.quotePath=false", *args], cwd=root, input=stdin, capture_output=True, check=False)
    except OSError as error:
        raise ScanError(f"cannot run git: {error.strerror or error}") from None
    if done.returncode != 0:
        message = done.stderr.decode("utf-8", errors="replace").strip().splitlines()
        raise ScanError(f"{root}: git {args[0]} failed: {message[0] if message else 'exit code ' + str(done.returncode)}")
    return done.stdout


def _versions_before(root: Path, commits: list[Commit]) -> dict[tuple[str, str], FrontMatter]:
    """The front matter of each changed post as it was in the commit's parent, read with one
    ``git cat-file --batch`` for the whole history."""
    prefix = git(root, "rev-parse", "--show-prefix").decode("utf-8").strip()
    wanted = [(c.sha, c.parent, path) for c in commits if c.parent for status, path in c.changes if status in CHANGES]
    if not wanted:
        return {}
    request = "".join(f"{parent}:{prefix}{path}\n" for _, parent, path in wanted).encode("utf-8")
    output = git(root, "cat-file", "--batch", stdin=request)
    found: dict[tuple[str, str], FrontMatter] = {}
    position = 0
    for sha, _, path in wanted:
        end = output.index(b"\n", position)
        header = output[position:end].split()
        position = end + 1
        if len(header) < 3 or header[-1] == b"missing":
            continue
        size = int(header[2])
        front = _front_matter(output[position : position + size])
        position += size + 1
        if front is not None:
            found[(sha, path)] = front
    return found


def _front_matter(raw: bytes) -> FrontMatter | None:
    """Only the front matter of a post (the body is not needed), or None when unreadable."""
    decoded = decode(raw)
    return frontmatter.read(decoded.lines).front_matter if isinstance(decoded, SourceText) else None


def _current_front_matter(root: Path, post: str) -> FrontMatter | None:
    """The post as it is in the working tree, for a trailer naming a post its commit did not
    change (a platform flag)."""
    path = root / post
    try:
        return _front_matter(path.read_bytes()) if path.is_file() else None
    except OSError:
        return None


def _published(front: FrontMatter | None) -> date | None:
    """The publish date of a post whose front matter says it is published."""
    if front is None or str(front.get("status", "")).strip().lower() != "published":
        return None
    return parse_date(front.get("date"))


def _trailer_incidents(commit: Commit, trailer: str, known: set[str], front_of: Callable[[str], FrontMatter | None]) -> list[Found | Ignored]:
    """The incidents one trailer records: one per post it names or the commit touched."""
    words = trailer.split(maxsplit=2)
    if len(words) < 2:
        return [Ignored(commit, trailer, f"expected '{TRAILER}: <family or rule id> <{'|'.join(ACTIONS)}>'")]
    family, action = words[0], words[1].lower()
    problem = check_family(family, known)
    if problem:
        return [Ignored(commit, trailer, problem)]
    if action not in ACTIONS:
        return [Ignored(commit, trailer, f"action: expected one of {', '.join(ACTIONS)}, got {words[1]!r}")]
    posts = [words[2].strip()] if len(words) == 3 else sorted({path for _, path in commit.changes})
    if not posts:
        return [Ignored(commit, trailer, "the commit changes no post; name it: '<family> <action> <post path>'")]
    found: list[Found | Ignored] = []
    for post in posts:
        front = front_of(post)
        filled = post_fields(front) if front is not None else {}
        incident = Incident(date=commit.day, post=post, action=action, family=family, note=f"{commit.short}: {commit.subject}", **filled)
        found.append(Found(incident, commit))
    return found
