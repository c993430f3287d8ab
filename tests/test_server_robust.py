"""``postcheck server`` keeps running when postcheck fails: a check that crashes (caught by the
runner) and a failure outside any check (caught by the server), both end to end over stdio with
a real check that really raises (tests/support/lsp_crash_server.py)."""

from __future__ import annotations

import os
import sys

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from tests.conftest import ROOT
from tests.support.lsp import change, initialize, make_client, open_post, plain, published

CRASHING = [sys.executable, str(ROOT / "tests" / "support" / "lsp_crash_server.py")]
MARKER = "CRASH-THE-CHECK"
POST = "# Launch\n\nThis offer ends tonight.\n"


@pytest_lsp.fixture(config=ClientServerConfig(server_command=CRASHING, client_factory=make_client))
async def crashing(lsp_client: LanguageClient, tmp_path):
    await initialize(lsp_client, tmp_path)
    yield
    await lsp_client.shutdown_session()


@pytest_lsp.fixture(
    config=ClientServerConfig(
        server_command=CRASHING, client_factory=make_client, server_env={**os.environ, "POSTCHECK_TEST_CRASH": "rules"}
    )
)
async def broken_runner(lsp_client: LanguageClient, tmp_path):
    await initialize(lsp_client, tmp_path)
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_a_crashing_check_is_a_diagnostic_and_the_rest_still_runs(crashing: LanguageClient, tmp_path):
    uri = open_post(crashing, tmp_path / "post.md", f"{POST}\n{MARKER}\n")
    params = await published(crashing, uri, 1)
    by_code = {d.code: d for d in params.diagnostics}
    failed = by_code["postcheck/check-error"]
    assert (failed.range.start.line, failed.range.start.character) == (0, 0)
    assert "'test-crash' check failed" in failed.message and "ZeroDivisionError" in failed.message
    assert "deceptive/fake-urgency" in by_code  # the other checks ran
    change(crashing, uri, 2, POST)
    assert [d.code for d in (await published(crashing, uri, 2)).diagnostics] == ["deceptive/fake-urgency"]


@pytest.mark.asyncio
async def test_a_failure_outside_the_checks_leaves_the_server_answering(broken_runner: LanguageClient, tmp_path):
    uri = open_post(broken_runner, tmp_path / "post.md", POST)
    (failed,) = (await published(broken_runner, uri, 1)).diagnostics
    assert failed.code == "postcheck/check-error"
    assert (failed.range.start.line, failed.range.start.character) == (0, 0)
    assert "RuntimeError: the test check cannot list its rules" in failed.message
    assert "server is still running" in failed.message
    change(broken_runner, uri, 2, POST + "More.\n")
    assert [d.code for d in (await published(broken_runner, uri, 2)).diagnostics] == ["postcheck/check-error"]
    result = plain(await broken_runner.protocol.send_request_async("postcheck/checklist", {"textDocument": {"uri": uri}}))
    assert result["verdict"] is None and "cannot list its rules" in result["error"]
    hover = types.HoverParams(text_document=types.TextDocumentIdentifier(uri=uri), position=types.Position(0, 0))
    assert await broken_runner.text_document_hover_async(hover) is None
