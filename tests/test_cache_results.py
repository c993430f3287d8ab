"""The results cache: an unchanged post is not checked again, and anything that could change
what it finds (content, config, rules, postcheck itself, the day) makes it check again."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import postcheck
from postcheck import cache, config as config_module, formatters
from postcheck.checks import RunOptions
from postcheck.findings import Severity
from postcheck.parallel import Speed
from postcheck.runner import run
from support.parses import count_parses

CLAIM = "---\ntitle: Launch\ndate: 2026-01-10\n---\nOur app is 3x faster than the competition.\n\nSee [the guide](missing.md).\n"
CALM = "---\ntitle: Launch\ndate: 2026-01-10\n---\nA calm note about the reports page.\n"


@pytest.fixture
def project(tmp_path):
    (tmp_path / "posts").mkdir()
    (tmp_path / "posts" / "a.md").write_text(CLAIM, encoding="utf-8")
    (tmp_path / "posts" / "b.md").write_text(CALM, encoding="utf-8")
    return tmp_path


@pytest.fixture
def parses(monkeypatch):
    """How many posts were parsed (checked rather than taken from the cache)."""
    return count_parses(monkeypatch)


def check(root: Path, registry, data: dict | None = None, folder: Path | None = None):
    config = config_module.from_mapping(dict(data or {}), None, root=root)
    speed = Speed(cache_folder=folder or root / ".postcheck_cache")
    return run([root / "posts"], config, registry, RunOptions(offline=True), speed=speed)


def as_json(result) -> str:
    out = io.StringIO()
    formatters.load("json").render(result, out, formatters.Style())
    return out.getvalue()


def rules_of(result) -> dict[str, list[str]]:
    return {r.path: [f.rule for f in r.findings] for r in result.reports}


def test_unchanged_posts_come_from_the_cache_with_the_same_output(project, registry, parses):
    first = check(project, registry)
    assert sorted(parses) == ["a.md", "b.md"]
    parses.clear()
    second = check(project, registry)
    assert parses == []
    assert as_json(second) == as_json(first)
    assert "claims/unsourced-comparison" in rules_of(second)["a.md"]
    assert "links/missing-file" in rules_of(second)["a.md"]  # links run on every run


def test_links_are_checked_again_on_a_warm_run(project, registry, parses):
    check(project, registry)
    (project / "posts" / "missing.md").write_text("# Guide\n", encoding="utf-8")
    parses.clear()
    result = check(project, registry)
    assert "links/missing-file" not in rules_of(result)["a.md"]
    assert sorted(parses) == ["missing.md"]


def test_a_changed_post_is_checked_again(project, registry, parses):
    check(project, registry)
    (project / "posts" / "b.md").write_text(CALM + "\nWe are the best agency in the world.\n", encoding="utf-8")
    parses.clear()
    result = check(project, registry)
    assert parses == ["b.md"]
    assert "claims/unsourced-superlative" in rules_of(result)["b.md"]


def test_a_changed_config_checks_every_post_again(project, registry, parses):
    check(project, registry)
    parses.clear()
    result = check(project, registry, {"rules": {"claims": {"enabled": False}}})
    assert sorted(parses) == ["a.md", "b.md"]
    assert not any(rule.startswith("claims/") for rule in rules_of(result)["a.md"])
    parses.clear()
    result = check(project, registry, {"rules": {"claims": {"severity": "info"}}})
    assert sorted(parses) == ["a.md", "b.md"]
    assert {f.severity.value for f in result.reports[0].findings if f.family == "claims"} == {"info"}


def test_a_changed_rule_pack_checks_every_post_again(project, registry, parses):
    check(project, registry)
    changed = dataclasses.replace(registry, rules=dict(registry.rules))
    rule = changed.rules["claims/unsourced-comparison"]
    changed.rules[rule.id] = dataclasses.replace(rule, severity=Severity.INFO)
    parses.clear()
    result = check(project, changed)
    assert sorted(parses) == ["a.md", "b.md"]
    assert [f.severity for f in result.reports[0].findings if f.rule == rule.id] == [Severity.INFO]


def test_another_postcheck_version_checks_every_post_again(project, registry, parses, monkeypatch):
    check(project, registry)
    monkeypatch.setattr(postcheck, "__version__", "99.0.0")
    parses.clear()
    check(project, registry)
    assert sorted(parses) == ["a.md", "b.md"]
    parses.clear()
    check(project, registry)
    assert parses == []


def test_an_edited_postcheck_checkout_checks_every_post_again(project, registry, parses, monkeypatch):
    check(project, registry)
    monkeypatch.setattr(cache, "_code_fingerprint", lambda: "edited")
    parses.clear()
    check(project, registry)
    assert sorted(parses) == ["a.md", "b.md"]


def test_an_undated_post_is_checked_again_the_next_day_when_a_rule_has_a_date(project, registry, parses, monkeypatch):
    assert any(rule.effective for rule in registry.rules.values()), "the packs have a rule with an effective date"
    (project / "posts" / "b.md").write_text("Totally free, no strings attached.\n", encoding="utf-8")
    check(project, registry)
    monkeypatch.setattr(cache, "_today", lambda: "2999-01-01")
    parses.clear()
    check(project, registry)
    assert parses == ["b.md"]  # a.md has a date: its severities do not depend on today


def test_a_corrupt_cache_is_rebuilt(project, registry, parses):
    first = check(project, registry)
    entries = [p for p in (project / ".postcheck_cache" / "results").iterdir() if not p.name.startswith("rules-")]
    assert len(entries) == 2
    garbage = [b"", b"{not json", json.dumps({"key": "x", "result": {"@": "os.system"}}).encode(), b"\x80\x04\x95pickle"]
    for entry, junk in zip(entries, garbage):
        entry.write_bytes(junk)
    parses.clear()
    again = check(project, registry)
    assert sorted(parses) == ["a.md", "b.md"]
    assert as_json(again) == as_json(first)
    parses.clear()
    check(project, registry)
    assert parses == []  # rewritten


def test_an_entry_with_a_forged_key_is_not_trusted(project, registry, parses):
    """An entry committed into the checked tree (another machine's file times) is a miss."""
    check(project, registry)
    post = project / "posts" / "a.md"
    os.utime(post, ns=(post.stat().st_atime_ns, post.stat().st_mtime_ns + 1))
    parses.clear()
    check(project, registry)
    assert parses == ["a.md"]


def test_the_cache_folder_is_tagged_and_ignored_by_git(project, registry):
    check(project, registry)
    folder = project / ".postcheck_cache"
    assert (folder / ".gitignore").read_text(encoding="utf-8").strip().endswith("*")
    assert (folder / "CACHEDIR.TAG").read_text(encoding="utf-8").startswith("Signature: 8a477f597d28d172789f06886806bc55")


def _cli(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "postcheck", "check", "--offline", "--format", "json", *args, "posts"],
        cwd=root, capture_output=True, text=True, timeout=300,
    )


