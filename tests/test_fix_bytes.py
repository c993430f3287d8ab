"""``postcheck fix`` rewrites only link destinations: everything else stays byte for byte."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from postcheck.cli import main
from postcheck.edits import Edit, StaleEdit, apply
from postcheck.model import Position, Span

CONFIG = "utm:\n  domains: [acme.example]\n"
HEAD = "---\ntitle: Café «launch»\nchannel: LinkedIn\ncampaign: Fall Launch\n---\n"
TAGS = "utm_source=linkedin&utm_medium=social&utm_campaign=fall-launch"

# (as written, as fixed): every form a destination can take.
FORMS = [
    ("[inline](https://acme.example/a)", f"[inline](https://acme.example/a?{TAGS})"),
    ('[titled](https://acme.example/t "A title")', f'[titled](https://acme.example/t?{TAGS} "A title")'),
    ("[angle](<https://acme.example/b>)", f"[angle](<https://acme.example/b?{TAGS}>)"),
    ("<https://acme.example/auto>", f"<https://acme.example/auto?{TAGS}>"),
    ("bare https://acme.example/bare.", f"bare https://acme.example/bare?{TAGS}."),
    ("[frag](https://acme.example/f#part)", f"[frag](https://acme.example/f?{TAGS}#part)"),
    ("[query](https://acme.example/q?page=2)", f"[query](https://acme.example/q?page=2&{TAGS})"),
    ("[partial](https://acme.example/p?utm_source=linkedin&x=1)",
     "[partial](https://acme.example/p?utm_source=linkedin&x=1&utm_medium=social&utm_campaign=fall-launch)"),
    ("[mark](https://acme.example/m?)", f"[mark](https://acme.example/m?{TAGS})"),
    ("[case](https://acme.example/c?UTM=1&utm_source=LinkedIn&utm_medium=Social&utm_campaign=fall-launch)",
     "[case](https://acme.example/c?UTM=1&utm_source=linkedin&utm_medium=social&utm_campaign=fall-launch)"),
    ('<a href="https://acme.example/h">html</a>', f'<a href="https://acme.example/h?{TAGS}">html</a>'),
    ("[other](https://other.example/x) ![img](https://acme.example/i.png)",
     "[other](https://other.example/x) ![img](https://acme.example/i.png)"),
]


def post(body_lines: list[str], newline: str = "\n", bom: bool = False, final_newline: bool = True) -> bytes:
    text = HEAD.replace("\n", newline) + newline.join(body_lines) + (newline if final_newline else "")
    return (b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8")


def fix(folder: Path, *args: str):
    return CliRunner().invoke(main, ["fix", *args, str(folder)], catch_exceptions=False)


@pytest.fixture
def repo(tmp_path: Path) -> Path:
    (tmp_path / ".postcheck.yaml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


def body(forms_index: int) -> list[str]:
    return [f"Line {i}: ș, 🙂 and\ttab then {FORMS[i][forms_index]} end." for i in range(len(FORMS))]


@pytest.mark.parametrize(
    "newline, bom, final_newline",
    [("\n", False, True), ("\r\n", False, True), ("\r\n", True, True), ("\r", False, True), ("\n", True, False)],
    ids=["lf", "crlf", "crlf-bom", "cr", "bom-no-final-newline"],
)
def test_every_form_is_fixed_and_nothing_else_changes(repo, newline, bom, final_newline):
    path = repo / "post.md"
    path.write_bytes(post(body(0), newline, bom, final_newline))
    result = fix(repo)
    assert result.exit_code == 0, result.output
    assert path.read_bytes() == post(body(1), newline, bom, final_newline)
    assert "Fixed 11 links in 1 file." in result.output


def test_reference_definitions_are_fixed_where_defined(repo):
    path = repo / "post.md"
    before = ["See [pricing][p], [again][p] and [docs].", "", "[p]: https://acme.example/pricing 'Prices'",
              "  [docs]:", "    <https://docs.acme.example/start#intro>"]
    path.write_bytes(post(before, "\r\n"))
    assert fix(repo).exit_code == 0
    after = list(before)
    after[2] = f"[p]: https://acme.example/pricing?{TAGS} 'Prices'"
    after[4] = f"    <https://docs.acme.example/start?{TAGS}#intro>"
    assert path.read_bytes() == post(after, "\r\n")


def test_links_in_containers_are_fixed_in_place(repo):
    path = repo / "post.md"
    before = ["> quoted [q](https://acme.example/q)", "", "- item", "  1. nested [n](https://acme.example/n)", "",
              "| a | b |", "| - | - |", "| [t](https://acme.example/t) | ș |", "", "```", "https://acme.example/code", "```"]
    path.write_bytes(post(before))
    fix(repo)
    after = [line.replace(".example/q)", f".example/q?{TAGS})").replace(".example/n)", f".example/n?{TAGS})")
             .replace(".example/t)", f".example/t?{TAGS})") for line in before]
    assert path.read_bytes() == post(after)


def test_diff_prints_a_unified_diff_and_writes_nothing(repo, monkeypatch):
    monkeypatch.chdir(repo)  # the diff's paths are relative to the current folder
    path = repo / "post.md"
    original = post(["Read [it](https://acme.example/a)."], "\r\n")
    path.write_bytes(original)
    mtime = path.stat().st_mtime_ns
    result = fix(repo, "--diff")
    assert result.exit_code == 1
    assert path.read_bytes() == original and path.stat().st_mtime_ns == mtime
    assert "--- a/post.md" in result.output and "+++ b/post.md" in result.output
    assert "-Read [it](https://acme.example/a)." in result.output
    assert f"+Read [it](https://acme.example/a?{TAGS})." in result.output


def test_second_run_changes_nothing(repo):
    path = repo / "post.md"
    path.write_bytes(post(body(0)))
    fix(repo)
    fixed = path.read_bytes()
    result = fix(repo)
    assert result.output.strip() == "Nothing to fix." and result.exit_code == 0
    assert path.read_bytes() == fixed
    assert fix(repo, "--diff").exit_code == 0


def test_write_is_atomic_and_keeps_permissions(repo):
    path = repo / "post.md"
    path.write_bytes(post(["[a](https://acme.example/a)"]))
    os.chmod(path, 0o640)
    inode = path.stat().st_ino
    fix(repo)
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert path.stat().st_ino != inode  # replaced by rename, not rewritten in place
    assert sorted(p.name for p in repo.iterdir()) == [".postcheck.yaml", "post.md"]  # no temp file left


def test_only_what_check_reports_as_fixable_is_fixed(repo):
    untouched = {
        "suppressed.md": post(["<!-- postcheck-disable-file utm -- internal -->", "[a](https://acme.example/a)"]),
        "blog.md": b"---\nchannel: blog\n---\n[a](https://acme.example/a?utm_source=Blog)\n",
        "spaces.md": post(["[a](https://acme.example/a?utm_source=linkedin&utm_medium=social&utm_campaign=Fall%20Launch)"]),
        "broken.md": b"---\nchannel: [x\n---\n[a](https://acme.example/a)\n",
    }
    for name, data in untouched.items():
        (repo / name).write_bytes(data)
    (repo / "no-campaign.md").write_bytes(b"---\nchannel: x\n---\n[a](https://acme.example/a)\n")
    result = fix(repo)
    for name, data in untouched.items():
        assert (repo / name).read_bytes() == data, name
    # What is known is added; the campaign, which nobody gave, is left for the author.
    assert (repo / "no-campaign.md").read_bytes() == b"---\nchannel: x\n---\n[a](https://acme.example/a)\n"
    assert result.output.strip() == "Nothing to fix."


def test_defaults_fill_what_the_front_matter_does_not(repo):
    (repo / ".postcheck.yaml").write_text(
        CONFIG + "  defaults: {medium: social, campaign: always-on, utm_content: post}\n"
        "  channel_mediums: {Newsletter: email}\n  sources: {X: twitter}\n", encoding="utf-8")
    (repo / "x.md").write_bytes(b"---\nchannel: x\n---\n[a](https://acme.example/a)\n")
    (repo / "mail.md").write_bytes(b"---\nchannel: newsletter\ncampaign: Oct\n---\n[a](https://acme.example/a)\n")
    fix(repo)
    assert (repo / "x.md").read_bytes().endswith(
        b"(https://acme.example/a?utm_source=twitter&utm_medium=social&utm_campaign=always-on&utm_content=post)\n")
    assert (repo / "mail.md").read_bytes().endswith(
        b"(https://acme.example/a?utm_source=newsletter&utm_medium=email&utm_campaign=oct&utm_content=post)\n")


def test_apply_refuses_stale_or_overlapping_edits():
    raw = "ab\r\ncd\r\n".encode()
    span = Span(Position(2, 1), Position(2, 3))
    assert apply(raw, [Edit(span, "cd", "CD", "")]) == b"ab\r\nCD\r\n"
    with pytest.raises(StaleEdit):
        apply(raw, [Edit(span, "xx", "CD", "")])
    with pytest.raises(StaleEdit):
        apply(raw, [Edit(span, "cd", "CD", ""), Edit(Span(Position(2, 2), Position(2, 3)), "d", "D", "")])


def test_the_installed_command_fixes_a_file(repo):
    path = repo / "post.md"
    path.write_bytes(post(["[a](https://acme.example/a)"]))
    done = subprocess.run([sys.executable, "-m", "postcheck", "fix", str(path)], capture_output=True, text=True, cwd=repo)
    assert done.returncode == 0, done.stderr
    assert "post.md:6:5: added utm_source=linkedin, utm_medium=social, utm_campaign=fall-launch" in done.stdout
    assert path.read_bytes() == post([f"[a](https://acme.example/a?{TAGS})"])


def test_usage_errors_are_one_line_and_exit_2(repo, tmp_path):
    missing = CliRunner().invoke(main, ["fix", str(repo / "nope.md")])
    assert missing.exit_code == 2 and missing.output.count("\n") == 1
    bad = repo / "bad.yaml"
    bad.write_text("utm:\n  domains: acme.example\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["fix", "--config", str(bad), str(repo)])
    assert result.exit_code == 2 and "utm.domains" in result.output
