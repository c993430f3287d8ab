"""``postcheck server`` end to end: a real LSP client (pytest-lsp) talks to the real server
process over stdio. One server serves the module's tests, each on its own files."""

from __future__ import annotations


import asyncio
import os

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.support.links_server import LinkServer
from tests.support.lsp import (
    SERVER,
    apply_edits,
    change,
    document_edits,
    edit,
    initialize,
    make_client,
    next_publication,
    open_post,
    plain,
    publications,
    published,
    ranges,
    utf16,
)

pytestmark = pytest.mark.asyncio(loop_scope="module")

CONFIG = "utm:\n  domains: [example.com]\n"
POST = "# Launch\n\nOur coaching 🎉 delivers guaranteed results.\nThis offer ends tonight.\n"
#: UTF-16 columns: the emoji before "guaranteed" is two code units, one code point.
GUARANTEED = ("deceptive/guaranteed-results", 2, utf16("Our coaching 🎉 delivers "), 2, utf16("Our coaching 🎉 delivers guaranteed results"))
URGENCY = ("deceptive/fake-urgency", 3, 5, 3, 23)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory):
    root = tmp_path_factory.mktemp("workspace")
    (root / ".postcheck.yaml").write_text(CONFIG, encoding="utf-8")
    return root


#: The links-on-save test serves its links on 127.0.0.1, which only a trusted setting may
#: allow (a config found next to the posts cannot): the environment says so for this server.
SERVER_ENV = {**os.environ, "POSTCHECK_LINKS_ALLOW_PRIVATE": "1"}


@pytest_lsp.fixture(scope="module", config=ClientServerConfig(server_command=SERVER, client_factory=make_client, server_env=SERVER_ENV))
async def client(lsp_client: LanguageClient, workspace):
    await initialize(lsp_client, workspace)
    yield
    await lsp_client.shutdown_session()


async def test_open_publishes_exact_ranges_with_rule_metadata(client: LanguageClient, workspace, registry):
    uri = open_post(client, workspace / "open.md", POST)
    params = await published(client, uri, 1)
    assert ranges(params) == [GUARANTEED, URGENCY]
    first = params.diagnostics[0]
    rule = registry.get("deceptive/guaranteed-results")
    assert first.source == "postcheck"
    assert first.severity == types.DiagnosticSeverity.Error if rule.severity.value == "error" else types.DiagnosticSeverity.Warning
    assert first.code_description.href == rule.policy
    assert first.message == rule.message_for("en")


async def test_change_is_debounced_and_moves_diagnostics(client: LanguageClient, workspace):
    uri = open_post(client, workspace / "change.md", POST)
    await published(client, uri, 1)
    edit(client, uri, 2, types.Range(start=types.Position(2, 0), end=types.Position(2, 0)), "A calm opening line.\n")
    moved = await published(client, uri, 2)
    assert ranges(moved) == [(code, a + 1, b, c + 1, d) for code, a, b, c, d in [GUARANTEED, URGENCY]]
    for version, char in enumerate("Great", start=3):  # typing, a key every 30 ms: faster than the debounce
        edit(client, uri, version, types.Range(start=types.Position(0, 8), end=types.Position(0, 8)), char)
        await asyncio.sleep(0.03)
    await published(client, uri, 7)
    assert [p.version for p in publications(client, uri)] == [1, 2, 7]


async def test_save_publishes_the_saved_text(client: LanguageClient, workspace):
    uri = open_post(client, workspace / "save.md", "Calm text.\n")
    await published(client, uri, 1)
    change(client, uri, 2, "Calm text.\n\nThis offer ends tonight.\n")
    seen = len(publications(client, uri))
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    params = await next_publication(client, uri, seen)
    assert params.version == 2
    assert ranges(params) == [("deceptive/fake-urgency", 2, 5, 2, 23)]


