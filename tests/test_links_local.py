"""Local files and anchors: relative paths, site routes, heading slugs (duplicates, {#id},
<a id/name>), HTML pages; all checked offline too."""

from __future__ import annotations

from support.links import link_findings, run_posts


def _rules(findings):
    return sorted((f.rule, f.data["url"]) for f in findings)


def test_missing_and_existing_files(tmp_path):
    (tmp_path / "img").mkdir()
    (tmp_path / "img" / "chart.png").write_bytes(b"\x89PNG")
    (tmp_path / "my post.md").write_text("# Other\n", encoding="utf-8")
    post = (
        "# Post\n\n[ok](img/chart.png) ![gone](img/missing.png) [space](my%20post.md) "
        "[nope](drafts/nope.md) [self](./a.md) [html](<a.md>)\n"
    )
    found = link_findings(tmp_path, {"a.md": post}, offline=True)
    assert _rules(found) == [("links/missing-file", "drafts/nope.md"), ("links/missing-file", "img/missing.png")]
    assert found[0].span.start.line == 3


def test_static_site_routes(tmp_path):
    (tmp_path / "launch.md").write_text("# Launch\n", encoding="utf-8")
    (tmp_path / "guide").mkdir()
    (tmp_path / "guide" / "index.md").write_text("# Guide\n\n## Setup\n", encoding="utf-8")
    post = "# P\n\n[a](launch/) [b](launch) [c](guide/) [d](guide/#setup) [e](guide/#nope) [f](missing/)\n"
    found = link_findings(tmp_path, {"a.md": post}, offline=True)
    assert _rules(found) == [("links/missing-anchor", "guide/#nope"), ("links/missing-file", "missing/")]


def test_root_relative_links_need_a_site_root(tmp_path):
    (tmp_path / "site").mkdir()
    (tmp_path / "site" / "about.md").write_text("# About\n", encoding="utf-8")
    post = "# P\n\n[about](/about) [team](/team)\n"
    assert link_findings(tmp_path, {"a.md": post}, offline=True) == []
    found = link_findings(tmp_path, {"b.md": post}, {"site_root": "site"}, offline=True)
    assert _rules(found) == [("links/missing-file", "/team")]


def test_anchors_in_other_markdown_files(tmp_path):
    other = "# Guide\n\n## FAQ\n\n## FAQ\n\n## Prețuri și planuri\n\n## Custom {#my-id}\n\n<a id=\"raw\"></a>\n<a name=\"old\"></a>\n"
    (tmp_path / "guide.md").write_text(other, encoding="utf-8")
    links = ["#faq", "#faq-1", "#prețuri-și-planuri", "#my-id", "#raw", "#old", "#FAQ", "#faq-2", "#nope"]
    post = "# P\n\n" + " ".join(f"[{i}](guide.md{a})" for i, a in enumerate(links)) + "\n"
    found = link_findings(tmp_path, {"a.md": post}, offline=True)
    assert _rules(found) == [("links/missing-anchor", "guide.md#faq-2"), ("links/missing-anchor", "guide.md#nope")]
    assert "guide.md" in found[0].message


def test_anchors_in_local_html(tmp_path):
    (tmp_path / "page.html").write_text("<h1 id='intro'>x</h1><a name='legacy'></a>", encoding="utf-8")
    post = "# P\n\n[a](page.html#intro) [b](page.html#legacy) [c](page.html#gone)\n"
    assert _rules(link_findings(tmp_path, {"a.md": post}, offline=True)) == [("links/missing-anchor", "page.html#gone")]


def test_same_page_anchors(tmp_path):
    post = "# Launch day\n\n## Why 42% of teams fail?\n\n[a](#launch-day) [b](#why-42-of-teams-fail) [c](#Launch-Day) [d](#nowhere) [e](#top)\n"
    found = link_findings(tmp_path, {"a.md": post}, offline=True)
    assert _rules(found) == [("links/missing-anchor", "#nowhere")]
    assert found[0].message == f"Link to #nowhere, but {found[0].path} has no such anchor."


def test_offline_checks_local_links_of_posts_with_remote_links(tmp_path):
    post = "# P\n\n[remote](https://example.com/) [local](missing.md)\n"
    result = run_posts(tmp_path, {"a.md": post}, offline=True)
    (report,) = result.reports
    assert [f.rule for f in report.findings] == ["links/missing-file"]
    assert {row.family: row.status for row in report.rows}["links"] == "fail"


def test_a_reference_used_twice_is_reported_once_at_its_definition(tmp_path):
    post = "# P\n\n[one][gone] and [two][gone].\n\n[gone]: ./gone.md\n"
    (finding,) = link_findings(tmp_path, {"a.md": post}, offline=True)
    assert (finding.span.start.line, finding.span.start.column) == (5, 9)


def test_routes_resolve_from_the_posts_url_folder_too(tmp_path):
    """Hugo serves docs/ops.md at docs/ops/, so ../platforms/ from it means docs/platforms/."""
    (tmp_path / "docs" / "platforms").mkdir(parents=True)
    (tmp_path / "docs" / "platforms" / "_index.md").write_text("# Platforms\n", encoding="utf-8")
    post = "# Ops\n\n[p](../platforms/) [q](../nowhere/) [img](../platforms.png)\n"
    found = link_findings(tmp_path, {"docs/ops.md": post}, offline=True)
    assert _rules(found) == [("links/missing-file", "../nowhere/"), ("links/missing-file", "../platforms.png")]


def test_template_placeholders_are_not_links_to_check(tmp_path):
    post = '# P\n\n[a]({@githubUrl@}/issues) [b]({{% param eventUrl %}}register/) [c]({{< ref "x.md" >}})\n'
    assert link_findings(tmp_path, {"a.md": post}, offline=True) == []


def test_quoted_url_and_missing_scheme_are_broken(tmp_path):
    found = link_findings(tmp_path, {"a.md": '# P\n\n[a]("https://example.com/x") [b](www.example.com/pricing)\n'}, offline=True)
    assert [f.rule for f in found] == ["links/broken", "links/broken"]
    assert "quotes" in found[0].message and "without https://" in found[1].message
