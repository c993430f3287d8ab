"""``postcheck incidents scan`` against real git repositories with set commit dates."""

from __future__ import annotations

import json
import os
import subprocess
from datetime import date
from pathlib import Path

import pytest
from support.incidents_cli import invoke
from postcheck.incidents import ledger


class Repo:
    """A real git repository in a temporary folder; every commit gets the date it is given."""

    def __init__(self, top: Path, content: str = "") -> None:
        self.top = top
        self.root = top / content if content else top
        self.root.mkdir(parents=True, exist_ok=True)
        self.git("init", "-q", "-b", "main")

    def git(self, *args: str, day: str = "2026-01-01") -> str:
        stamp = f"{day}T12:00:00+00:00"
        env = {
            **os.environ,
            "GIT_AUTHOR_NAME": "Ana", "GIT_AUTHOR_EMAIL": "ana@example.com", "GIT_AUTHOR_DATE": stamp,
            "GIT_COMMITTER_NAME": "Ana", "GIT_COMMITTER_EMAIL": "ana@example.com", "GIT_COMMITTER_DATE": stamp,
            "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1",
        }
        return subprocess.run(["git", *args], cwd=self.top, env=env, check=True, capture_output=True, text=True).stdout

    def write(self, relative: str, text: str) -> None:
        path = self.root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)

    def post(self, relative: str, status: str, published: str, body: str = "Hello.", channel: str = "linkedin", owner: str = "maria") -> None:
        self.write(relative, f"---\ntitle: T\nstatus: {status}\ndate: {published}\nchannel: {channel}\nowner: {owner}\n---\n{body}\n")

    def commit(self, day: str, message: str) -> None:
        self.git("add", "-A")
        self.git("commit", "-q", "-m", message, day=day)

    def scan(self, *args: str):
        return invoke(self.root, "scan", *args)


@pytest.fixture
def repo(tmp_path: Path) -> Repo:
    """A content repo whose history has one of each case."""
    repo = Repo(tmp_path)
    repo.write(".postcheck.yaml", 'include: ["posts/**/*.md"]\n')
    repo.post("posts/a.md", "published", "2026-03-01", channel="x", owner="dan")
    repo.post("posts/b.md", "published", "2026-02-01")
    repo.post("posts/draft.md", "draft", "2026-06-01")
    repo.post("posts/late.md", "draft", "2026-05-07")
    repo.write("README.md", "status: published\n")
    repo.commit("2026-03-01", "Initial posts")
    # (a) a fix with a trailer: an incident dated on the commit, channel/owner from the post.
    repo.post("posts/a.md", "published", "2026-03-01", body="Fixed: now with a source.", channel="x", owner="dan")
    repo.commit("2026-04-10", "Source the 55% figure\n\nPostcheck-Incident: claims edited")
    # (b) a published post deleted later, no trailer: to review.
    (repo.root / "posts" / "b.md").unlink()
    repo.commit("2026-05-05", "Remove b")
    # Not to review: a draft edited, a post published today, a non-post file.
    repo.post("posts/draft.md", "draft", "2026-06-01", body="Edited draft.")
    repo.post("posts/late.md", "published", "2026-05-07")
    repo.write("README.md", "status: published, edited\n")
    repo.commit("2026-05-07", "Drafts, publish late.md, readme")
    repo.post("posts/late.md", "published", "2026-05-07", body="Same-day typo fix.")
    repo.commit("2026-05-07", "Typo")
    # A trailer naming a post explicitly (a platform flag: no file change), and a bad trailer.
    repo.write("notes.txt", "flag\n")
    repo.commit("2026-06-02", "Log platform flag\n\nPostcheck-Incident: deceptive/fake-urgency flagged posts/late.md\nPostcheck-Incident: spelling edited")
    # A published post edited after its date, no trailer: to review.
    repo.post("posts/late.md", "published", "2026-05-07", body="Rewritten claims.")
    repo.commit("2026-07-20", "Rewrite late.md")
    return repo


