"""The claims check on real sentences, English and Romanian: every kind, every non-claim trap
from the issue, and every way a claim can be sourced."""

from __future__ import annotations

import pytest

from postcheck import config as config_module
from support.claims import claims, kinds
from conftest import FIXTURES


@pytest.mark.parametrize(
    "lang, text, kind",
    [
        ("en", "Engagement grew 42% after we switched to short videos.", "unsourced-statistic"),
        ("en", "The creator economy is worth $250 billion.", "unsourced-statistic"),
        ("en", "Teams using Acme grow 3x faster.", "unsourced-statistic"),
        ("en", "Video ads cost a third less than display ads.", "unsourced-statistic"),
        ("en", "Over 10,000 customers already use Acme.", "unsourced-statistic"),
        ("en", "Acme loads pages faster than any other analytics tool.", "unsourced-comparison"),
        ("en", "Acme is the best agency in the industry.", "unsourced-superlative"),
        ("en", "We are the #1 scheduling tool for creators.", "unsourced-superlative"),
        ("en", "Studies show that short videos convert better.", "unsourced-attribution"),
        ("en", "Doctors recommend our vitamin gummies.", "unsourced-attribution"),
        ("en", "According to TechCrunch, agencies are adopting AI.", "unlinked-source"),
        ("ro", "Rata a crescut la 2,6% după campanie.", "unsourced-statistic"),
        ("ro", "Vânzările au fost de două ori mai mari.", "unsourced-statistic"),
        ("ro", "Numărul de abonați s-a dublat.", "unsourced-statistic"),
        ("ro", "Piața valorează 50 de milioane de euro.", "unsourced-statistic"),
        ("ro", "Serviciul nostru este mai ieftin decât concurența.", "unsourced-comparison"),
        ("ro", "Suntem cea mai bună agenție de marketing din oraș.", "unsourced-superlative"),
        ("ro", "Acme este lider de piață în analiza social media.", "unsourced-superlative"),
        ("ro", "Studiile arată că videoclipurile scurte convertesc mai bine.", "unsourced-attribution"),
        ("ro", "Conform TechCrunch, agențiile adoptă AI.", "unlinked-source"),
        ("ro", "Potrivit experților, consecvența contează.", "unsourced-attribution"),
    ],
)
def test_each_kind_is_flagged(registry, lang, text, kind):
    assert kind in kinds(claims(registry, text + "\n", lang))


@pytest.mark.parametrize(
    "lang, text",
    [
        # instructions and recipes
        ("en", "Post 3 times a week and build a 14-day calendar with 6 posts."),
        ("en", "Boil the pasta for 12 minutes, then add 200 g of cheese."),
        ("ro", "Fierbe pastele 25 de minute, apoi adaugă 200 de grame de brânză."),
        ("ro", "Postează de 3 ori pe săptămână și construiește un calendar de 14 zile cu 6 postări."),
        # dates and times
        ("en", "The webinar starts at 14:00 CET on 12 March 2026."),
        ("ro", "Pe 15 mai 2026, la ora 10:30, lansăm noul raport."),
        # the author's own plans and activity
        ("en", "Next quarter we plan 3 new series and 12 live sessions."),
        ("ro", "Trimestrul viitor plănuim 3 serii noi și 12 sesiuni live."),
        ("en", "We published 12 posts in October and two newsletters."),
        # list numbering
        ("en", "1. Open the dashboard.\n2. Export 3 reports.\n10. Share the link.\n"),
        ("ro", "Pasul 3: exportă raportul în format CSV."),
        # versions and names
        ("en", "GPT-4 and Windows 11 are supported; we renewed ISO 27001 in 2025."),
        ("ro", "Versiunea 3.2 funcționează pe Windows 11 și cu GPT-4."),
        # the brand's own prices
        ("en", "Acme Pro costs $29 a month, and annual plans get 20% off."),
        ("ro", "Abonamentul Pro costă 49 de lei pe lună, cu o reducere de 20% la plata anuală."),
        # numbers inside code and URLs
        ("en", "Run `growth --rate 45%` and read https://example.com/grew-45%-in-2026 for details."),
        ("ro", "Rulează `acme --crestere 45%` și citește https://example.com/crestere-45%."),
        # superlatives about a way or a step, comparisons with expectations
        ("en", "The best way to start is a short audit; follow best practices from the first step."),
        ("en", "Writing a calendar is easier than you think."),
        ("ro", "Cel mai bun mod de a începe este un audit scurt."),
        ("ro", "Un calendar editorial e mai ușor de făcut decât crezi."),
        # "according to" a plan, and case studies
        ("en", "Adjust the schedule according to your needs and read our case studies."),
        ("ro", "Ajustează calendarul conform planului și nevoilor echipei."),
    ],
)
def test_non_claims_are_not_flagged(registry, lang, text):
    assert claims(registry, text + "\n", lang) == []


