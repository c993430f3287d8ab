"""Code actions built from a report: what each client capability gets."""

from __future__ import annotations

from pathlib import Path

from lsprotocol import types

from postcheck import config as config_module
from postcheck.runner import check_text
from postcheck.server import actions
from postcheck.server.positions import UTF16, Codec

URI = "file:///w/post.md"
TEXT = (
    "---\ntitle: Launch\nchannel: linkedin\ncampaign: spring\n---\n\n"
    "Read [one](https://example.com/a) and [two](https://example.com/b).\n\n"
    "Our coaching delivers guaranteed results.\n"
)
CONFIG = config_module.from_mapping({"utm": {"domains": ["example.com"]}}, None, root=Path("/w"))


def target(registry) -> actions.Target:
    report = check_text(TEXT, registry, config=CONFIG, root=Path("/w"))
    return actions.Target(URI, 4, report, Codec(report.doc.lines, UTF16))


def at(line: int, character: int) -> types.Range:
    return types.Range(start=types.Position(line, character), end=types.Position(line, character))


def test_a_client_with_snippet_edits_gets_the_reason_as_a_tab_stop(registry):
    support = actions.ClientSupport(document_changes=True, snippets=True)
    found = actions.code_actions(target(registry), at(8, 25), None, support, registry, CONFIG.section("utm"))
    action = next(a for a in found if a.title.startswith("postcheck: suppress deceptive/guaranteed-results"))
    (change,) = action.edit.document_changes
    assert change.text_document.version == 4
    (edit,) = change.edits
    assert isinstance(edit, types.SnippetTextEdit)
    assert edit.snippet.value == "<!-- postcheck-disable-next-line deceptive/guaranteed-results -- ${1:reason} -->\n"
    assert action.command is None


def test_a_plain_client_gets_plain_edits_and_no_selection_command(registry):
    found = actions.code_actions(target(registry), at(8, 25), None, actions.ClientSupport(), registry, CONFIG.section("utm"))
    action = next(a for a in found if a.title.startswith("postcheck: suppress"))
    (edit,) = action.edit.changes[URI]
    assert isinstance(edit, types.TextEdit) and action.command is None


def test_fix_all_fixes_every_link_and_only_filters_kinds(registry):
    utm = CONFIG.section("utm")
    found = actions.code_actions(target(registry), at(0, 0), [actions.FIX_ALL], actions.ClientSupport(), registry, utm)
    (fix_all,) = found
    assert [e.new_text for e in fix_all.edit.changes[URI]] == [
        "https://example.com/a?utm_source=linkedin&utm_medium=social&utm_campaign=spring",
        "https://example.com/b?utm_source=linkedin&utm_medium=social&utm_campaign=spring",
    ]
    quick = actions.code_actions(target(registry), at(6, 15), ["quickfix"], actions.ClientSupport(), registry, utm)
    assert {a.kind for a in quick} == {types.CodeActionKind.QuickFix}
    assert [a.title for a in quick if "fix UTM" in a.title] == ["postcheck: fix UTM tags (added utm_source=linkedin, utm_medium=social, utm_campaign=spring)"]
