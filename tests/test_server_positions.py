"""Positions between the model (1-based lines, code-point columns) and LSP (0-based lines, code
units of the negotiated encoding), and the negotiation itself, end to end."""

from __future__ import annotations

import time

import pytest
import pytest_lsp
from lsprotocol import types
from pytest_lsp import ClientServerConfig, LanguageClient

from postcheck.model import Position, Span
from postcheck.server.positions import UTF8, UTF16, UTF32, Codec
from tests.support.lsp import CAPABILITIES, SERVER, initialize, make_client, open_post, published, ranges

LINES = ["# Title", "a 🎉 b guaranteed results", "ș"]


@pytest.mark.parametrize(
    ("encoding", "character"),
    [(UTF32, 6), (UTF16, 7), (UTF8, 9)],  # "a 🎉 b " is 6 code points, 7 UTF-16 units, 9 bytes
)
def test_a_non_bmp_character_before_the_span_counts_in_the_clients_units(encoding, character):
    codec = Codec(LINES, encoding)
    at = codec.to_lsp(Position(2, 7))
    assert (at.line, at.character) == (1, character)
    assert codec.to_model(at) == Position(2, 7)


def test_ranges_and_clamping():
    codec = Codec(LINES, UTF16)
    span = codec.range(Span(Position(3, 1), Position(3, 2)))
    assert (span.start.line, span.start.character, span.end.line, span.end.character) == (2, 0, 2, 1)
    past = codec.to_lsp(Position(9, 4))  # past the end: the end of the last line
    assert (past.line, past.character) == (2, 1)


def test_a_position_inside_a_surrogate_pair_is_that_character():
    codec = Codec(LINES, UTF16)
    assert codec.to_model(types.Position(line=1, character=3)) == Position(2, 3)  # the emoji's second half
    assert codec.to_model(types.Position(line=1, character=99)) == Position(2, len(LINES[1]) + 1)


def test_a_bom_is_a_unit_on_the_first_line_only():
    codec = Codec(LINES, UTF16, bom=True)
    assert codec.to_lsp(Position(1, 1)).character == 1
    assert codec.to_lsp(Position(2, 1)).character == 0
    assert codec.to_model(types.Position(line=0, character=1)) == Position(1, 1)


UTF32_CLIENT = types.ClientCapabilities(
    general=types.GeneralClientCapabilities(
        position_encodings=[types.PositionEncodingKind.Utf16, types.PositionEncodingKind.Utf32]
    ),
    workspace=CAPABILITIES.workspace,
)


@pytest_lsp.fixture(config=ClientServerConfig(server_command=SERVER, client_factory=make_client))
async def client(lsp_client: LanguageClient):
    yield
    await lsp_client.shutdown_session()


@pytest.mark.asyncio
async def test_utf32_is_chosen_when_the_client_offers_it(client: LanguageClient, tmp_path):
    result = await initialize(client, tmp_path, UTF32_CLIENT)
    assert result.capabilities.position_encoding == types.PositionEncodingKind.Utf32
    uri = open_post(client, tmp_path / "post.md", "Our coaching 🎉 delivers guaranteed results.\n")
    params = await published(client, uri, 1)
    start = len("Our coaching 🎉 delivers ")  # code points
    assert ranges(params) == [("deceptive/guaranteed-results", 0, start, 0, start + len("guaranteed results"))]


def test_a_long_line_with_many_findings_is_measured_once():
    line = "🎉" + "a" * 200_000
    codec = Codec([line], UTF16)
    start = time.perf_counter()
    found = [codec.to_lsp(Position(1, column)).character for column in range(2, 200_000, 40)]
    assert time.perf_counter() - start < 1.0
    assert found[:2] == [2, 42]  # the emoji is two units