@pytest.mark.parametrize(
    "lang, text",
    [
        # a link in the same sentence
        ("en", "Engagement grew 42% in 2025, according to [the Acme report](https://example.com/r)."),
        ("en", "Engagement grew 42% in 2025 (https://example.com/data)."),
        ("en", "Engagement grew 42% in 2025, see <https://example.com/data>."),
        ("ro", "Rata a crescut la 2,6% potrivit [ANCOM](https://example.com/ancom)."),
        ("en", "Engagement grew 42% in 2025 according to [Acme][acme].\n\n[acme]: https://example.com/r"),
        # a footnote whose definition has a URL, also written right after the full stop
        ("en", "Studies show short videos convert better.[^1]\n\n[^1]: Wistia, https://example.com/w\n"),
        ("en", "Studies show short videos convert better[^w] than images.\n\n[^w]: [Wistia](https://example.com/w)\n"),
        ("ro", "Studiile arată că videoclipurile convertesc mai bine.[^1]\n\n[^1]: Wistia, https://example.com/w\n"),
        # a linked citation right after the claim
        ("en", "Engagement grew 42% last year. (Source: [Acme annual survey 2025](https://example.com/s))"),
        ("ro", "Rata a crescut la 2,6%. (Sursa: [raportul ANCOM 2025](https://example.com/ancom))"),
        ("en", "Engagement grew 42% last year. Details are in the [2025 benchmark report](https://example.com/b)."),
        ("ro", "Rata a crescut la 2,6%. Detalii în [studiul GPeC](https://example.com/gpec)."),
        # a later sentence that points back at a linked report
        ("en", "The [2025 State of Video report](https://example.com/v) covers 500 brands. The report found that 42% post daily."),
        ("ro", "[Raportul ANCOM 2025](https://example.com/a) e public. Raportul arată că 62% dintre români au fibră."),
        # a quote credited with a link, and a quote introduced by a linked sentence
        ("en", "> Our sign-ups doubled in a month.\n>\n> — Ann Lee, [Acme blog](https://example.com/post)"),
        ("en", "As [Ann Lee wrote](https://example.com/post):\n\n> Our sign-ups doubled in a month."),
        ("en", "<aside class=\"pquote\">\n<p>Our sign-ups doubled in a month.</p>\n<p>— @ann, <a href=\"https://example.com/post\">Acme blog</a></p>\n</aside>"),
        # an HTML link is a link like any other
        ("en", "Engagement grew 42% in 2025, see <a href=\"https://example.com/data\">the data</a>."),
    ],
)
def test_sourced_claims_are_not_flagged(registry, lang, text):
    assert claims(registry, text + "\n", lang) == []


def test_a_citation_sources_only_the_sentence_before_it(registry):
    found = claims(registry, "Engagement grew 42% last year. Reach doubled. (Source: [Acme survey](https://example.com/s))\n", "en")
    assert [f.excerpt for f in found] == ["42%"]


def test_a_citation_that_links_nothing_names_its_source(registry):
    found = claims(registry, "Engagement grew 42% last year. (Source: Acme annual survey 2025)\n", "en")
    assert kinds(found) == {"unsourced-statistic", "unlinked-source"}
    [named] = [f for f in found if f.rule == "claims/unlinked-source"]
    assert "names Acme annual survey" in named.message and "links nothing" in named.message
    [ro] = [f for f in claims(registry, "Rata a crescut la 2,6% (Sursa: internet).\n", "ro") if f.rule == "claims/unlinked-source"]
    assert "numește internet" in ro.message


@pytest.mark.parametrize(
    ("lang", "text", "excerpt", "name"),
    [
        ("ro", "Potrivit Ziarului Financiar, piața a crescut.\n", "Potrivit Ziarului Financiar", "Ziarului Financiar"),
        ("en", "Engagement grew. (Source: Acme annual survey 2025)\n", "(Source: Acme annual survey 2025", "Acme annual survey 2025"),
        ("en", "Gartner estimates that spending will double.\n", "Gartner estimates that", "Gartner"),
    ],
)
def test_a_named_source_is_pointed_at_whole(registry, lang, text, excerpt, name):
    """The finding covers the name even where it runs past the words that matched, so the
    excerpt and the message name the same source."""
    [named] = [f for f in claims(registry, text, lang) if f.rule == "claims/unlinked-source"]
    assert named.excerpt == excerpt
    assert f" {name}" in named.message
    assert named.span.end.column == named.span.start.column + len(excerpt)


