"""Check one version of one document, in the worker thread, through the runner.

Nothing here knows about the protocol. The offline check is :func:`~postcheck.runner.check_text`
on the editor's text (the same pipeline as ``postcheck check``); the network check on save
reruns only the links family, on the document that check already parsed. Whatever goes wrong,
the result is an :class:`Analysis` that says so: a config error, or a failure of postcheck
itself with the last line of its traceback. Nothing raises into the server.
"""

from __future__ import annotations

import dataclasses
import traceback
from dataclasses import dataclass
from pathlib import Path

from postcheck.checks import RunOptions
from postcheck.config import ConfigError
from postcheck.runner import check_documents, check_text
from postcheck.server.projects import Projects, Setup
from postcheck.verdict import FileReport


@dataclass(frozen=True)
class Snapshot:
    """One version of a document as the editor holds it."""

    uri: str
    path: Path
    text: str
    version: int | None


@dataclass
class Analysis:
    """The outcome of checking a snapshot: a report, or why there is none."""

    snapshot: Snapshot
    setup: Setup
    report: FileReport | None = None
    #: postcheck failed on this text (not a check: those are findings); the message to show.
    failure: str | None = None
    #: The full traceback of that failure, for the server log.
    details: str = ""

    @property
    def excluded(self) -> bool:
        """Checked nothing, by the config's choice (``exclude``)."""
        return self.report is None and self.failure is None and self.setup.error is None


def analyse(snapshot: Snapshot, projects: Projects) -> Analysis:
    """The offline check of ``snapshot`` under the config nearest to its file."""
    setup = projects.setup_for(snapshot.path)
    if setup.error is not None or setup.excludes(snapshot.path):
        return Analysis(snapshot, setup)
    try:
        report = check_text(
            snapshot.text,
            setup.registry,
            config=setup.config,
            enabled=setup.enabled,
            root=snapshot.path.parent,
            name=snapshot.path.name,
        )
    except ConfigError as error:  # a broken file the config names (the proof-point register)
        return Analysis(snapshot, dataclasses.replace(setup, error=str(error)))
    except Exception:  # noqa: BLE001 - a bug in postcheck must cost one document, not the server
        return _failed(snapshot, setup)
    return Analysis(snapshot, setup, report)


def check_links(analysis: Analysis) -> FileReport:
    """The links family with the network (and its results cache) on the document the offline
    check parsed; raises what the runner does not catch (the caller logs it)."""
    setup, report = analysis.setup, analysis.report
    assert report is not None and setup.config is not None and setup.registry is not None
    links = {rule for rule in setup.enabled if rule.startswith("links/")}
    result = check_documents([report.doc], setup.config, setup.registry, links, RunOptions(offline=False))
    return result.reports[0]


def failure_message(summary: str) -> str:
    """What the writer reads when postcheck itself failed on their post."""
    return f"postcheck failed on this post ({summary}); the server is still running. Please report this."


def _failed(snapshot: Snapshot, setup: Setup) -> Analysis:
    details = traceback.format_exc()
    return Analysis(snapshot, setup, failure=failure_message(details.strip().splitlines()[-1]), details=details)
