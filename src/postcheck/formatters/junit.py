"""``--format junit``: JUnit XML for CI systems that show test reports (GitLab merge requests,
Jenkins, Azure Pipelines).

One test case per post, one ``<failure>`` per finding that fails the run (at or above
``--fail-on``), so the report never shows a failed test in a job that passed. Findings below
that threshold and waived findings are listed in the case's ``<system-out>``. The file holds
no timestamps or host names, so two runs on the same posts give the same bytes.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import TextIO

from postcheck.findings import Finding
from postcheck.formatters import Style
from postcheck.gitdiff import relative_to_repo
from postcheck.runner import RunResult
from postcheck.verdict import FileReport

NAME = "junit"
SUITE = "postcheck"
#: Characters XML 1.0 cannot carry even escaped (control characters from a broken file).
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def render(result: RunResult, out: TextIO, style: Style) -> None:
    cases = [_case(report, style) for report in result.reports]
    counts = {
        "tests": str(len(cases)),
        "failures": str(sum(case.find("failure") is not None for case in cases)),
        "errors": "0",
        "skipped": "0",
    }
    root = ET.Element("testsuites", {"name": SUITE, **counts})
    suite = ET.SubElement(root, "testsuite", {"name": SUITE, **counts})
    suite.extend(cases)
    ET.indent(root)
    out.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    out.write(NOT_XML.sub("\ufffd", ET.tostring(root, encoding="unicode")))
    out.write("\n")


def _case(report: FileReport, style: Style) -> ET.Element:
    path = relative_to_repo(report.doc.abspath, report.path)
    case = ET.Element("testcase", {"classname": f"{SUITE}.{report.doc.lang}", "name": report.path, "file": path})
    notes = []
    for finding in report.findings:
        line = _line(finding, path)
        if finding.severity.rank >= style.fail_on.rank:
            failure = ET.SubElement(case, "failure", {"type": finding.rule, "message": f"{finding.rule}: {finding.message}"})
            failure.text = line + (f"\nFix: {finding.fix}" if finding.fix else "")
        else:
            notes.append(line)
    for finding in report.suppressed:
        reason = finding.suppressed_by.reason if finding.suppressed_by else ""
        notes.append(f"{_line(finding, path)} (suppressed: {reason or 'no reason given'})")
    notes.extend(f"{_line(finding, path)} (baselined)" for finding in report.baselined)
    if notes:
        ET.SubElement(case, "system-out").text = "\n".join(notes)
    return case


def _line(finding: Finding, path: str) -> str:
    start = finding.span.start
    return f"{path}:{start.line}:{start.column}: {finding.rule} [{finding.severity.value}] {finding.message}"
