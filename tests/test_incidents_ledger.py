"""The ledger: validation names the entry and field; appends keep every existing byte and are
atomic."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

from postcheck.incidents import ledger
from postcheck.incidents.ledger import Incident, LedgerError

RULES = {"claims/unsourced-statistic", "deceptive/fake-urgency"}
ONE = Incident(date(2026, 8, 14), "posts/ai-letter.md", "edited", "claims", note='55% figure had no source: "we said so"', channel="linkedin")

LEDGER_WITH_COMMENTS = """\
# Our incident ledger.   Hand-edited: keep my comments and spacing!
- date: 2026-05-02      # a trailing comment
  post: 'posts/old.md'
  action: flagged
  family: deceptive
  note:   "kept as written"

# (the next one was added by hand)
- {date: 2026-07-01, post: posts/flow.md, action: deleted, family: utm}
"""


def write(tmp_path: Path, text: str, name: str = "incidents.yaml") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8"))
    return path


def test_load_contract_example(tmp_path):
    path = write(tmp_path, textwrap.dedent("""\
        - date: 2026-08-14            # when the incident happened
          post: posts/2026-08-ai-letter.md
          action: edited              # edited | deleted | flagged
          family: claims              # one of the families, or a full rule id
          note: "55% figure had no source"
        - date: "2026-09-01"
          post: posts/b.md
          action: flagged
          family: deceptive/fake-urgency
          channel: x
          owner: dan
          url: https://x.com/acme/1
          platform: x
        """))
    first, second = ledger.load(path, RULES)
    assert first == Incident(date(2026, 8, 14), "posts/2026-08-ai-letter.md", "edited", "claims", "55% figure had no source")
    assert second.date == date(2026, 9, 1) and second.family_name == "deceptive" and second.platform == "x"


@pytest.mark.parametrize("text", ["", "# only a comment\n", "\n\n"])
def test_empty_ledger(tmp_path, text):
    assert ledger.load(write(tmp_path, text)) == []


def test_missing_ledger_is_empty(tmp_path):
    assert ledger.load(tmp_path / "nope.yaml") == []


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ("  post: p.md\n  action: edited\n  family: claims", "entry 2 (line 6): field 'date': missing"),
        ("  date: 2026-13-01\n  post: p.md\n  action: edited\n  family: claims", "entry 2 (line 6): field 'date': expected a date YYYY-MM-DD, got '2026-13-01'"),
        ("  date: 14.08.2026\n  post: p.md\n  action: edited\n  family: claims", "field 'date': expected a date YYYY-MM-DD"),
        ("  date: 2026-08-14\n  post: p.md\n  action: fixed\n  family: claims", "field 'action': expected one of edited, deleted, flagged, got 'fixed'"),
        ("  date: 2026-08-14\n  post: p.md\n  action: edited\n  family: spelling", "field 'family': expected a family"),
        ("  date: 2026-08-14\n  post: p.md\n  action: edited\n  family: claims/made-up", "field 'family': unknown rule id 'claims/made-up'"),
        ("  date: 2026-08-14\n  post: p.md\n  action: edited\n  family: claims\n  severity: high", "field 'severity': unknown field"),
        ("  date: 2026-08-14\n  post: [a, b]\n  action: edited\n  family: claims", "field 'post': expected text, got a list"),
        ("  date: 2026-08-14\n  post: p.md\n  action: edited\n  family: claims\n  note: 55", "field 'note': expected text, got int 55"),
        ("  just text", "entry 2 (line 6): expected a mapping of date, post, action, family, got the text 'just text'"),
    ],
)
def test_malformed_entry_names_index_and_field(tmp_path, entry, message):
    good = "- date: 2026-01-02\n  post: a.md\n  action: edited\n  family: utm\n# next\n"
    path = write(tmp_path, good + "-" + entry[1:] + "\n")
    with pytest.raises(LedgerError) as caught:
        ledger.load(path, RULES)
    assert str(caught.value).startswith(f"{path}: entry 2 (line 6): ")
    assert message in str(caught.value)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("date: 2026-08-14\npost: p.md\n", "the ledger must be a YAML list of entries"),
        ("- date: 2026-08-14\n  post: 'p.md\n", "invalid YAML at line"),
    ],
)
def test_malformed_ledger(tmp_path, text, message):
    with pytest.raises(LedgerError, match=message):
        ledger.load(write(tmp_path, text))


def test_rule_ids_are_checked_against_the_registry_only_when_given(tmp_path):
    path = write(tmp_path, "- date: 2026-08-14\n  post: p.md\n  action: edited\n  family: claims/renamed-since\n")
    assert ledger.load(path)[0].family_name == "claims"
    with pytest.raises(LedgerError, match="unknown rule id 'claims/renamed-since'"):
        ledger.load(path, RULES)


def test_undecodable_ledger(tmp_path):
    path = tmp_path / "incidents.yaml"
    path.write_bytes(b"- date: 2026-08-14\n  note: \xff\n")
    with pytest.raises(LedgerError, match="cannot read ledger"):
        ledger.load(path)


# --- append ------------------------------------------------------------------------------


def test_append_keeps_existing_bytes_and_comments(tmp_path):
    path = write(tmp_path, LEDGER_WITH_COMMENTS)
    before = path.read_bytes()
    ledger.append(path, [ONE])
    after = path.read_bytes()
    assert after.startswith(before)
    assert after[len(before):].decode() == (
        "- date: 2026-08-14\n"
        "  post: posts/ai-letter.md\n"
        "  action: edited\n"
        "  family: claims\n"
        '  note: "55% figure had no source: \\"we said so\\""\n'
        "  channel: linkedin\n"
    )
    assert ledger.load(path, RULES)[-1] == ONE
    assert len(ledger.load(path, RULES)) == 3


def test_append_to_crlf_ledger_uses_crlf(tmp_path):
    original = LEDGER_WITH_COMMENTS.replace("\n", "\r\n").encode()
    path = tmp_path / "incidents.yaml"
    path.write_bytes(original)
    ledger.append(path, [ONE, ONE])
    after = path.read_bytes()
    assert after.startswith(original)
    added = after[len(original):]
    assert added.count(b"\r\n") == 12 and b"\n" not in added.replace(b"\r\n", b"")
    assert ledger.load(path, RULES)[-2:] == [ONE, ONE]


def test_append_after_a_last_line_without_newline(tmp_path):
    original = "- date: 2026-05-02\n  post: a.md\n  action: edited\n  family: utm  # no newline at end"
    path = write(tmp_path, original)
    ledger.append(path, [ONE])
    after = path.read_text()
    assert after.startswith(original + "\n- date: 2026-08-14\n")
    assert len(ledger.load(path, RULES)) == 2


def test_append_follows_an_indented_list(tmp_path):
    original = "  - date: 2026-05-02\n    post: a.md\n    action: edited\n    family: utm\n"
    path = write(tmp_path, original)
    ledger.append(path, [ONE])
    assert path.read_text().startswith(original + "  - date: 2026-08-14\n    post: posts/ai-letter.md\n")
    assert ledger.load(path, RULES)[1] == ONE


def test_append_keeps_bom(tmp_path):
    original = "\ufeff# ledger\n- date: 2026-05-02\n  post: a.md\n  action: edited\n  family: utm\n"
    path = write(tmp_path, original)
    ledger.append(path, [ONE])
    assert path.read_bytes().startswith(original.encode("utf-8"))
    assert len(ledger.load(path, RULES)) == 2


def test_append_creates_a_new_ledger_with_a_header(tmp_path):
    path = tmp_path / "sub" / "incidents.yaml"
    ledger.append(path, [ONE])
    assert path.read_text().startswith("# Compliance incidents")
    assert ledger.load(path, RULES) == [ONE]


@pytest.mark.parametrize(
    ("value", "written"),
    [
        ("posts/a b.md", "posts/a b.md"),
        ("yes", '"yes"'),
        ("2026-08-14", '"2026-08-14"'),
        ("a: b", '"a: b"'),
        ("#hashtag", '"#hashtag"'),
        ("line\nbreak", '"line\\nbreak"'),
        ("parteneriat plătit", '"parteneriat plătit"'),
    ],
)
def test_values_are_quoted_only_when_needed(tmp_path, value, written):
    incident = Incident(date(2026, 8, 14), "p.md", "edited", "claims", note=value)
    assert f"  note: {written}\n" in ledger.render(incident)
    path = tmp_path / "l.yaml"
    ledger.append(path, [incident])
    assert ledger.load(path)[0].note == value.strip()


def test_append_refuses_a_flow_style_ledger(tmp_path):
    path = write(tmp_path, "[]\n")
    with pytest.raises(LedgerError, match="nothing was written"):
        ledger.append(path, [ONE])
    assert path.read_text() == "[]\n"
    assert not [p for p in tmp_path.iterdir() if p.name != "incidents.yaml"]


def test_append_refuses_a_malformed_ledger(tmp_path):
    text = "- date: 2026-05-02\n  post: a.md\n  action: fixed\n  family: utm\n"
    path = write(tmp_path, text)
    with pytest.raises(LedgerError, match="entry 1"):
        ledger.append(path, [ONE])
    assert path.read_text() == text


def test_failed_write_leaves_ledger_intact(tmp_path, monkeypatch):
    """A full disk (fsync fails) after half the new file is written: the old ledger stays,
    the temporary file is removed, and the error is one clean line."""
    path = write(tmp_path, LEDGER_WITH_COMMENTS)

    def disk_full(fd):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    with pytest.raises(LedgerError, match="No space left on device; the ledger was left unchanged"):
        ledger.append(path, [ONE])
    assert path.read_text() == LEDGER_WITH_COMMENTS
    assert [p.name for p in tmp_path.iterdir()] == ["incidents.yaml"]


def test_killed_writer_leaves_ledger_intact(tmp_path):
    """SIGKILL the process after the new content is fully written and synced but before the
    rename: the ledger on disk is still the old one, byte for byte."""
    path = write(tmp_path, LEDGER_WITH_COMMENTS)
    script = textwrap.dedent(f"""\
        import os, signal
        from datetime import date
        from pathlib import Path
        from postcheck.incidents import ledger
        os.replace = lambda *a: os.kill(os.getpid(), signal.SIGKILL)
        ledger.append(Path({str(path)!r}), [ledger.Incident(date(2026, 8, 14), "p.md", "edited", "claims")])
        """)
    done = subprocess.run([sys.executable, "-c", script], capture_output=True)
    assert done.returncode == -signal.SIGKILL
    assert path.read_text() == LEDGER_WITH_COMMENTS
    leftovers = [p for p in tmp_path.iterdir() if p.name not in ("incidents.yaml", ".incidents.yaml.lock")]
    assert len(leftovers) == 1 and leftovers[0].name.startswith(".incidents.yaml.")
    assert leftovers[0].read_bytes().startswith(LEDGER_WITH_COMMENTS.encode())
    ledger.append(path, [ONE])  # the next run cleans up what the killed one left
    assert sorted(p.name for p in tmp_path.iterdir()) == ["incidents.yaml"]


def test_permissions_are_kept(tmp_path):
    path = write(tmp_path, LEDGER_WITH_COMMENTS)
    path.chmod(0o640)
    ledger.append(path, [ONE])
    assert path.stat().st_mode & 0o777 == 0o640


def test_unreadable_or_unwritable_places_are_ledger_errors(tmp_path):
    folder_as_ledger = tmp_path / "incidents.yaml"
    folder_as_ledger.mkdir()
    with pytest.raises(LedgerError, match="cannot read ledger: Is a directory"):
        ledger.append(folder_as_ledger, [ONE])
    file_as_folder = tmp_path / "plain-file"
    file_as_folder.write_text("x")
    with pytest.raises(LedgerError, match="cannot write ledger: .*the ledger was left unchanged"):
        ledger.append(file_as_folder / "incidents.yaml", [ONE])