async def test_romanian_post_gets_romanian_messages(client: LanguageClient, workspace, registry):
    text = "# Lansare\n\nȘcoala noastră oferă rezultate garantate în 30 de zile. Oferta expiră diseară.\n"
    uri = open_post(client, workspace / "ro.md", text)
    params = await published(client, uri, 1)
    by_code = {d.code: d for d in params.diagnostics}
    assert by_code["deceptive/guaranteed-results"].message == registry.get("deceptive/guaranteed-results").message_for("ro")
    start = by_code["deceptive/guaranteed-results"].range.start
    assert (start.line, start.character) == (2, text.splitlines()[2].index("rezultate garantate"))
    hover = await client.text_document_hover_async(types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=start))
    rule = registry.get("deceptive/guaranteed-results")
    assert "**De ce:** " + rule.text("explanation", "ro") in hover.contents.value


async def test_hover_explains_the_finding(client: LanguageClient, workspace, registry):
    uri = open_post(client, workspace / "hover.md", POST)
    await published(client, uri, 1)
    inside = types.Position(line=2, character=GUARANTEED[2] + 3)
    result = await client.text_document_hover_async(types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=inside))
    rule = registry.get("deceptive/guaranteed-results")
    assert rule.explanation.split(".")[0] in result.contents.value
    assert rule.fix.split(".")[0] in result.contents.value
    assert f"]({rule.policy})" in result.contents.value
    assert (result.range.start.character, result.range.end.character) == (GUARANTEED[2], GUARANTEED[4])
    outside = types.Position(line=0, character=1)
    assert await client.text_document_hover_async(types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=outside)) is None


async def actions_at(client: LanguageClient, uri: str, line: int, character: int, only: list[str] | None = None) -> list[types.CodeAction]:
    here = types.Range(start=types.Position(line, character), end=types.Position(line, character))
    params = types.CodeActionParams(
        text_document=types.TextDocumentIdentifier(uri=uri), range=here, context=types.CodeActionContext(diagnostics=[], only=only)
    )
    return await client.text_document_code_action_async(params)


async def test_utm_fix_action_gives_the_fixed_text(client: LanguageClient, workspace):
    text = "---\ntitle: Launch\nchannel: linkedin\ncampaign: spring-launch\n---\n\nRead 🎉 [the post](https://example.com/post#top) now.\n"
    uri = open_post(client, workspace / "utm.md", text)
    params = await published(client, uri, 1)
    assert [d.code for d in params.diagnostics] == ["utm/missing-tag"]
    found = await actions_at(client, uri, 6, params.diagnostics[0].range.start.character + 2, only=["quickfix"])
    fix = next(a for a in found if a.title.startswith("postcheck: fix UTM tags"))
    fixed = apply_edits(text, document_edits(fix.edit, uri))
    expected_url = "https://example.com/post?utm_source=linkedin&utm_medium=social&utm_campaign=spring-launch#top"
    assert fixed == text.replace("https://example.com/post#top", expected_url)
    change(client, uri, 2, fixed)
    assert not (await published(client, uri, 2)).diagnostics


async def test_suppress_action_waives_the_finding_and_selects_the_reason(client: LanguageClient, workspace):
    text = "# Offer\n\nWe coach teams every week and\nour coaching delivers guaranteed results,\nsays the brochure.\n"
    uri = open_post(client, workspace / "suppress.md", text)
    params = await published(client, uri, 1)
    assert [d.code for d in params.diagnostics] == ["deceptive/guaranteed-results"]
    found = await actions_at(client, uri, 3, 30)
    action = next(a for a in found if a.title.startswith("postcheck: suppress deceptive/guaranteed-results"))
    suppressed = apply_edits(text, document_edits(action.edit, uri))
    comment = "<!-- postcheck-disable-next-line deceptive/guaranteed-results -- reason -->"
    # mid-paragraph, the comment goes inline at the end of the line before: the paragraph stays whole
    assert suppressed == text.replace("every week and\n", f"every week and{comment}\n")
    uri_arg, selection = action.command.arguments
    assert uri_arg == uri
    line = suppressed.splitlines()[selection["start"]["line"]]
    assert line[selection["start"]["character"] : selection["end"]["character"]] == "reason"
    await client.workspace_execute_command_async(types.ExecuteCommandParams(command=action.command.command, arguments=action.command.arguments))
    assert client.shown_documents[-1].selection.start.character == selection["start"]["character"]
    change(client, uri, 2, suppressed.replace("-- reason", "-- quoted from the court ruling"))
    assert not (await published(client, uri, 2)).diagnostics


