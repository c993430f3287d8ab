"""One run: collect files, parse each once, run the enabled checks, apply suppressions and
work out each post's checklist. The CLI and the tests call :func:`run`; formatters read its
result. Nothing here prints.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Callable, Iterable

from postcheck import baseline as baseline_module
from postcheck import config as config_module
from postcheck import language, messages, suppress
from postcheck.baseline import Baseline
from postcheck.checks import CHECKS, Check, CheckContext, DocumentCheck, RunOptions
from postcheck.config import Config
from postcheck.discover import Target, collect
from postcheck.findings import FAMILIES, META_FAMILY, Finding
from postcheck.model import Document, Position, Span
from postcheck.parse import parse_bytes, parse_file
from postcheck.parallel import Speed, check_targets
from postcheck.postresult import PostResult, stored
from postcheck.registry import Registry
from postcheck.verdict import FileReport, rows_for, verdict_of

PARSE_ERROR = "postcheck/parse-error"
UNUSED_SUPPRESSION = "postcheck/unused-suppression"
CHECK_ERROR = "postcheck/check-error"
NO_REASON = "postcheck/suppression-without-reason"
#: Findings about the file itself are always reported, whatever --select says.
ALWAYS_ON = {PARSE_ERROR, CHECK_ERROR}


class SelectionError(ValueError):
    """``--select``/``--ignore`` or the config's ``rules:`` name something that does not exist."""


@dataclass
class RunResult:
    reports: list[FileReport]
    registry: Registry
    config: Config
    enabled_rules: set[str] = field(default_factory=set)
    #: Files discovery skipped, one line each (a symlink loop, a FIFO): the CLI prints them.
    warnings: list[str] = field(default_factory=list)
    #: The baseline the run applied, if any (SARIF then marks results new or unchanged).
    baseline: Baseline | None = None


def enabled_rules(registry: Registry, config: Config, select: Iterable[str] = (), ignore: Iterable[str] = ()) -> set[str]:
    """Rule ids that run: config ``enabled`` overrides, then ``--select`` (which wins over the
    config, as in ruff), then ``--ignore``."""
    select, ignore = list(select), list(ignore)
    for selector in [*select, *ignore]:
        if not registry.knows(selector):
            raise SelectionError(f"unknown rule or family: {selector!r} (see 'postcheck rules')")
    where = config.path or "config"
    for key in config.core.rules:
        if not registry.knows(key):
            raise SelectionError(f"{where}: rules.{key}: unknown rule or family (see 'postcheck rules')")
        if config.core.rules[key].enabled is False:
            _check_deselectable(key, registry, f"{where}: rules.{key}: enabled: false")
    for selector in ignore:
        _check_deselectable(selector, registry, f"--ignore {selector}")
    chosen = set()
    for rule in registry.rules.values():
        override = config.override_for(rule.id).enabled
        on = override if override is not None else True
        if select:
            on = any(_names(selector, rule.id) for selector in select)
        if any(_names(selector, rule.id) for selector in ignore):
            on = False
        if on or rule.id in ALWAYS_ON:
            chosen.add(rule.id)
    return chosen


def _names(selector: str, rule_id: str) -> bool:
    return selector == rule_id or selector == rule_id.split("/", 1)[0]


def _check_deselectable(selector: str, registry: Registry, what: str) -> None:
    """Refuse to turn off what is always reported, saying why, rather than accept a choice
    that silently does nothing."""
    blocked = sorted(rule for rule in ALWAYS_ON if _names(selector, rule))
    if not blocked:
        return
    others = sorted(r for r in registry.rules if _names(selector, r) and r not in ALWAYS_ON)
    hint = f"; turn the others off by id: {', '.join(others)}" if others else ""
    raise SelectionError(
        f"{what}: {' and '.join(blocked)} cannot be turned off (a post that could not be read or "
        f"checked has not been checked){hint}"
    )


def parse_targets(targets: list[Target], config: Config) -> list[Document]:
    """Parse every target once and settle its language."""
    return [_settle_language(parse_file(target.path, target.display), config) for target in targets]


