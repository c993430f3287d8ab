"""Bad input yields a finding or a clean error, never a traceback, and other files still run."""

from __future__ import annotations

import json

from click.testing import CliRunner

from postcheck.cli import main
from postcheck.parse import parse_file


def write(folder, name, data):
    path = folder / name
    path.write_bytes(data if isinstance(data, bytes) else data.encode("utf-8"))
    return path


def test_each_kind_of_bad_input_is_a_located_problem(tmp_path):
    cases = {
        "binary.md": (b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR", 1, "binary"),
        "latin1.md": ("Hello\nCafé olé\n".encode("latin-1"), 2, "UTF-8"),
        "unclosed.md": ("---\ntitle: x\n\nBody\n", 1, "never closed"),
        "badyaml.md": ("---\ntitle: [oops\nlang: en\n---\nBody\n", 2, "invalid YAML"),
        "list.md": ("---\n- a\n- b\n---\nBody\n", 2, "mapping"),
        "badtoml.md": ("+++\ntitle = \n+++\nBody\n", 2, "invalid TOML"),
        "utf16.md": ("Hi\n".encode("utf-16"), 1, "UTF-16: save it as UTF-8"),
    }
    for name, (data, line, words) in cases.items():
        doc = parse_file(write(tmp_path, name, data))
        assert doc.problem is not None, name
        assert words in doc.problem.message, (name, doc.problem.message)
        assert doc.problem.line == line, (name, doc.problem)


def test_invalid_utf8_column_points_at_the_byte(tmp_path):
    doc = parse_file(write(tmp_path, "x.md", b"ok line\nab\xffcd\n"))
    assert (doc.problem.line, doc.problem.column) == (2, 3)


def test_body_after_invalid_front_matter_is_still_checked(tmp_path):
    doc = parse_file(write(tmp_path, "x.md", "---\ntitle: [oops\n---\nGuaranteed results.\n"))
    assert doc.problem is not None and doc.readable
    assert doc.blocks[-1].text == "Guaranteed results."


def test_toml_front_matter(tmp_path):
    doc = parse_file(write(tmp_path, "x.md", '+++\ntitle = "Hi"\nlang = "ro"\n+++\nText.\n'))
    assert doc.problem is None
    assert doc.front_matter.data == {"title": "Hi", "lang": "ro"}
    assert doc.front_matter.key_lines == {"title": 2, "lang": 3}


def test_empty_and_whitespace_files_are_clean(tmp_path):
    for name, data in (("empty.md", b""), ("blank.md", b"\n\n  \n")):
        doc = parse_file(write(tmp_path, name, data))
        assert doc.problem is None and doc.blocks == []


def test_a_5_mb_post_parses(tmp_path):
    paragraph = "A calm paragraph about reporting, with [a link](https://example.com) and `code`.\n\n"
    data = paragraph * (5 * 1024 * 1024 // len(paragraph))
    doc = parse_file(write(tmp_path, "big.md", data))
    assert doc.problem is None
    assert len(doc.blocks) > 60000


def test_cli_reports_bad_files_and_still_checks_the_others(tmp_path):
    write(tmp_path, "binary.md", b"\x00\x01\x02")
    write(tmp_path, "latin1.md", "Café\n".encode("latin-1"))
    write(tmp_path, "unclosed.md", "---\ntitle: x\n")
    write(tmp_path, "good.md", "---\nlang: en\n---\nWe offer guaranteed results.\n")
    write(tmp_path, "empty.md", "")
    result = CliRunner().invoke(main, ["check", "--format", "json", str(tmp_path)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 1
    report = json.loads(result.output)
    by_path = {f["path"]: f for f in report["files"]}
    assert set(by_path) == {"binary.md", "latin1.md", "unclosed.md", "good.md", "empty.md"}
    for name in ("binary.md", "latin1.md", "unclosed.md"):
        assert by_path[name]["verdict"] == "fail"
        assert [f["rule"] for f in by_path[name]["findings"]] == ["postcheck/parse-error"]
        assert all(row["status"] == "skipped" for row in by_path[name]["checklist"])
    assert "deceptive/guaranteed-results" in [f["rule"] for f in by_path["good.md"]["findings"]]
    assert by_path["empty.md"]["verdict"] == "pass"


def test_unreadable_file_is_a_finding_not_a_crash(tmp_path):
    folder = tmp_path / "dir.md"
    folder.mkdir()
    doc = parse_file(folder)
    assert doc.problem is not None and "cannot read" in doc.problem.message