def test_a_link_to_a_home_page_or_an_image_is_no_source(registry):
    text = "Acme is used by [Google](https://www.google.com/).\n\n![Growth chart](https://example.com/growth.png) Sign-ups doubled.\n"
    assert kinds(claims(registry, text, "en")) == {"unlinked-source", "unsourced-statistic"}


@pytest.mark.parametrize(
    "text",
    [
        "[Exercism](https://github.com/exercism/) is a platform with over 350 contributors.",
        "[MIT](https://choosealicense.com/licenses/mit/) and [GPLv3](https://www.gnu.org/licenses/gpl-3.0.html) are the most popular open source licenses.",
    ],
)
def test_a_link_that_only_names_the_subject_is_no_source(registry, text):
    assert claims(registry, text + "\n", "en")


def test_a_repository_page_sources_its_own_counts(registry):
    assert claims(registry, "The [nuxt repository](https://github.com/nuxt/nuxt) has 612 contributors.\n", "en") == []


@pytest.mark.parametrize(
    "text",
    [
        "The [nuxt repository](https://github.com/nuxt/nuxt) is the best framework in Europe.\n",
        "Acme is the fastest CRM in Europe. Details are in the [benchmark report](https://github.com/acme/bench).\n",
        '<aside class="pquote">\n<p>Acme is the best CRM in Europe.</p>\n<p>— @ann, <a href="https://github.com/acme/crm">acme/crm</a></p>\n</aside>\n',
    ],
)
def test_a_repository_page_sources_nothing_but_its_own_counts(registry, text):
    """Not a ranking in its own sentence, nor through a citation, a report link or a quote's
    credit: the page shows stars and contributors, not who is best."""
    assert kinds(claims(registry, text, "en")) == {"unsourced-superlative"}


def test_a_footnote_without_a_url_is_no_source(registry):
    text = "Studies show short videos convert better.[^1]\n\n[^1]: Our own hunch.\n"
    assert kinds(claims(registry, text, "en")) == {"unsourced-attribution"}


def test_a_link_in_another_sentence_sources_only_its_own_sentence(registry):
    text = "See [our pricing](https://example.com/pricing). Engagement grew 42% last year.\n"
    assert kinds(claims(registry, text, "en")) == {"unsourced-statistic"}


def test_finding_points_at_the_claim_and_names_it(registry):
    text = "---\ntitle: Growth\nlang: en\n---\nIntro line.\n\nOur reach grew 42% in a month.\n"
    [finding] = claims(registry, text)
    assert finding.rule == "claims/unsourced-statistic"
    assert (finding.span.start.line, finding.span.start.column) == (7, 16)
    assert (finding.span.end.line, finding.span.end.column) == (7, 19)
    assert "42%" in finding.message and finding.severity.value == "error"


def test_one_finding_per_kind_and_sentence(registry):
    found = claims(registry, "Reach grew 42% and clicks grew 17%. Sales grew 9%.\n", "en")
    assert [f.excerpt for f in found] == ["42%", "9%"]


def test_claim_across_a_soft_line_break(registry):
    found = claims(registry, "> Studies show that teams using Acme grow 3x faster than the rest of the\n> industry.\n", "en")
    assert kinds(found) == {"unsourced-attribution", "unsourced-statistic", "unsourced-comparison"}


def test_romanian_without_diacritics_and_with_cedillas(registry):
    assert kinds(claims(registry, "Studiile arata ca rata a crescut la 2,6%.\n", "ro")) == {
        "unsourced-attribution",
        "unsourced-statistic",
    }
    assert kinds(claims(registry, "Specialiştii recomandă produsul; preţul a scăzut cu 30 la sută.\n", "ro")) == {
        "unsourced-attribution",
        "unsourced-statistic",
    }


def test_romanian_mai_is_a_month_or_more(registry):
    assert claims(registry, "Ne vedem în mai, la a doua ediție. În mai 2026 lansăm aplicația.\n", "ro") == []
    assert kinds(claims(registry, "Aplicația e mai rapidă decât Buffer.\n", "ro")) == {"unsourced-comparison"}


