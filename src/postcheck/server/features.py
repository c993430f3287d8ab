"""The protocol methods the server answers, each a thin handler over :mod:`.app`."""

import logging
from pathlib import Path
from typing import Any

from lsprotocol import types
from pygls.exceptions import JsonRpcInvalidParams
from pygls.uris import to_fs_path

from postcheck.commands.rules import render_explanation
from postcheck.checks import CHECKS
from postcheck.server import actions, hover
from postcheck.server.app import CHECKLIST, WATCHED, PostcheckServer, is_post

LOG = logging.getLogger("postcheck.server")
OPEN_POLICY = "Open the policy"


def build() -> PostcheckServer:
    """A server with every feature registered (one per process: pygls binds handlers to it)."""
    server = PostcheckServer()
    options = types.CodeActionOptions(
        code_action_kinds=[types.CodeActionKind.QuickFix, actions.FIX_ALL]
    )

    @server.feature(types.INITIALIZE)
    def initialize(ls: PostcheckServer, params: types.InitializeParams) -> None:
        folders = [folder.uri for folder in params.workspace_folders or []] or [params.root_uri or ""]
        ls.projects.roots = [Path(path) for uri in folders if uri and (path := to_fs_path(uri))]

    @server.feature(types.INITIALIZED)
    async def initialized(ls: PostcheckServer, params: types.InitializedParams) -> None:
        await _watch_config_files(ls)
        ls.warm_up()

    @server.feature(types.TEXT_DOCUMENT_DID_OPEN)
    def did_open(ls: PostcheckServer, params: types.DidOpenTextDocumentParams) -> None:
        document = params.text_document
        if is_post(document.uri, document.language_id):
            ls.open.add(document.uri)
            ls.request_check(document.uri)

    @server.feature(types.TEXT_DOCUMENT_DID_CHANGE)
    def did_change(ls: PostcheckServer, params: types.DidChangeTextDocumentParams) -> None:
        if params.text_document.uri in ls.open:
            ls.request_check(params.text_document.uri, debounce=True)

    @server.feature(types.TEXT_DOCUMENT_DID_SAVE)
    def did_save(ls: PostcheckServer, params: types.DidSaveTextDocumentParams) -> None:
        uri = params.text_document.uri
        if uri in ls.open:
            ls.request_check(uri, save=True)

    @server.feature(types.TEXT_DOCUMENT_DID_CLOSE)
    def did_close(ls: PostcheckServer, params: types.DidCloseTextDocumentParams) -> None:
        uri = params.text_document.uri
        ls.open.discard(uri)
        ls.scheduler.cancel(uri, background=True)
        ls.shown.pop(uri, None)
        ls.network.pop(uri, None)
        ls.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[]))

    @server.feature(types.WORKSPACE_DID_CHANGE_WATCHED_FILES)
    def did_change_watched_files(ls: PostcheckServer, params: types.DidChangeWatchedFilesParams) -> None:
        ls.reload([Path(path) for change in params.changes if (path := to_fs_path(change.uri))])

    @server.feature(types.TEXT_DOCUMENT_HOVER)
    def on_hover(ls: PostcheckServer, params: types.HoverParams) -> types.Hover | None:
        shown = ls.fresh(params.text_document.uri)
        if shown is None or shown.report is None:
            return None
        codec = ls.codec(shown.analysis)
        return hover.hover(shown.report, codec.to_model(params.position), codec, shown.analysis.setup.registry)

    @server.feature(types.TEXT_DOCUMENT_CODE_ACTION, options)
    def code_action(ls: PostcheckServer, params: types.CodeActionParams) -> list[types.CodeAction] | None:
        shown = ls.fresh(params.text_document.uri)
        if shown is None or shown.report is None:
            return None  # the diagnostics are being updated; the client asks again
        setup = shown.analysis.setup
        target = actions.Target(params.text_document.uri, shown.analysis.snapshot.version, shown.report, ls.codec(shown.analysis))
        support = actions.ClientSupport.of(ls.client_capabilities)
        return actions.code_actions(target, params.range, params.context.only, support, setup.registry, setup.config.section("utm"))

    @server.command(actions.SELECT)
    async def select(ls: PostcheckServer, uri: str, selection: types.Range) -> None:
        await ls.window_show_document_async(types.ShowDocumentParams(uri=uri, take_focus=True, selection=selection))

    @server.command(actions.EXPLAIN)
    async def explain(ls: PostcheckServer, rule_id: str, lang: str) -> str:
        registry = ls.projects.registry()
        if rule_id not in registry:
            raise JsonRpcInvalidParams(f"unknown rule {rule_id!r}")
        rule = registry.get(rule_id)
        check = CHECKS.get(rule.check)
        text = render_explanation(rule, check.details(rule) if check else [], lang)
        choice = await ls.window_show_message_request_async(
            types.ShowMessageRequestParams(types.MessageType.Info, text, [types.MessageActionItem(OPEN_POLICY)])
        )
        if choice is not None and choice.title == OPEN_POLICY:
            await ls.window_show_document_async(types.ShowDocumentParams(uri=rule.policy, external=True))
        return text

    @server.feature(CHECKLIST)
    async def checklist(ls: PostcheckServer, params: Any) -> dict[str, Any]:
        uri = _uri_of(params)
        await ls.scheduler.settled(uri)
        return ls.checklist(uri)

    @server.feature(types.SHUTDOWN)
    def shutdown(ls: PostcheckServer, params: None) -> None:
        ls.scheduler.close()

    return server


async def _watch_config_files(ls: PostcheckServer) -> None:
    """Ask the client to tell us about config and rule pack changes, when it can."""
    workspace = ls.client_capabilities.workspace
    watched = workspace.did_change_watched_files if workspace else None
    if not (watched and watched.dynamic_registration):
        return
    options = types.DidChangeWatchedFilesRegistrationOptions(
        watchers=[types.FileSystemWatcher(glob_pattern=pattern) for pattern in WATCHED]
    )
    registration = types.Registration(id="postcheck-config", method=types.WORKSPACE_DID_CHANGE_WATCHED_FILES, register_options=options)
    try:
        await ls.client_register_capability_async(types.RegistrationParams(registrations=[registration]))
    except Exception:  # noqa: BLE001 - without watching, configs still reload on save
        LOG.warning("the client refused to watch config files", exc_info=True)


def _uri_of(params: Any) -> str:
    """``{"textDocument": {"uri": …}}``, as a mapping or as pygls' object for it."""
    uri = _field(_field(params, "textDocument"), "uri")
    if not isinstance(uri, str):
        raise JsonRpcInvalidParams("postcheck/checklist expects {textDocument: {uri}}")
    return uri


def _field(value: Any, name: str) -> Any:
    return value.get(name) if isinstance(value, dict) else getattr(value, name, None)


def serve() -> None:
    """Run the server on stdin/stdout until the client says exit."""
    build().start_io()