def test_scan_lists_trailers_and_posts_to_review(repo):
    result = repo.scan()
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "Incidents in commit trailers, not in the ledger: 2"
    assert lines[1].startswith("  2026-06-02  posts/late.md  flagged  deceptive/fake-urgency  (")
    assert lines[2].startswith("  2026-04-10  posts/a.md  edited  claims  (") and lines[2].endswith(" Source the 55% figure)")
    assert lines[3] == "  (run 'postcheck incidents scan --write' to append them)"
    assert lines[4].startswith("Ignored trailer in ") and lines[4].endswith("'spelling edited': expected a family (claims, utm, links, proof, deceptive) or a rule id like claims/unsourced-statistic, got 'spelling'")
    assert lines[5] == "To review (published posts changed after their date): 2"
    assert lines[6].startswith("  2026-07-20  posts/late.md  modified, published 2026-05-07  (") and lines[6].endswith(" Rewrite late.md)")
    assert lines[7].startswith("  2026-05-05  posts/b.md  deleted, published 2026-02-01  (")
    assert len(lines) == 8
    assert not (repo.root / "incidents.yaml").exists()


def test_write_appends_once(repo):
    path = repo.root / "incidents.yaml"
    path.write_text("# kept\n- date: 2026-01-05\n  post: posts/old.md\n  action: edited\n  family: utm\n")
    before = path.read_bytes()
    result = repo.scan("--write")
    assert result.exit_code == 0, result.output
    assert result.stdout.endswith("\nincidents.yaml: added 2 incident(s)\n")
    assert path.read_bytes().startswith(before)
    entries = ledger.load(path)
    assert [(e.date, e.post, e.action, e.family, e.channel, e.owner) for e in entries[1:]] == [
        (date(2026, 6, 2), "posts/late.md", "flagged", "deceptive/fake-urgency", "linkedin", "maria"),
        (date(2026, 4, 10), "posts/a.md", "edited", "claims", "x", "dan"),
    ]
    assert entries[2].note.endswith(": Source the 55% figure")
    again = repo.scan("--write")
    assert again.stdout.startswith("Incidents in commit trailers, not in the ledger: 0\nAlready in the ledger: 2\n")
    assert "added" not in again.stdout and len(ledger.load(path)) == 3


def test_a_change_recorded_in_the_ledger_is_not_to_review(repo):
    (repo.root / "incidents.yaml").write_text("- date: 2026-07-20\n  post: posts/late.md\n  action: edited\n  family: claims\n")
    result = repo.scan()
    assert "To review (published posts changed after their date): 1\n  2026-05-05  posts/b.md" in result.stdout


def test_since_limits_the_commits(repo):
    result = repo.scan("--since", "2026-06-01")
    lines = result.stdout.splitlines()
    assert lines[0] == "Incidents in commit trailers, not in the ledger: 1"
    assert "To review (published posts changed after their date): 1" in lines
    assert "posts/b.md" not in result.stdout


def test_content_repo_in_a_subfolder(tmp_path):
    """The config is in content/ of a bigger repo: paths are relative to content/, and commits
    outside it are not read."""
    repo = Repo(tmp_path, "content")
    repo.write(".postcheck.yaml", "language: en\n")
    repo.post("posts/p.md", "published", "2026-01-10")
    (tmp_path / "app.md").write_text("---\nstatus: published\ndate: 2020-01-01\n---\n")
    repo.commit("2026-01-10", "Start")
    repo.post("posts/p.md", "published", "2026-01-10", body="Changed.")
    (tmp_path / "app.md").write_text("---\nstatus: published\ndate: 2020-01-01\n---\nChanged.\n")
    repo.commit("2026-02-01", "Fix p\n\nPostcheck-Incident: utm edited")
    (tmp_path / "app.md").write_text("changed again\n")
    repo.commit("2026-02-02", "Outside\n\nPostcheck-Incident: links deleted")
    result = repo.scan("--write")
    assert result.exit_code == 0, result.output
    (entry,) = ledger.load(repo.root / "incidents.yaml")
    assert (entry.post, entry.family, entry.channel) == ("posts/p.md", "utm", "linkedin")
    assert "To review (published posts changed after their date): 0" in result.stdout


