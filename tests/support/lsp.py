"""A real LSP client for the server tests (pytest-lsp over stdio), and what the tests need
around it: every publishDiagnostics with its version, answers to the server's requests, and
applying a server's edits to text the way an editor does."""

from __future__ import annotations

import asyncio
import sys
import time
from pathlib import Path
from typing import Any, Union

from lsprotocol import types
from pygls.protocol import default_converter
from pytest_lsp import LanguageClient
from pytest_lsp.client import DEFAULT_CLIENT_FEATURES, register_lsp_features

SERVER = [sys.executable, "-m", "postcheck", "server", "--stdio"]
#: What a full-featured editor offers (VS Code's relevant subset), UTF-16 positions.
CAPABILITIES = types.ClientCapabilities(
    general=types.GeneralClientCapabilities(position_encodings=[types.PositionEncodingKind.Utf16]),
    workspace=types.WorkspaceClientCapabilities(
        workspace_edit=types.WorkspaceEditClientCapabilities(document_changes=True),
        did_change_watched_files=types.DidChangeWatchedFilesClientCapabilities(dynamic_registration=True),
    ),
    window=types.WindowClientCapabilities(show_document=types.ShowDocumentClientCapabilities(support=True)),
)


def make_client() -> LanguageClient:
    """pytest-lsp's client, also recording every publishDiagnostics (with its version) and
    answering window/showMessageRequest with its first action, as a user clicking would, and
    accepting dynamic registrations (kept, so a test can see which files the server watches)."""
    client = LanguageClient(converter_factory=default_converter)
    client.published = []  # type: ignore[attr-defined]
    client.requests = []  # type: ignore[attr-defined]
    client.registrations = []  # type: ignore[attr-defined]
    features = dict(DEFAULT_CLIENT_FEATURES)

    def publish(client: LanguageClient, params: types.PublishDiagnosticsParams) -> None:
        client.diagnostics[params.uri] = params.diagnostics
        client.published.append(params)  # type: ignore[attr-defined]

    def message_request(client: LanguageClient, params: types.ShowMessageRequestParams) -> types.MessageActionItem | None:
        client.requests.append(params)  # type: ignore[attr-defined]
        return params.actions[0] if params.actions else None

    def register(client: LanguageClient, params: types.RegistrationParams) -> None:
        client.registrations.extend(params.registrations)  # type: ignore[attr-defined]

    features[types.TEXT_DOCUMENT_PUBLISH_DIAGNOSTICS] = publish
    features[types.CLIENT_REGISTER_CAPABILITY] = register
    features[types.WINDOW_SHOW_MESSAGE_REQUEST] = message_request
    register_lsp_features(client, features)
    client.protocol._converter.register_structure_hook(Union[types.Command, types.CodeAction], _command_or_action)
    return client


def _command_or_action(value: Any, _: type) -> types.Command | types.CodeAction:
    """lsprotocol's client reads any code action that has a ``command`` as a Command, losing
    its edit; an editor tells them apart by the type of ``command`` (a string in a Command,
    an object in a CodeAction), and so does this."""
    converter = default_converter()
    if isinstance(value.get("command"), str):
        return converter.structure(value, types.Command)
    return converter.structure(value, types.CodeAction)


async def initialize(client: LanguageClient, root: Path, capabilities: types.ClientCapabilities = CAPABILITIES) -> types.InitializeResult:
    folder = types.WorkspaceFolder(uri=root.as_uri(), name=root.name)
    params = types.InitializeParams(capabilities=capabilities, root_uri=root.as_uri(), workspace_folders=[folder])
    return await client.initialize_session(params)


async def published(client: LanguageClient, uri: str, version: int, timeout: float = 20.0) -> types.PublishDiagnosticsParams:
    """The first publishDiagnostics for ``uri`` at ``version`` (waits for it)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        for params in client.published:  # type: ignore[attr-defined]
            if params.uri == uri and params.version == version:
                return params
        await asyncio.sleep(0.01)
    raise AssertionError(f"no diagnostics for {uri} version {version} within {timeout}s")


def publications(client: LanguageClient, uri: str) -> list[types.PublishDiagnosticsParams]:
    return [p for p in client.published if p.uri == uri]  # type: ignore[attr-defined]


def open_post(client: LanguageClient, path: Path, text: str, version: int = 1, language: str = "markdown") -> str:
    uri = path.as_uri()
    item = types.TextDocumentItem(uri=uri, language_id=language, version=version, text=text)
    client.text_document_did_open(types.DidOpenTextDocumentParams(text_document=item))
    return uri


def change(client: LanguageClient, uri: str, version: int, text: str) -> None:
    """Replace the whole text (a full-document change event)."""
    document = types.VersionedTextDocumentIdentifier(uri=uri, version=version)
    event = types.TextDocumentContentChangeWholeDocument(text=text)
    client.text_document_did_change(types.DidChangeTextDocumentParams(text_document=document, content_changes=[event]))


def edit(client: LanguageClient, uri: str, version: int, at: types.Range, text: str) -> None:
    """An incremental change: ``text`` replaces the range ``at``, as an editor sends typing."""
    document = types.VersionedTextDocumentIdentifier(uri=uri, version=version)
    event = types.TextDocumentContentChangePartial(range=at, text=text)
    client.text_document_did_change(types.DidChangeTextDocumentParams(text_document=document, content_changes=[event]))


def ranges(params: types.PublishDiagnosticsParams) -> list[tuple[Any, int, int, int, int]]:
    """(code, start line, start character, end line, end character) of each diagnostic."""
    return [(d.code, d.range.start.line, d.range.start.character, d.range.end.line, d.range.end.character) for d in params.diagnostics]


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def apply_edits(text: str, edits: list[types.TextEdit]) -> str:
    """``text`` with LSP edits (UTF-16 positions) applied, last first, as an editor does."""
    lines = text.splitlines(keepends=True)

    def offset(position: types.Position) -> int:
        before = sum(len(line) for line in lines[: position.line])
        line = lines[position.line] if position.line < len(lines) else ""
        units = 0
        for index, char in enumerate(line):
            if units >= position.character:
                return before + index
            units += utf16(char)
        return before + len(line.rstrip("\r\n"))

    for item in sorted(edits, key=lambda e: (e.range.start.line, e.range.start.character), reverse=True):
        start, end = offset(item.range.start), offset(item.range.end)
        text = text[:start] + item.new_text + text[end:]
    return text


def document_edits(edit: types.WorkspaceEdit, uri: str) -> list[types.TextEdit]:
    """The text edits a workspace edit makes to ``uri`` (``changes`` or ``documentChanges``)."""
    if edit.changes:
        return list(edit.changes.get(uri, []))
    found: list[types.TextEdit] = []
    for change_ in edit.document_changes or []:
        if isinstance(change_, types.TextDocumentEdit) and change_.text_document.uri == uri:
            found.extend(e for e in change_.edits if isinstance(e, types.TextEdit))
    return found


async def next_publication(client: LanguageClient, uri: str, seen: int, timeout: float = 20.0) -> types.PublishDiagnosticsParams:
    """The first publishDiagnostics for ``uri`` after the ``seen`` ones already received."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        mine = publications(client, uri)
        if len(mine) > seen:
            return mine[seen]
        await asyncio.sleep(0.01)
    raise AssertionError(f"no new diagnostics for {uri} within {timeout}s")


def plain(value: Any) -> Any:
    """A custom request's result as plain JSON values (pygls gives named tuples)."""
    if hasattr(value, "_asdict"):
        return {key: plain(item) for key, item in value._asdict().items()}
    if isinstance(value, (list, tuple)):
        return [plain(item) for item in value]
    return value