def _settle_language(doc: Document, config: Config) -> Document:
    if doc.readable:
        doc.lang = language.choose(doc, config.language)
    elif config.language in language.SUPPORTED:
        doc.lang = config.language  # the parse error is still said in the team's language
    return doc


def run(
    paths: list[Path],
    config: Config,
    registry: Registry,
    options: RunOptions | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    keep: Callable[[Target], bool] | None = None,
    speed: Speed | None = None,
    baseline: Baseline | None = None,
) -> RunResult:
    """Check ``paths`` (files and folders) and return one report per post; ``keep`` narrows
    the files collected (``--changed-since``) without changing how they are found or shown."""
    warnings: list[str] = []
    targets = [t for t in collect(paths, config, warnings) if keep is None or keep(t)]
    result = run_targets(targets, config, registry, options, select, ignore, speed, baseline, keep)
    result.warnings = warnings
    return result


def run_targets(
    targets: list[Target],
    config: Config,
    registry: Registry,
    options: RunOptions | None = None,
    select: Iterable[str] = (),
    ignore: Iterable[str] = (),
    speed: Speed | None = None,
    baseline: Baseline | None = None,
    keep: Callable[[Target], bool] | None = None,
) -> RunResult:
    """Check files already collected (the CLI collects them to say what it left out).
    ``speed`` says how many worker processes may check posts and where the results cache is
    (none by default: the output is the same either way). The cache keeps what the per-post
    checks found; ``baseline`` is applied after it, so a cached post's findings are filtered
    by today's baseline and editing the baseline invalidates nothing. The files checked
    beside the posts (the proof-point register) are reported only if ``keep`` keeps them."""
    enabled = enabled_rules(registry, config, select, ignore)
    ctx = CheckContext(config=config, registry=registry, options=options or RunOptions(), enabled_rules=enabled)
    prepare(ctx)
    posts = check_targets(targets, ctx, speed or Speed(), functools.partial(_check_target, per_post_checks(ctx)), _handover(ctx))
    result = finish(posts, ctx, baseline)
    if keep is not None:
        checked = {target.display for target in targets}
        result.reports = [r for r in result.reports if r.path in checked or keep(Target(r.doc.abspath, r.path))]
    return result


def read_stdin(raw: bytes, name: str, config: Config) -> Document:
    """A post read from standard input, shown as ``name`` and placed at ``name`` relative to
    the current folder (so its relative links, and its baseline entries, resolve)."""
    return _settle_language(parse_bytes(raw, Path.cwd() / name, name), config)


def _check_target(checks: list[Check], target: Target, ctx: CheckContext) -> PostResult:
    """Parse one file and run the per-post checks on it (here or in a worker process); the
    document is kept without its prose."""
    result = check_post(parse_targets([target], ctx.config)[0], checks, ctx)
    result.doc = stored(result.doc)
    return result


def check_text(text: str, registry: Registry, **options: Any) -> FileReport:
    """The post's report of :func:`run_text` (its options: ``lang``, ``config``, ``enabled``,
    ``root``, ``name``)."""
    return run_text(text, registry, **options).reports[0]


def run_text(
    text: str,
    registry: Registry,
    *,
    lang: str | None = None,
    config: Config | dict[str, Any] | None = None,
    enabled: set[str] | None = None,
    root: Path | None = None,
    name: str = "post.md",
) -> RunResult:
    """Check one post given as text, offline (rule examples and tests): its report first, then
    those of files checked beside it that have findings (the proof-point register). ``config``
    may be a mapping (validated like a config file, paths relative to ``root``); ``lang`` forces
    the language, else the engine chooses as for a file; ``enabled`` defaults to what the
    config enables."""
    root = root or Path(".")
    if not isinstance(config, Config):
        config = config_module.from_mapping(dict(config or {}), None, root=root)
    doc = parse_bytes(text.encode("utf-8"), root / name, name)
    _settle_language(doc, config)
    doc.lang = lang or doc.lang
    chosen = enabled if enabled is not None else enabled_rules(registry, config)
    return check_documents([doc], config, registry, chosen, RunOptions(offline=True))


