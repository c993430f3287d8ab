"""Code actions on findings: the safe UTM fix (``postcheck fix``'s own edits), a suppression
comment with its reason ready to type, and "explain this rule"."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence, Union

from lsprotocol import types

from postcheck.checks.utm import fix as utm_fixes
from postcheck.edits import Edit
from postcheck.findings import Finding
from postcheck.registry import Registry
from postcheck.server import placement
from postcheck.server.diagnostics import diagnostic
from postcheck.server.positions import Codec
from postcheck.verdict import FileReport

FIX_ALL = "source.fixAll.postcheck"
#: Commands the server executes (``workspace/executeCommand``).
SELECT = "postcheck.select"
EXPLAIN = "postcheck.explain"

AnyEdit = Union[types.TextEdit, types.SnippetTextEdit]


@dataclass(frozen=True)
class ClientSupport:
    """What the client can do with an action beyond a plain edit."""

    document_changes: bool = False
    snippets: bool = False
    show_document: bool = False

    @classmethod
    def of(cls, capabilities: types.ClientCapabilities) -> "ClientSupport":
        workspace_edit = capabilities.workspace.workspace_edit if capabilities.workspace else None
        window = capabilities.window
        return cls(
            document_changes=bool(workspace_edit and workspace_edit.document_changes),
            snippets=bool(workspace_edit and workspace_edit.document_changes and workspace_edit.snippet_edit_support),
            show_document=bool(window and window.show_document and window.show_document.support),
        )


@dataclass(frozen=True)
class Target:
    """The document version the actions edit."""

    uri: str
    version: int | None
    report: FileReport
    codec: Codec


def code_actions(
    target: Target,
    wanted: types.Range,
    only: Sequence[str] | None,
    support: ClientSupport,
    registry: Registry,
    utm_settings: object,
) -> list[types.CodeAction]:
    """Every action for the findings whose range meets ``wanted``, limited to ``only``."""
    found = [f for f in target.report.findings if _meets(target.codec.range(f.span), wanted)]
    actions: list[types.CodeAction] = []
    for finding in found:
        actions += _utm_fix(target, finding, support, registry, utm_settings)
    for finding in found:
        actions += _suppress(target, finding, support, registry)
    for rule in dict.fromkeys(f.rule for f in found):
        actions.append(_explain(rule, target.report.doc.lang))
    actions += _fix_all(target, support, utm_settings)
    return [a for a in actions if _wanted_kind(a.kind or "", only)]


def _utm_fix(target: Target, finding: Finding, support: ClientSupport, registry: Registry, settings) -> list[types.CodeAction]:
    if not finding.fixable:
        return []
    edits = utm_fixes.edits_for(target.report.doc, [finding], settings)
    return [
        types.CodeAction(
            title=f"postcheck: fix UTM tags ({edit.note})",
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[diagnostic(finding, target.codec, registry)],
            is_preferred=True,
            edit=_workspace_edit(target, [_text_edit(edit, target.codec)], support),
        )
        for edit in edits
    ]


def _fix_all(target: Target, support: ClientSupport, settings) -> list[types.CodeAction]:
    edits = utm_fixes.edits_for(target.report.doc, target.report.findings, settings)
    if not edits:
        return []
    return [
        types.CodeAction(
            title="postcheck: fix all UTM tags",
            kind=FIX_ALL,
            edit=_workspace_edit(target, [_text_edit(edit, target.codec) for edit in edits], support),
        )
    ]


def _suppress(target: Target, finding: Finding, support: ClientSupport, registry: Registry) -> list[types.CodeAction]:
    doc = target.report.doc
    insertion = placement.insertion(doc, finding.rule, finding.span.start.line)
    if insertion is None:
        return []
    where = target.codec.to_lsp(insertion.at)
    span = types.Range(start=where, end=where)
    edit: AnyEdit = types.TextEdit(range=span, new_text=insertion.text)
    command = None
    if support.snippets:
        edit = types.SnippetTextEdit(range=span, snippet=types.StringValue(value=_snippet(insertion.text)))
    elif support.show_document:
        reason = _reason_range(insertion, target.codec, doc.has_bom)
        command = types.Command(title="Select the reason", command=SELECT, arguments=[target.uri, reason])
    scope = "this file" if "disable-file" in insertion.text else "this line"
    return [
        types.CodeAction(
            title=f"postcheck: suppress {finding.rule} on {scope} (with a reason)",
            kind=types.CodeActionKind.QuickFix,
            diagnostics=[diagnostic(finding, target.codec, registry)],
            edit=_workspace_edit(target, [edit], support),
            command=command,
        )
    ]


def _explain(rule: str, lang: str) -> types.CodeAction:
    """A quick fix by kind, as ESLint's "show documentation" is: it is where writers look."""
    return types.CodeAction(
        title=f"postcheck: explain {rule}",
        kind=types.CodeActionKind.QuickFix,
        command=types.Command(title=f"Explain {rule}", command=EXPLAIN, arguments=[rule, lang]),
    )


def _workspace_edit(target: Target, edits: list[AnyEdit], support: ClientSupport) -> types.WorkspaceEdit:
    """A versioned document edit when the client takes one (a stale edit is refused then)."""
    if support.document_changes:
        document = types.OptionalVersionedTextDocumentIdentifier(uri=target.uri, version=target.version)
        return types.WorkspaceEdit(document_changes=[types.TextDocumentEdit(text_document=document, edits=edits)])
    return types.WorkspaceEdit(changes={target.uri: edits})


def _text_edit(edit: Edit, codec: Codec) -> types.TextEdit:
    return types.TextEdit(range=codec.range(edit.span), new_text=edit.new)


def _snippet(text: str) -> str:
    """``text`` as an LSP snippet with the placeholder as the first tab stop."""
    escaped = text.replace("\\", "\\\\").replace("$", "\\$").replace("}", "\\}")
    marker = "-- " + placement.PLACEHOLDER
    at = escaped.index(marker) + 3
    return escaped[:at] + "${1:" + placement.PLACEHOLDER + "}" + escaped[at + len(placement.PLACEHOLDER) :]


def _reason_range(insertion: placement.Insertion, codec: Codec, bom: bool) -> dict[str, object]:
    """The placeholder's range after the edit, as JSON (a command argument)."""
    line = insertion.reason.start.line
    edited = Codec(lines=[""] * (line - 1) + [insertion.reason_line], encoding=codec.encoding, bom=bom)
    start, end = edited.to_lsp(insertion.reason.start), edited.to_lsp(insertion.reason.end)
    return {"start": {"line": start.line, "character": start.character}, "end": {"line": end.line, "character": end.character}}


def _meets(a: types.Range, b: types.Range) -> bool:
    key = lambda p: (p.line, p.character)  # noqa: E731
    return key(a.start) <= key(b.end) and key(b.start) <= key(a.end)


def _wanted_kind(kind: str, only: Sequence[str] | None) -> bool:
    return only is None or any(kind == o or kind.startswith(o + ".") for o in only)