def test_no_cache_neither_reads_nor_writes(project):
    done = _cli(project, "--no-cache")
    assert done.returncode == 1, done.stderr
    assert not (project / ".postcheck_cache").exists()


def test_concurrent_runs_share_the_cache_safely(project):
    """Pre-commit runs hooks in parallel: four processes at once, all right, cache intact."""
    for index in range(12):
        (project / "posts" / f"extra-{index}.md").write_text(CLAIM.replace("3x", f"{index + 2}x"), encoding="utf-8")
    expected = _cli(project, "--no-cache").stdout
    command = [sys.executable, "-m", "postcheck", "check", "--offline", "--format", "json", "--jobs", "1", "posts"]
    for _ in range(2):  # once filling the cache, once reading it while others rewrite it
        processes = [subprocess.Popen(command, cwd=project, stdout=subprocess.PIPE, text=True) for _ in range(4)]
        outputs = [process.communicate(timeout=300)[0] for process in processes]
        assert all(output == expected for output in outputs)
    assert _cli(project).stdout == expected
    assert not list((project / ".postcheck_cache" / "results").glob(".tmp-*"))


def test_a_warm_run_imports_neither_spacy_nor_the_unused_subcommands(project):
    """A post answered by the cache is not analysed: spaCy (most of a second) is not even
    imported, nor are the modules of subcommands that are not running."""
    probe = (
        "import sys, runpy\n"
        "sys.argv = ['postcheck', 'check', '--offline', '--jobs', '1', 'posts']\n"
        "try:\n    runpy.run_module('postcheck', run_name='__main__')\n"
        "except SystemExit:\n    pass\n"
        "print(sorted(m for m in sys.modules if m == 'spacy' or m.startswith('postcheck.commands.')), file=sys.stderr)\n"
    )
    first = subprocess.run([sys.executable, "-c", probe], cwd=project, capture_output=True, text=True, timeout=300)
    assert "'spacy'" in first.stderr.splitlines()[-1]  # the cold run analysed the claim
    # Another environment: the whole-run record (test_cache_runrecord) does not answer, the entries do.
    environment = {**os.environ, "POSTCHECK_TEST_WARM": "1"}
    warm = subprocess.run([sys.executable, "-c", probe], cwd=project, capture_output=True, text=True, timeout=300, env=environment)
    assert warm.stdout == first.stdout
    assert warm.stderr.splitlines()[-1] == "['postcheck.commands._common', 'postcheck.commands._progress', 'postcheck.commands._show_config', 'postcheck.commands.check']"


