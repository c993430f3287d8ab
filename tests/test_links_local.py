"""Local files and anchors: relative paths, site routes, heading slugs (duplicates, {#id},
<a id/name>), HTML pages; all checked offline too."""

from __future__ import annotations

import time

import pytest

from postcheck import config as config_module
from postcheck.checks import RunOptions
from postcheck.parse import parse_bytes
from postcheck.runner import check_documents
from support.links import REGISTRY, link_findings, run_posts


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


def _tree(root, files):
    for name in files:
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("# Page\n\n## Setup\n" if name.endswith((".md", ".mdx")) else "x", encoding="utf-8")


SITES = {
    "hugo": (
        ["content/about.md", "content/posts/_index.md", "content/posts/launch/index.md", "static/img/logo.png"],
        ["/about/", "/about", "/posts/", "/posts/launch/#setup", "/img/logo.png"],
    ),
    "jekyll": (
        ["about.md", "_posts/2024-03-05-launch.md", "assets/logo.png", "docs/index.html"],
        ["/about/", "/about.html", "/2024/03/05/launch.html", "/news/2024/03/05/launch/", "/assets/logo.png", "/docs/"],
    ),
    "docusaurus": (
        ["docs/intro.md", "docs/guides/index.mdx", "blog/2021-08-01-welcome.md", "src/pages/pricing.tsx", "static/img/a.png"],
        ["/docs/intro", "/docs/intro#setup", "/docs/guides/", "/blog/2021/08/01/welcome", "/pricing", "/img/a.png"],
    ),
    "astro": (
        ["src/pages/index.astro", "src/pages/about.md", "src/content/blog/first.md", "src/pages/tags/[tag].astro", "public/favicon.svg"],
        ["/", "/about/", "/blog/first/", "/tags/anything", "/favicon.svg"],
    ),
    "next": (
        ["app/page.tsx", "app/pricing/page.tsx", "pages/legacy.js", "app/blog/[slug]/page.mdx", "public/logo.png"],
        ["/", "/pricing", "/legacy", "/blog/any-post", "/logo.png"],
    ),
}


@pytest.mark.parametrize("site", sorted(SITES))
def test_site_presets_map_routes_to_files(tmp_path, site):
    files, routes = SITES[site]
    _tree(tmp_path / "site", files)
    post = "# P\n\n" + " ".join(f"[{i}]({route})" for i, route in enumerate([*routes, "/missing-page/", "/docs/nope#x"])) + "\n"
    found = link_findings(tmp_path, {"posts/a.md": post}, {"site": site, "site_root": "site"}, offline=True)
    assert _rules(found) == [("links/missing-file", "/docs/nope#x"), ("links/missing-file", "/missing-page/")]


def test_a_site_preset_alone_maps_routes_from_the_project_root(tmp_path):
    _tree(tmp_path, ["content/about.md"])
    found = link_findings(tmp_path, {"a.md": "# P\n\n[a](/about/) [b](/team/)\n"}, {"site": "hugo"}, offline=True)
    assert _rules(found) == [("links/missing-file", "/team/")]


def test_thousands_of_headings_and_anchor_links_stay_linear(tmp_path):
    """Each fragment is matched loosely (case, dashes) against a page's anchors: an index built
    once per page, not a scan of every heading for every link (9 million comparisons here)."""
    count = 3000
    headings = "\n\n".join(f"## Section {i} -- part" for i in range(count))
    links = " ".join(f"[{i}](#SECTION-{i}-part)" for i in range(count))
    doc = parse_bytes(f"# P\n\n{headings}\n\n{links} [x](#nope)\n".encode(), tmp_path / "a.md", "a.md")
    config = config_module.from_mapping({}, None, root=tmp_path)
    started = time.monotonic()
    result = check_documents([doc], config, REGISTRY, {"links/missing-anchor"}, RunOptions(offline=True))
    assert _rules(result.reports[0].findings) == [("links/missing-anchor", "#nope")]
    assert time.monotonic() - started < 2


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