def check_documents(
    docs: list[Document],
    config: Config,
    registry: Registry,
    enabled: set[str],
    options: RunOptions,
    baseline: Baseline | None = None,
) -> RunResult:
    """Run the enabled checks over already parsed documents (also used by rule examples)."""
    ctx = CheckContext(config=config, registry=registry, options=options, enabled_rules=enabled)
    prepare(ctx)
    checks = per_post_checks(ctx)
    return finish([check_post(doc, checks, ctx) for doc in docs], ctx, baseline)


def prepare(ctx: CheckContext) -> None:
    """Let every check load what it shares with the others (the proof-point register), before
    any check runs and before worker processes start (they inherit it). Outside the per-post
    isolation: a broken file the config names stops the run (exit code 2)."""
    for check_cls in CHECKS.values():
        check_cls().prepare(ctx)


def _handover(ctx: CheckContext) -> Callable[[PostResult], None]:
    """Hand each checked post to the enabled whole-run checks as it arrives, so they can
    start before the last one (links requests while posts are still parsed)."""
    whole_run = [check for check in _enabled_checks(ctx) if not isinstance(check, DocumentCheck)]

    def arrived(post: PostResult) -> None:
        if post.doc.readable:
            for check in whole_run:
                check.arrived(post.doc, ctx)

    return arrived


def per_post_checks(ctx: CheckContext) -> list[Check]:
    """The enabled checks that look at one post at a time: what a worker process runs and
    the results cache keeps."""
    return [check for check in _enabled_checks(ctx) if isinstance(check, DocumentCheck)]


def _enabled_checks(ctx: CheckContext) -> list[Check]:
    checks = [check_cls() for check_cls in CHECKS.values()]
    return [check for check in checks if any(ctx.is_enabled(rule.id) for rule in check.rules(ctx.registry))]


def check_post(doc: Document, checks: list[Check], ctx: CheckContext) -> PostResult:
    """Run the per-post ``checks`` on one parsed post."""
    found: list[Finding] = []
    if doc.readable:
        for check in checks:
            found += [finding for finding in _isolated(check, [doc], ctx) if finding.rule in ctx.enabled_rules]
    return PostResult(doc, found, ctx.skipped.pop(doc.path, set()), ctx.unchecked.pop(doc.path, {}), ctx.records.pop(doc.path, {}))


def finish(posts: list[PostResult], ctx: CheckContext, baseline: Baseline | None = None) -> RunResult:
    """Run the checks that need every post at once (links) and make each post's report
    (suppressions and the baseline apply here, after the results cache)."""
    findings: dict[str, list[Finding]] = {}
    for post in posts:
        findings[post.doc.path] = list(post.findings)
        if post.skipped:
            ctx.skipped[post.doc.path] = set(post.skipped)
        if post.unchecked:
            ctx.unchecked[post.doc.path] = dict(post.unchecked)
        if post.records:
            ctx.records[post.doc.path] = {name: list(items) for name, items in post.records.items()}
    docs = [post.doc for post in posts]
    readable = [doc for doc in docs if doc.readable]
    for check in _enabled_checks(ctx):
        if isinstance(check, DocumentCheck):
            continue
        for finding in _isolated(check, readable, ctx):
            if finding.rule in ctx.enabled_rules:
                findings.setdefault(finding.path, []).append(finding)
    reports = [_report(doc, findings.get(doc.path, []), ctx, baseline) for doc in docs]
    reports += [_report(side, findings[side.path], ctx, baseline) for side in ctx.side_documents if findings.get(side.path)]
    return RunResult(reports=reports, registry=ctx.registry, config=ctx.config, enabled_rules=ctx.enabled_rules, baseline=baseline)


def _isolated(check, docs: list[Document], ctx: CheckContext) -> list[Finding]:
    """Run a check; if it crashes on a post, report that on the post (never a traceback) and
    go on with the others, one post at a time."""
    try:
        return list(check.run(docs, ctx))
    except Exception:  # noqa: BLE001 - a bug in one check must not hide the other results
        if len(docs) <= 1:
            return [_crash(check, doc, ctx) for doc in docs]
        results: list[Finding] = []
        for doc in docs:
            results.extend(_isolated(check, [doc], ctx))
        return results