def test_disabled_rule_is_not_reported(registry):
    config = {"rules": {"claims/unsourced-superlative": {"enabled": False}}}
    found = claims(registry, "Acme is the best agency in the industry, with 42% more leads.\n", "en", config)
    assert kinds(found) == {"unsourced-statistic"}


def test_severity_override_from_config(registry):
    config = {"rules": {"claims/unsourced-superlative": {"severity": "error"}}}
    [finding] = claims(registry, "Acme is the best agency in the industry.\n", "en", config)
    assert finding.severity.value == "error"


def test_front_matter_lang_chooses_the_romanian_rules(registry):
    text = "---\ntitle: Creștere\nlang: ro\n---\nStudiile arată că merge.\n"
    assert kinds(claims(registry, text)) == {"unsourced-attribution"}


def test_demo_posts(registry):
    posts = FIXTURES / "demo" / "posts"
    dirty = claims(registry, (posts / "2026-09-dirty-growth.md").read_text(encoding="utf-8"))
    assert kinds(dirty) == {"unsourced-attribution", "unsourced-statistic", "unsourced-comparison"}
    assert [f.excerpt for f in dirty][:2] == ["Studies show", "3x"]
    demo = config_module.load(FIXTURES / "demo" / ".postcheck.yaml")  # its register backs the launch post's 40%
    for clean in ("2026-09-clean-launch.md", "2026-10-ro-curat.md", "2026-10-ro-murdar.md"):
        assert claims(registry, (posts / clean).read_text(encoding="utf-8"), config=demo) == [], clean
    launch = claims(registry, (posts / "2026-09-clean-launch.md").read_text(encoding="utf-8"))
    assert [f.excerpt for f in launch] == ["40%"]  # without the register, unsourced


def test_claims_in_titles_and_list_items_are_checked(registry):
    text = "---\ntitle: We grew 300% in a year\nlang: en\n---\n- Reach doubled.\n- Posts went out weekly.\n"
    found = claims(registry, text)
    assert [(f.span.start.line, f.excerpt) for f in found] == [(2, "300%"), (5, "doubled")]


@pytest.mark.parametrize("apostrophe", ["’", "'"])
def test_a_span_near_an_apostrophe_starts_at_a_word(registry, apostrophe):
    """Issue 18: "world’s biggest brands" was marked from "’s", half a word."""
    text = f"One of the world{apostrophe}s biggest brands trusts us.\n"
    [finding] = claims(registry, text, lang="en")
    start = finding.span.start.column - 1
    assert text[start].isalnum(), finding.span
    assert start == 0 or not (text[start - 1].isalnum() or text[start - 1] in "'’"), finding.span


def test_a_setup_section_is_not_a_method_section(registry):
    """A tutorial's "Setup" heading and its screenshots do not make the post a benchmark: its
    figures still need sources. A post with an experiment's setup and charts shows its data."""
    charts = "![chart](https://example.com/a.png)\n\n![chart](https://example.com/b.png)\n"
    tutorial = f"# Build faster\n\nAcme cut build times by 40%.\n\n## Automated setup\n\n{charts}"
    benchmark = f"# Build faster\n\nAcme cut build times by 40%.\n\n## Experiment setup\n\n{charts}"
    assert kinds(claims(registry, tutorial, "en")) == {"unsourced-statistic"}
    assert claims(registry, benchmark, "en") == []


@pytest.mark.parametrize(
    ("lang", "heading", "pictures", "figure"),
    [
        ("en", "Benchmarks", "![Booth screenshot](a.png)\n\n![Photo of the stage](b.png)\n", "Attendance grew by 40% to 7,500 people."),
        ("ro", "Benchmark", "![Captură a standului](a.png)\n\n![Fotografie de pe scenă](b.png)\n", "Participarea a crescut cu 40%."),
    ],
)
def test_screenshots_and_photos_are_not_a_posts_own_data(registry, lang, heading, pictures, figure):
    """A conference roundup with a "Benchmarks" section and two photos reports no measurement
    of its own: its figures still need sources. The same post with charts shows its data."""
    roundup = f"# Roundup\n\n{figure}\n\n## {heading}\n\n{pictures}"
    with_charts = roundup.replace(pictures, "![latency chart](a.png)\n\n![p99 graph](b.png)\n")
    assert claims(registry, roundup, lang)
    assert claims(registry, with_charts, lang) == []
