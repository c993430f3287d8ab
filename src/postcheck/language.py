"""Which language a post is in: front matter ``lang``, else the config's ``language``, else a
guess from the text.

The guess counts very common function words and Romanian diacritics; it needs no model and is
right on short posts because marketing copy is dense with them. Ties go to English. It is right
on every post of the shared English and Romanian corpora (the two Romanian-folder posts marked
``untranslated: true`` are English text, and are detected as English; their front matter still
says ``lang: ro``, which wins) and on the demo posts; ``tests/test_language.py`` checks it.
"""

from __future__ import annotations

import re

from postcheck.model import MASK, Document

SUPPORTED = ("en", "ro")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_STOPWORDS = {
    "en": frozenset(
        "the and of to is are for with that this you your we our it in on be by as at from not or "
        "was have has will can more about how what which when if but an they their there would "
        "should could been it's don't i my me do does just also into than then these those".split()
    ),
    "ro": frozenset(
        "și si în in că ca pentru este sunt cu pe la de din care nu mai un o ale al ai cel cea "
        "să sa se ne vă va noi voi lor acest această aceasta despre prin fost fi sau dar "
        "poate când cand unde cum ce dacă daca după dupa până pana foarte fără fara către catre "
        "dintre între intre sale său lui acum aici acesta aceste ori iar "
        "vom veți veti avem aveți aveti ați ati îți iti își isi".split()
    ),
}
_DIACRITICS = re.compile(r"[ăâîșşțţĂÂÎȘŞȚŢ]")


def detect(text: str) -> str:
    """``en`` or ``ro`` for ``text``."""
    text = text[:20000].replace(MASK, " ")
    words = [w.lower() for w in _WORD.findall(text)]
    scores = {lang: sum(w in stop for w in words) for lang, stop in _STOPWORDS.items()}
    # "in", "nu", "o" and friends overlap; diacritics are decisive evidence for Romanian.
    scores["ro"] += 2 * len(_DIACRITICS.findall(text))
    return "ro" if scores["ro"] > scores["en"] else "en"


def declared(value: object) -> str | None:
    """The supported language a front-matter ``lang`` names (``ro``, ``ro-RO``, ``en_GB``),
    or None."""
    if isinstance(value, str) and value.strip().lower()[:2] in SUPPORTED:
        return value.strip().lower()[:2]
    return None


def choose(doc: Document, configured: str) -> str:
    """The language to check ``doc`` in."""
    chosen = declared(doc.front_matter.get("lang"))
    if chosen:
        return chosen
    if configured in SUPPORTED:
        return configured
    return detect("\n".join(block.text for block in doc.prose()))