def _crash(check, doc: Document, ctx: CheckContext) -> Finding:
    """The finding that stands for a crashed check. It names the families whose rules the
    check runs, so their rows fail: the post is not known to be safe."""
    import traceback

    last = traceback.format_exc().strip().splitlines()[-1]
    families = sorted({rule.family for rule in check.rules(ctx.registry) if ctx.is_enabled(rule.id)})
    return ctx.finding(doc, CHECK_ERROR, Position(1, 1), check=check.name, error=last, families=families)


def _report(doc: Document, found: list[Finding], ctx: CheckContext, baseline: Baseline | None) -> FileReport:
    """One post's report: parse error, inline waivers and their audit, the baseline, then the
    checklist rows and the verdict."""
    if doc.problem is not None:
        problem = doc.problem
        start = Position(problem.line, problem.column)
        message = messages.parse_problem(problem, doc.lang)
        found.append(ctx.finding(doc, PARSE_ERROR, Span(start, Position(start.line, start.column + 1)), message=message))
    waivers = suppress.parse(doc) if doc.readable else []
    kept, waived = suppress.apply(sorted(found, key=Finding.sort_key), waivers)
    ran = _ran_on(doc, ctx)
    kept.extend(_audit_waivers(doc, waivers, ran, ctx))
    kept.sort(key=Finding.sort_key)
    kept, baselined = _apply_baseline(doc, kept, waived, ran, ctx, baseline)
    skipped = set(FAMILIES) - ran
    rows = rows_for(kept, skipped, ctx.unchecked.get(doc.path, {}))
    records = ctx.records.get(doc.path, {})
    return FileReport(doc=doc, findings=kept, suppressed=waived, rows=rows, verdict=verdict_of(rows, kept), baselined=baselined, ran=ran, records=records)


def _audit_waivers(doc: Document, waivers: list[suppress.Suppression], ran: set[str], ctx: CheckContext) -> list[Finding]:
    """Waivers that waive nothing or name unknown rules, and (``suppressions.require_reason``)
    waivers that give no reason."""
    found = []
    if UNUSED_SUPPRESSION in ctx.enabled_rules:
        known = set(ctx.registry.rules) | set(FAMILIES) | {META_FAMILY}
        for waiver, key, names in suppress.unused(waivers, ran, known):
            found.append(ctx.finding(doc, UNUSED_SUPPRESSION, waiver.comment.span, why=messages.say(key, doc.lang, names=names)))
    if ctx.config.core.suppressions.require_reason and NO_REASON in ctx.enabled_rules:
        found.extend(ctx.finding(doc, NO_REASON, waiver.comment.span) for waiver in waivers if not waiver.reason)
    return found


def _apply_baseline(
    doc: Document, kept: list[Finding], waived: list[Finding], ran: set[str], ctx: CheckContext, baseline: Baseline | None
) -> tuple[list[Finding], list[Finding]]:
    """Fingerprint every finding; with a baseline, move the accepted ones aside and report
    the entries that match nothing (``postcheck/stale-baseline``)."""
    baseline_module.fingerprint([*kept, *waived], doc, ctx.config.root)
    if baseline is None:
        return kept, []
    entries = baseline.for_path(baseline_module.project_path(doc, ctx.config.root))
    applied = baseline_module.apply(kept, entries, ran)
    if baseline_module.STALE_BASELINE in ctx.enabled_rules and applied.stale:
        stale = [
            ctx.finding(doc, baseline_module.STALE_BASELINE, Position(1, 1), rule=entry.rule, text=entry.text, occurrence=entry.occurrence)
            for entry in applied.stale
        ]
        baseline_module.fingerprint(stale, doc, ctx.config.root)
        applied.kept = sorted([*applied.kept, *stale], key=Finding.sort_key)
    return applied.kept, applied.baselined


def _ran_on(doc: Document, ctx: CheckContext) -> set[str]:
    """Rule ids and families that actually ran on ``doc``."""
    if not doc.readable:
        return set()
    skipped_families = ctx.skipped.get(doc.path, set())
    rules = {r for r in ctx.enabled_rules if r.split("/", 1)[0] not in skipped_families}
    return rules | {r.split("/", 1)[0] for r in rules}
