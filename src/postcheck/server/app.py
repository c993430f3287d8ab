"""The language server: protocol handlers wired to the analysis, the scheduler and the
translations in this package. See :mod:`postcheck.server` for what it promises."""

from __future__ import annotations

import asyncio
import importlib
import logging
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Awaitable

from lsprotocol import types
from pygls.lsp.server import LanguageServer
from pygls.protocol import LanguageServerProtocol, lsp_method
from pygls.uris import to_fs_path, uri_scheme

from postcheck import __version__
from postcheck.formatters.json_format import document as json_document
from postcheck.runner import RunResult
from postcheck.server import carry
from postcheck.server.analysis import Analysis, Snapshot, analyse, check_links, failure_message
from postcheck.server.diagnostics import check_failed, config_problem, diagnostic
from postcheck.server.positions import UTF16, Codec
from postcheck.server.projects import Projects
from postcheck.server.scheduler import Scheduler
from postcheck.server.settings import ServerSettings
from postcheck.verdict import FileReport

LOG = logging.getLogger("postcheck.server")
CHECKLIST = "postcheck/checklist"
LANGUAGES = {"markdown", "mdx"}
SUFFIXES = {".md", ".markdown", ".mdx"}
SCHEMES = {"file", "untitled"}
WATCHED = ["**/.postcheck.{yaml,yml}", "**/pyproject.toml", "**/*.{yaml,yml}"]
#: Imported in the background at start, so the first claim in a post does not wait for spaCy.
SLOW_IMPORT = "postcheck.checks.claims.pipeline"


class Protocol(LanguageServerProtocol):
    """Asks for UTF-32 positions whenever the client offers them: the model's own unit, so
    nothing has to be converted (pygls would take the client's first choice)."""

    @lsp_method(types.INITIALIZE)
    def lsp_initialize(self, params: types.InitializeParams):
        general = params.capabilities.general
        if general and general.position_encodings and types.PositionEncodingKind.Utf32 in general.position_encodings:
            general.position_encodings = [types.PositionEncodingKind.Utf32]
        return (yield from super().lsp_initialize(params))


@dataclass(frozen=True)
class Shown:
    """What the editor shows for a document: the analysis and its report merged with the
    network findings that still apply (what hover, code actions and the checklist read)."""

    analysis: Analysis
    report: FileReport | None


