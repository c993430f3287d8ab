"""The proof check: topic detection in both languages, declared topics, proof-page matching."""

from __future__ import annotations


import pytest

from postcheck.runner import check_text

PAGES = ["https://acme.example/trust", "https://acme.example/ai-principles"]
#: Every pack topic, health included (health is off by default).
ALL_TOPICS = ["ai", "security", "privacy", "defence", "government", "health"]


def run_proof(registry, text, lang="en", **proof):
    report = check_text(text, registry, lang=lang, config={"proof": proof or {"pages": PAGES}})
    return [f for f in report.findings if f.family == "proof"], report


@pytest.mark.parametrize(
    "text, topic",
    [
        ("Our AI-powered assistant drafts replies.", "ai"),
        ("We use machine learning to rank leads.", "ai"),
        ("After the data breach we reset every password.", "security"),
        ("We never sell personal data.", "privacy"),
        ("Our sensors now equip the armed forces.", "defence"),
        ("We signed a public procurement contract.", "government"),
        ("The supplement is clinically tested.", "health"),
    ],
)
def test_english_topics(registry, text, topic):
    found, _ = run_proof(registry, text + "\n", pages=PAGES, detect=ALL_TOPICS)
    assert [f.data["topic"] for f in found] == [topic]


@pytest.mark.parametrize(
    "text, topic",
    [
        ("Asistentul nostru AI scrie răspunsuri.", "ai"),
        ("Folosim inteligența artificială în rapoarte.", "ai"),
        ("Am avut un atac cibernetic săptămâna trecută.", "security"),
        ("Nu vindem datele personale ale nimănui.", "privacy"),
        ("Senzorii noștri ajung la Ministerul Apărării.", "defence"),
        ("Am livrat radare pentru Pentagon.", "defence"),
        ("Contractul cu MApN a fost semnat.", "defence"),
        ("Cheltuielile cu apărarea cresc în toată Europa.", "defence"),
        ("Achizițiile publice durează luni întregi.", "government"),
        ("Atacul hackerilor a oprit site-ul două ore.", "security"),
        ("Am câștigat o licitație publică.", "government"),
        ("Ceaiul nostru vindeca anxietatea.", "health"),  # without diacritics too
    ],
)
def test_romanian_topics(registry, text, topic):
    found, _ = run_proof(registry, text + "\n", lang="ro", pages=PAGES, detect=ALL_TOPICS)
    assert topic in [f.data["topic"] for f in found]


@pytest.mark.parametrize(
    "text, lang",
    [
        ("We said hi to Ai Weiwei's fans and fixed the air filter.", "en"),
        ("The growth hack that every agency hates.", "en"),
        ("The health of your pipeline matters.", "en"),
        # Seen on the real corpus before the lexicons were tightened (bench/utm_proof.py):
        ("We made the front page of Hacker News; be patient, retail therapy is bitter medicine.", "en"),
        ("Navy blue buttons and an army of contributors diagnose the bug.", "en"),
        ("Costă un supliment suplimentar; nu primesc tratament special; guvernanța datelor.", "ro"),
        ("Ai văzut noile rapoarte? Culorile primare arată bine.", "ro"),
        ("Armătura betonului e gata.", "ro"),
        # Seen on the real corpus (issue 13): engineering culture and analytics talk
        ("Thanks to the developers, hackers, coders and other purveyors of open source.", "en"),
        ("Our hackathon celebrates hacker culture.", "en"),
        ("Integrate product and user data with data warehouses.", "en"),
        ("Google Analytics dropped 30% of user data due to adblockers.", "en"),
        ("Este strâns aliniată cu cultura noastră a hackerilor.", "ro"),
        ("Unificați datele clienților cu datele operaționale și IoT.", "ro"),
        ("Mecanismele de apărare ale echipei: glume și cafea.", "ro"),
    ],
)
def test_ordinary_words_are_not_topics(registry, text, lang):
    assert run_proof(registry, text + "\n", lang=lang)[0] == []