def test_the_rules_fingerprint_is_the_same_in_every_process_and_changes_with_any_rule(registry):
    """The cache key's fingerprint of the rules: the same text whatever the string hashing
    (a set's items are sorted: a set of words iterates in another order under another seed),
    and another text when one rule's severity, one example or one word of a lexicon changes."""
    from postcheck import cachecodec

    words = sorted(registry.lexicons["claims"]["en"]["source_link_words"])
    probe = (
        "import sys\nfrom postcheck.commands._common import load_rules\nfrom postcheck import cachecodec\n"
        "print(cachecodec.fingerprint_text(load_rules()))\nprint(cachecodec.fingerprint_text({'words': frozenset(sys.argv[1:])}))\n"
    )
    texts = {
        subprocess.run([sys.executable, "-c", probe, *words], capture_output=True, text=True, timeout=120, check=True, env={**os.environ, "PYTHONHASHSEED": seed}).stdout
        for seed in ("1", "2")
    }
    assert texts == {cachecodec.fingerprint_text(registry) + "\n" + cachecodec.fingerprint_text({"words": words}) + "\n"}
    rule = registry.rules["claims/unsourced-comparison"]
    check = next(iter(registry.lexicons))
    lexicon = registry.lexicons[check]["en"]
    words = next(iter(lexicon))
    fewer_examples = {**rule.examples, "en": dataclasses.replace(rule.examples["en"], match=rule.examples["en"].match[1:])}
    changes = [
        dataclasses.replace(registry, rules={**registry.rules, rule.id: dataclasses.replace(rule, severity=Severity.INFO)}),
        dataclasses.replace(registry, rules={**registry.rules, rule.id: dataclasses.replace(rule, examples=fewer_examples)}),
        dataclasses.replace(registry, lexicons={**registry.lexicons, check: {**registry.lexicons[check], "en": {**lexicon, words: [*lexicon[words], "another"]}}}),
    ]
    assert len({cachecodec.fingerprint_text(changed) for changed in [registry, *changes]}) == 4


def test_typed_fields_round_trip_whatever_they_hold():
    """Spans, enums and tuples of typed fields are written untagged; a value of another type
    than declared (a span where a tuple is declared) keeps its tag and reads back as itself,
    and four numbers that are not all integers are a corrupt entry."""
    from postcheck import cachecodec
    from postcheck.model import Link, LinkKind, Position, Span

    span = Span(Position(1, 2), Position(3, 4))
    for link in (Link("u", LinkKind.INLINE, span, url_span=None, text_offsets=(1, 5)), Link("u", LinkKind.IMAGE, span, text_offsets=span)):
        assert cachecodec.loads(cachecodec.dumps(link)) == link
    assert '"span":[1,2,3,4]' in cachecodec.dumps(Link("u", LinkKind.INLINE, span))
    with pytest.raises(ValueError):
        cachecodec.dumps(Link("u", LinkKind.INLINE, span, text_offsets=[1, 5]))  # would read back as a tuple
    forged = cachecodec.dumps(Link("u", LinkKind.INLINE, span)).replace("[1,2,3,4]", '[1,2,3,"4"]')
    with pytest.raises(cachecodec.CorruptEntry):
        cachecodec.loads(forged)


def test_a_rules_entry_committed_into_the_project_is_never_read(project):
    """The validated built-in packs are cached with the user, not in the project: a pull
    request that commits a rules entry (its key is public: version, code, packs) with no rules
    in it must not switch every check off."""
    from postcheck import cachecodec
    from postcheck.registry import Registry

    key = cache.builtin_rules_key()
    for folder in (project / ".postcheck_cache" / "results", project / ".postcheck_cache" / "rules"):
        folder.mkdir(parents=True, exist_ok=True)
        (folder / f"rules-{key[:32]}.json").write_text(cachecodec.dumps({"key": key, "registry": Registry()}), encoding="utf-8")
    done = _cli(project)
    assert done.returncode == 1, done.stdout
    assert "claims/unsourced-comparison" in done.stdout


def test_installations_sharing_the_user_cache_keep_their_own_rule_packs(tmp_path, monkeypatch):
    """The pre-commit hook's installation, the editor's and a development tree share the user's
    cache: each keeps its validated packs there instead of evicting the others' on every run
    (reading the packs again costs 0.2-0.3 s). Past :data:`~postcheck.cache.KEPT_RULES` of them,
    the least recently written goes."""
    from postcheck import rulepack

    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    loads = []
    real = rulepack.load_registry
    monkeypatch.setattr(rulepack, "load_registry", lambda: loads.append(1) or real())
    keys = [str(index) * 64 for index in range(cache.KEPT_RULES + 1)]
    folder = tmp_path / "postcheck" / "rules"
    for key in [keys[0], keys[1], keys[0], keys[1]]:
        monkeypatch.setattr(cache, "builtin_rules_key", lambda key=key: key)
        assert cache.builtin_rules().rules
    assert len(loads) == 2  # each installation read the packs once, then found its own entry
    for key in keys[2:]:
        monkeypatch.setattr(cache, "builtin_rules_key", lambda key=key: key)
        cache.builtin_rules()
    kept = sorted(path.name for path in folder.glob("rules-*.json"))
    assert kept == sorted(f"rules-{key[:32]}.json" for key in keys[1:])