class PostcheckServer(LanguageServer):
    def __init__(self) -> None:
        super().__init__("postcheck", __version__, protocol_cls=Protocol)
        self.projects = Projects()
        self.scheduler = Scheduler()
        #: What is shown for each open document, by URI.
        self.shown: dict[str, Shown] = {}
        #: What the last save's network check found, by URI.
        self.network: dict[str, carry.NetworkResults] = {}
        #: Config errors already shown as a message (each once, until configs reload).
        self.announced: set[str] = set()
        self.open: set[str] = set()

    # -- what the client gave us ---------------------------------------------------------------

    @property
    def encoding(self) -> str:
        chosen = self.workspace.position_encoding or UTF16
        return str(getattr(chosen, "value", chosen))  # an enum member, or the string itself

    def snapshot(self, uri: str) -> Snapshot:
        document = self.workspace.get_text_document(uri)
        return Snapshot(uri, self.path_of(uri, document.language_id), document.source, document.version)

    def path_of(self, uri: str, language_id: str | None) -> Path:
        """The file behind ``uri``; an unsaved buffer is checked as if it were a file in the
        first workspace folder, so the nearest config still applies."""
        path = to_fs_path(uri)
        if path is not None:
            return Path(path)
        folder = self.projects.roots[0] if self.projects.roots else Path.cwd()
        return folder / ("untitled.mdx" if language_id == "mdx" else "untitled.md")

    def codec(self, analysis: Analysis) -> Codec:
        report = analysis.report
        if report is None:
            return Codec(analysis.snapshot.text.splitlines() or [""], self.encoding)
        return Codec(report.doc.lines, self.encoding, bom=report.doc.has_bom)

    def fresh(self, uri: str) -> Shown | None:
        """What is shown for ``uri`` if it is of the text the editor holds now."""
        shown = self.shown.get(uri)
        if shown is None or uri not in self.open:
            return None
        return shown if shown.analysis.snapshot.version == self.workspace.get_text_document(uri).version else None

    # -- checking ------------------------------------------------------------------------------

    def request_check(self, uri: str, *, debounce: bool = False, save: bool = False) -> None:
        delay = 0.0
        if debounce:
            setup = self.projects.peek(self.snapshot(uri).path)
            delay = (setup.settings if setup else ServerSettings()).debounce_ms / 1000
        self.scheduler.schedule(uri, delay, lambda: self.guarded(uri, self.check(uri, save)))

    async def guarded(self, uri: str, job: Awaitable[None]) -> None:
        """Run ``job``; if the server's own code fails on this document, say so on it (line 1)
        and go on, as for a failure inside postcheck's checks."""
        try:
            await job
        except asyncio.CancelledError:
            raise
        except Exception as error:  # noqa: BLE001 - one document's failure must not go unseen
            LOG.exception("checking %s failed", uri)
            document = self.workspace.get_text_document(uri)
            setup = self.projects.peek(self.path_of(uri, document.language_id))
            codec = Codec(document.lines or [""], self.encoding)
            failed = check_failed(failure_message(f"{type(error).__name__}: {error}"), codec, setup.registry if setup else None)
            self.text_document_publish_diagnostics(types.PublishDiagnosticsParams(uri=uri, diagnostics=[failed]))

    async def check(self, uri: str, save: bool) -> None:
        snapshot = self.snapshot(uri)
        last = self.shown[uri].analysis if uri in self.shown else None
        if last is not None and last.snapshot.text == snapshot.text and last.setup is self.projects.peek(snapshot.path):
            analysis = Analysis(snapshot, last.setup, last.report, last.failure, last.details)  # nothing changed
        else:
            analysis = await self.scheduler.check(analyse, snapshot, self.projects)
        if uri not in self.open or snapshot.version != self.workspace.get_text_document(uri).version:
            return  # edited meanwhile: a newer check is scheduled
        self.show(analysis)
        if save and analysis.report is not None and analysis.setup.settings.links_on_save:
            self.scheduler.in_background(uri, lambda: self.guarded(uri, self.check_network(analysis)))

    async def check_network(self, analysis: Analysis) -> None:
        """Links over the network for the saved text; the findings follow the text until the
        next save (see :mod:`.carry`)."""
        uri = analysis.snapshot.uri
        try:
            online = await self.scheduler.network(check_links, analysis)
        except Exception as error:  # noqa: BLE001 - a failed network check leaves the offline result
            LOG.exception("links check failed for %s", uri)
            self.window_log_message(types.LogMessageParams(types.MessageType.Error, f"postcheck: links check failed: {error}"))
            return
        assert analysis.report is not None
        found = carry.network_only(online, analysis.report)
        self.network[uri] = carry.remember(analysis.report.doc, found)
        current = self.shown.get(uri)
        if current is not None and uri in self.open:
            self.show(current.analysis)

    def show(self, analysis: Analysis) -> None:
        """Publish ``analysis`` (merged with the network findings that still apply)."""
        uri, setup = analysis.snapshot.uri, analysis.setup
        report = analysis.report
        if report is not None:
            report = carry.merge(report, self.network.get(uri) if setup.settings.links_on_save else None)
        self.shown[uri] = Shown(analysis, report)
        codec = self.codec(analysis)
        if setup.error is not None:
            found = [config_problem(setup.error, codec)]
            self.announce(setup.error)
        elif analysis.failure is not None:
            found = [check_failed(analysis.failure, codec, setup.registry)]
            LOG.error("%s: %s", uri, analysis.details)
        elif report is None:
            found = []  # excluded by the config
        else:
            found = [diagnostic(f, codec, setup.registry) for f in report.findings]
        params = types.PublishDiagnosticsParams(uri=uri, diagnostics=found, version=analysis.snapshot.version)
        self.text_document_publish_diagnostics(params)

    def announce(self, error: str) -> None:
        if error not in self.announced:
            self.announced.add(error)
            self.window_show_message(types.ShowMessageParams(types.MessageType.Error, f"postcheck: {error}"))

    def reload(self, changed: list[Path]) -> None:
        """A config or rule pack changed: load them again and check every open post."""
        if self.projects.forget(changed):
            self.announced.clear()
            for uri in self.open:
                self.request_check(uri)

    def warm_up(self) -> None:
        """Import spaCy in the background: most of the seconds the first claim costs. Only
        the import, which Python's import lock makes safe beside a running check; the
        pipelines themselves are built and used by the check thread alone."""
        thread = threading.Thread(target=_import_quietly, args=(SLOW_IMPORT,), name="postcheck-warm-up", daemon=True)
        thread.start()

    def checklist(self, uri: str) -> dict[str, Any]:
        """The checklist verdict of the latest check, in ``--format json``'s file shape."""
        shown = self.shown.get(uri)
        if shown is None or shown.report is None:
            reason = (shown.analysis.setup.error or shown.analysis.failure) if shown else None
            return {"uri": uri, "verdict": None, "error": reason or "not checked (excluded by the config, or not open)"}
        setup = shown.analysis.setup
        entry = json_document(RunResult([shown.report], setup.registry, setup.config))["files"][0]
        return {"uri": uri, "version": shown.analysis.snapshot.version, **entry}


def is_post(uri: str, language_id: str | None) -> bool:
    """A Markdown or MDX post in a file or an unsaved buffer (not a diff view's ``git:`` copy,
    whose diagnostics would repeat the file's)."""
    if uri_scheme(uri) not in SCHEMES:
        return False
    return language_id in LANGUAGES or Path(uri.split("?", 1)[0]).suffix.lower() in SUFFIXES


def _import_quietly(module: str) -> None:
    try:
        importlib.import_module(module)
    except Exception:  # noqa: BLE001 - the check that needs it reports the same problem
        LOG.warning("could not import %s ahead of time", module, exc_info=True)
