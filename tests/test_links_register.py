"""Evidence URLs of the proof-point register are checked whenever the links check runs,
against a real HTTP server on 127.0.0.1, and reported on the register's own lines."""

from __future__ import annotations

import json

import pytest

from support.links import FAST
from support.links_server import LinkServer
from support.proof_points import REGISTER, entry, invoke, make_repo

POST = "Teams cut their weekly reporting time by 40% after the switch.\n"


@pytest.fixture(scope="module")
def server():
    with LinkServer() as running:
        yield running


def files_of(root, *args: str, env: dict[str, str] | None = None) -> dict[str, list[tuple[str, int, int]]]:
    result = invoke(root, "check", "--format", "json", *args, "posts", env=env)
    assert result.exit_code in (0, 1), result.output
    return {f["path"]: [(x["rule"], x["line"], x["column"]) for x in f["findings"]] for f in json.loads(result.stdout)["files"]}


def test_a_broken_evidence_url_is_reported_on_the_register(tmp_path, server):
    entries = [entry(evidence=server.url("/ok")), entry(id="gone", evidence=server.url("/status/404"))]
    make_repo(tmp_path, entries, {"a.md": POST}, config={"links": FAST})
    found = files_of(tmp_path, "--no-cache")
    lines = (tmp_path / REGISTER).read_text(encoding="utf-8").splitlines()
    (rule, line, column), = found[REGISTER]
    assert rule == "links/broken" and lines[line - 1][column - 1 :] == server.url("/status/404")
    assert found["a.md"] == []
    assert server.count("/ok") == 1 and server.count("/status/404") == 1


def test_working_evidence_urls_leave_the_register_out_of_the_report(tmp_path, server):
    make_repo(tmp_path, [entry(evidence=server.url("/page"))], {"a.md": POST}, config={"links": FAST})
    assert list(files_of(tmp_path, "--no-cache")) == ["a.md"]


def test_offline_requests_no_evidence_url(tmp_path, server):
    before = server.count("/status/410")
    make_repo(tmp_path, [entry(evidence=server.url("/status/410"))], {"a.md": POST}, config={"links": FAST})
    assert list(files_of(tmp_path, "--offline")) == ["a.md"]
    assert server.count("/status/410") == before


def test_the_register_is_checked_with_only_the_links_rules_selected(tmp_path, server):
    make_repo(tmp_path, [entry(evidence=server.url("/status/404"))], {"a.md": POST}, config={"links": FAST})
    found = files_of(tmp_path, "--no-cache", "--select", "links")
    assert [rule for rule, _, _ in found[REGISTER]] == ["links/broken"]


def test_an_evidence_url_to_a_private_address_is_not_requested(tmp_path, server):
    """The register is untrusted like the posts: its evidence URLs get the links check's
    private-address guard (a discovered config cannot lift it)."""
    before = server.count("/status/200/private-evidence")
    make_repo(tmp_path, [entry(evidence=server.url("/status/200/private-evidence"))], {"a.md": POST}, config={"links": FAST})
    found = files_of(tmp_path, "--no-cache", env={"POSTCHECK_LINKS_ALLOW_PRIVATE": ""})
    assert [rule for rule, _, _ in found[REGISTER]] == ["links/unverifiable"]
    assert server.count("/status/200/private-evidence") == before