def test_finding_points_at_the_first_mention_and_names_the_pages(registry):
    text = "A calm intro.\n\nOur AI drafts replies. More AI later.\n"
    (finding,) = run_proof(registry, text)[0]
    assert (finding.span.start.line, finding.span.start.column, finding.span.end.column) == (3, 5, 7)
    assert "about AI ('AI')" in finding.message and "https://acme.example/trust" in finding.message


def test_romanian_messages_name_the_topic_in_romanian(registry):
    (ai, government) = run_proof(registry, "Asistentul AI ajută guvernul.\n", lang="ro")[0]
    assert ai.message.startswith("Postarea este despre inteligența artificială („AI”)")
    assert government.message.startswith("Postarea este despre guvern și contracte publice („guvernul”)")
    assert (ai.data["topic"], government.data["topic"]) == ("ai", "government")


def test_health_is_a_topic_only_where_the_config_says_so(registry):
    tea = "---\nsponsored: true\n---\n#ad Our tea is part of a healthy morning; ask your doctor about medication.\n"
    assert run_proof(registry, tea)[0] == []
    assert run_proof(registry, "---\ntopics: [health]\n---\nA note.\n")[0] == []
    (finding,) = run_proof(registry, tea, pages=PAGES, detect=[*ALL_TOPICS])[0]
    assert finding.data["topic"] == "health"
    (declared,) = run_proof(registry, "---\ntopics: [health]\n---\nA note.\n", pages=PAGES, topics={"health": ["/health"]})[0]
    assert declared.data["topic"] == "health"


def test_a_topic_left_out_of_detect_is_not_checked(registry):
    assert run_proof(registry, "Our AI drafts replies.\n", pages=PAGES, detect=["security"])[0] == []


def test_a_linked_proof_page_in_any_form_satisfies_every_topic(registry):
    for link in (
        "[our principles](http://www.acme.example/trust/?utm_source=x#ai)",
        "<https://acme.example/ai-principles>",
        "[trust](/trust)",
        "see https://acme.example/trust.",
        '<a href="https://acme.example/trust">trust</a>',
        "[trust][t]\n\n[t]: https://ACME.example/trust",
        "a note[^1]\n\n[^1]: See https://acme.example/trust",
    ):
        text = f"Our AI drafts replies and we never sell personal data; {link}\n"
        assert run_proof(registry, text)[0] == [], link


def test_topic_pages_and_fallback(registry):
    proof = {"pages": ["https://acme.example/trust"], "topics": {"ai": ["https://acme.example/ai-principles"]}}
    ai_page = "Our AI drafts replies; see [principles](https://acme.example/ai-principles).\n"
    assert run_proof(registry, ai_page, **proof)[0] == []
    both = "Our AI drafts replies and keeps personal data safe; see [principles](https://acme.example/ai-principles).\n"
    (finding,) = run_proof(registry, both, **proof)[0]
    assert finding.data["topic"] == "privacy" and finding.data["pages"] == "https://acme.example/trust"
    trust = "Our AI drafts replies; see [trust](https://acme.example/trust).\n"
    assert run_proof(registry, trust, **proof)[0] == []  # proof.pages satisfies every topic


def test_declared_topics(registry):
    (finding,) = run_proof(registry, "---\ntopics: [Security, gardening]\n---\nA note.\n")[0]
    assert finding.data["topic"] == "security" and finding.span.start.line == 2
    (finding,) = run_proof(registry, "---\ntopics: military\n---\nA note.\n")[0]
    assert finding.data["topic"] == "defence"
    custom = {"pages": PAGES, "topics": {"elections": ["https://acme.example/elections"]}}
    (finding,) = run_proof(registry, "---\ntopics: [elections]\n---\nA note.\n", **custom)[0]
    assert finding.data["topic"] == "elections"
    assert "https://acme.example/elections" in finding.data["pages"]


def test_declared_topic_points_at_the_mention_when_the_text_has_one(registry):
    (finding,) = run_proof(registry, "---\ntopics: [ai]\n---\nOur AI drafts.\n")[0]
    assert finding.span.start.line == 4


def test_no_proof_pages_configured_skips_the_row(registry):
    found, report = run_proof(registry, "Our AI drafts replies.\n", pages=[])
    assert found == []
    assert {row.family: row.status for row in report.rows}["proof"] == "skipped"
