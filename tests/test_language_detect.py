"""Language choice: front matter ``lang``, then config ``language``, then detection, which must
be right on the demo posts and on every post of the shared corpora."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from conftest import FIXTURES, SHARED
from postcheck.language import choose, detect
from postcheck.parse import parse_bytes


def _doc(path: Path):
    return parse_bytes(path.read_bytes(), path, path.name)


def _posts(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*.md*") if p.name != "SOURCES.md" and not p.name.startswith("_"))


def _text(doc) -> str:
    return "\n".join(block.text for block in doc.prose())


@pytest.mark.parametrize(
    "text, lang",
    [
        ("Our reach grew after the relaunch, and we want to share how.", "en"),
        ("Am refăcut tablourile de bord pentru echipele mici.", "ro"),
        ("Da like si distribuie ca sa castigi un abonament gratuit.", "ro"),  # no diacritics
        ("Ştii că preţul e mic?", "ro"),  # cedilla forms
        ("Meet Ștefan and Ioana, who run our Cluj office.", "en"),  # Romanian names in English
        ("", "en"),
    ],
)
def test_detect_short_texts(text, lang):
    assert detect(text) == lang


def test_demo_posts_are_detected_as_written():
    posts = _posts(FIXTURES / "demo" / "posts")
    assert posts
    for path in posts:
        doc = _doc(path)
        expected = "ro" if path.name.startswith("2026-10-ro-") else "en"
        assert detect(_text(doc)) == expected, path.name


@pytest.mark.parametrize("folder, lang", [("real-ro", "ro"), ("real", "en")])
def test_every_shared_corpus_post_is_detected(folder, lang):
    root = SHARED / "corpus" / folder
    if not root.is_dir():
        pytest.skip(f"{root} not found")
    wrong = []
    for path in _posts(root):
        doc = _doc(path)
        # opensource.guide ships some pages untranslated (English text, front matter lang: ro)
        written = "en" if doc.front_matter.get("untranslated") is True else lang
        if detect(_text(doc)) != written:
            wrong.append(str(path.relative_to(root)))
        if doc.front_matter.get("lang") in ("en", "ro"):
            assert choose(doc, "auto") == doc.front_matter.get("lang"), path
    assert wrong == []


def test_front_matter_wins_over_config_which_wins_over_detection(tmp_path):
    post = tmp_path / "p.md"
    post.write_text("---\nlang: ro-RO\n---\nThe text is English.\n", encoding="utf-8")
    assert choose(_doc(post), "en") == "ro"
    post.write_text("---\ntitle: x\n---\nThe text is English, and the config says Romanian.\n", encoding="utf-8")
    assert choose(_doc(post), "ro") == "ro"
    assert choose(_doc(post), "auto") == "en"
    post.write_text("---\nlang: fr\n---\nTextul este în română și nu are engleză.\n", encoding="utf-8")
    assert choose(_doc(post), "auto") == "ro"  # an unsupported declaration falls back


def test_demo_config_keeps_auto():
    config = yaml.safe_load((FIXTURES / "demo" / ".postcheck.yaml").read_text(encoding="utf-8"))
    assert config["language"] == "auto"