async def test_explain_action_shows_the_rule_and_opens_its_policy(client: LanguageClient, workspace, registry):
    uri = open_post(client, workspace / "explain.md", POST)
    await published(client, uri, 1)
    found = await actions_at(client, uri, 3, 10)
    explain = next(a for a in found if a.title == "postcheck: explain deceptive/fake-urgency")
    text = await client.workspace_execute_command_async(types.ExecuteCommandParams(command=explain.command.command, arguments=explain.command.arguments))
    assert text.startswith("deceptive/fake-urgency")
    assert client.requests[-1].message == text
    assert client.shown_documents[-1].uri == registry.get("deceptive/fake-urgency").policy
    assert client.shown_documents[-1].external


async def test_checklist_request_gives_the_verdict(client: LanguageClient, workspace):
    uri = open_post(client, workspace / "checklist.md", POST)
    change(client, uri, 2, "A calm post.\n")  # the request waits for this pending check
    result = plain(await client.protocol.send_request_async("postcheck/checklist", {"textDocument": {"uri": uri}}))
    assert result["version"] == 2
    assert result["verdict"] == "pass"
    assert {row["family"]: row["status"] for row in result["checklist"]}["deceptive"] == "pass"
    change(client, uri, 3, POST)
    result = plain(await client.protocol.send_request_async("postcheck/checklist", {"textDocument": {"uri": uri}}))
    assert (result["verdict"], [f["rule"] for f in result["findings"]]) == ("fail", [GUARANTEED[0], URGENCY[0]])


async def test_config_change_and_bad_config(client: LanguageClient, workspace):
    project = workspace / "project"
    project.mkdir()
    config = project / ".postcheck.yaml"
    config.write_text("language: en\n", encoding="utf-8")
    uri = open_post(client, project / "post.md", POST)
    assert [d.code for d in (await published(client, uri, 1)).diagnostics] == [GUARANTEED[0], URGENCY[0]]

    async def rewrite(content: str) -> types.PublishDiagnosticsParams:
        seen = len(publications(client, uri))
        config.write_text(content, encoding="utf-8")
        event = types.FileEvent(uri=config.as_uri(), type=types.FileChangeType.Changed)
        client.workspace_did_change_watched_files(types.DidChangeWatchedFilesParams(changes=[event]))
        return await next_publication(client, uri, seen)

    quiet = await rewrite("rules:\n  deceptive/fake-urgency: {enabled: false}\n")
    assert [d.code for d in quiet.diagnostics] == [GUARANTEED[0]]
    broken = await rewrite("rules:\n  deceptive/fake-urgency: {enabled: maybe}\n")
    (only,) = broken.diagnostics
    assert (only.range.start.line, only.range.start.character, only.severity) == (0, 0, types.DiagnosticSeverity.Error)
    assert "rules.deceptive/fake-urgency.enabled" in only.message and str(config) in only.message
    await asyncio.sleep(0.05)
    assert any("rules.deceptive/fake-urgency.enabled" in m.message for m in client.messages)
    repaired = await rewrite("language: en\nexclude: [drafts/]\n")
    assert [d.code for d in repaired.diagnostics] == [GUARANTEED[0], URGENCY[0]]
    (project / "drafts").mkdir()
    (project / "drafts" / "draft.md").write_text(POST, encoding="utf-8")
    draft = open_post(client, project / "drafts" / "draft.md", POST)  # excluded: checked by nothing
    assert not (await published(client, draft, 1)).diagnostics
    (registration,) = client.registrations
    watched = [watcher["globPattern"] for watcher in registration.register_options["watchers"]]
    assert (registration.method, watched[0]) == ("workspace/didChangeWatchedFiles", "**/.postcheck.{yaml,yml}")