def test_trailer_without_a_post_is_ignored_with_a_reason(tmp_path):
    repo = Repo(tmp_path)
    repo.write(".postcheck.yaml", "language: en\n")
    repo.write("notes.txt", "x\n")
    repo.commit("2026-01-10", "Note\n\nPostcheck-Incident: claims edited")
    repo.write("notes.txt", "y\n")
    repo.commit("2026-01-11", "Note\n\nPostcheck-Incident: claims fixed")
    result = repo.scan()
    assert "'claims edited': the commit changes no post; name it: '<family> <action> <post path>'" in result.stdout
    assert "'claims fixed': action: expected one of edited, deleted, flagged, got 'fixed'" in result.stdout


def test_not_a_git_repository_is_one_line(tmp_path):
    (tmp_path / ".postcheck.yaml").write_text("language: en\n")
    result = invoke(tmp_path, "scan", env={"GIT_CEILING_DIRECTORIES": str(tmp_path.parent)})
    assert result.exit_code == 2
    assert result.stderr == f"postcheck: error: {tmp_path}: not in a git repository (scan reads the history of the config's folder)\n"
    assert result.stderr.count("\n") == 1


def test_empty_repository(tmp_path):
    repo = Repo(tmp_path)
    repo.write(".postcheck.yaml", "language: en\n")
    result = repo.scan()
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Incidents in commit trailers, not in the ledger: 0\n")


def test_json_output(repo):
    result = repo.scan("--format", "json", "--write")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["written"] == 2 and data["already_recorded"] == 0
    assert [(n["date"], n["post"], n["family"]) for n in data["new"]] == [("2026-06-02", "posts/late.md", "deceptive/fake-urgency"), ("2026-04-10", "posts/a.md", "claims")]
    assert len(data["new"][0]["commit"]) == 40
    assert [i["trailer"] for i in data["ignored"]] == ["spelling edited"]
    assert [(r["post"], r["change"], r["published"]) for r in data["to_review"]] == [("posts/late.md", "modified", "2026-05-07"), ("posts/b.md", "deleted", "2026-02-01")]
    assert len(ledger.load(repo.root / "incidents.yaml")) == 2


def test_trailer_on_a_merge_commit(tmp_path):
    """A pull request merged with the trailer in the merge message: the incident names the
    posts the merge brought in; the branch commit is not listed again as to review."""
    repo = Repo(tmp_path)
    repo.write(".postcheck.yaml", "language: en\n")
    repo.post("posts/p.md", "published", "2026-01-10")
    repo.commit("2026-01-10", "Start")
    repo.git("checkout", "-q", "-b", "fix")
    repo.post("posts/p.md", "published", "2026-01-10", body="Fixed.")
    repo.commit("2026-02-01", "Fix p")
    repo.git("checkout", "-q", "main")
    repo.write("other.txt", "x\n")
    repo.commit("2026-02-02", "Unrelated")
    repo.git("merge", "-q", "--no-ff", "fix", "-m", "Merge fix\n\nPostcheck-Incident: claims edited", day="2026-02-03")
    result = repo.scan("--format", "json")
    data = json.loads(result.stdout)
    assert [(n["date"], n["post"], n["subject"]) for n in data["new"]] == [("2026-02-03", "posts/p.md", "Merge fix")]
    assert data["to_review"] == []
    # Without the trailer, the branch commit is the change to review (not the merge).
    repo.git("commit", "-q", "--amend", "-m", "Merge fix", day="2026-02-03")
    data = json.loads(repo.scan("--format", "json").stdout)
    assert data["new"] == [] and [(r["date"], r["post"], r["subject"]) for r in data["to_review"]] == [("2026-02-01", "posts/p.md", "Fix p")]