async def test_closing_clears_the_diagnostics(client: LanguageClient, workspace):
    uri = open_post(client, workspace / "close.md", POST)
    await published(client, uri, 1)
    seen = len(publications(client, uri))
    client.text_document_did_close(types.DidCloseTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))
    assert not (await next_publication(client, uri, seen)).diagnostics


def save(client: LanguageClient, uri: str) -> None:
    client.text_document_did_save(types.DidSaveTextDocumentParams(text_document=types.TextDocumentIdentifier(uri=uri)))


async def test_links_are_checked_on_save_only_when_the_config_asks(client: LanguageClient, workspace):
    links = "links: {allow_private: true, retries: 0, timeout: 5, cache_dir: .cache}\n"
    with LinkServer() as site:
        broken = site.url("/status/404")
        text = f"Intro.\n\nSee [the docs]({broken}) and [home]({site.url('/status/200')}).\n"
        project = workspace / "links-off"
        project.mkdir()
        (project / ".postcheck.yaml").write_text(links, encoding="utf-8")
        uri = open_post(client, project / "post.md", text)
        assert not (await published(client, uri, 1)).diagnostics
        seen = len(publications(client, uri))
        save(client, uri)
        await next_publication(client, uri, seen)
        assert site.total() == 0

        project = workspace / "links-on"
        project.mkdir()
        (project / ".postcheck.yaml").write_text("server: {links_on_save: true}\n" + links, encoding="utf-8")
        uri = open_post(client, project / "post.md", text)
        assert not (await published(client, uri, 1)).diagnostics  # typing never touches the network
        assert site.total() == 0
        seen = len(publications(client, uri))
        save(client, uri)
        while not (after := await next_publication(client, uri, seen)).diagnostics:
            seen += 1
        column = text.splitlines()[2].index(broken)
        assert ranges(after) == [("links/broken", 2, column, 2, column + len(broken))]
        assert site.count("/status/404") >= 1
        rows = plain(await client.protocol.send_request_async("postcheck/checklist", {"textDocument": {"uri": uri}}))["checklist"]
        assert {row["family"]: row["status"] for row in rows}["links"] == "fail"

        # while typing, the saved result follows its text; editing the link away drops it
        edit(client, uri, 2, types.Range(start=types.Position(0, 0), end=types.Position(0, 0)), "A new first line.\n")
        assert ranges(await published(client, uri, 2)) == [("links/broken", 3, column, 3, column + len(broken))]
        start = types.Position(3, column + len(broken) - 3)
        edit(client, uri, 3, types.Range(start=start, end=types.Position(3, column + len(broken))), "200")
        assert not (await published(client, uri, 3)).diagnostics

        # typing right after a save does not cancel the save's network check (a slow page keeps it busy)
        gone = site.url("/status/410")
        change(client, uri, 4, f"Intro.\n\nSee [the docs]({gone}) and [slow]({site.url('/slow/page?s=0.5')}).\n")
        assert not (await published(client, uri, 4)).diagnostics
        save(client, uri)
        edit(client, uri, 5, types.Range(start=types.Position(0, 0), end=types.Position(0, 0)), "Typed at once.\n")
        column = len("See [the docs](")
        expected = [("links/broken", 3, column, 3, column + len(gone))]
        while not [p for p in publications(client, uri) if p.version == 5 and ranges(p) == expected]:
            await next_publication(client, uri, len(publications(client, uri)))
