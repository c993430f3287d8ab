"""Which language a post is in: front matter ``lang``, else the config's ``language``, else a
guess from the text.

The guess counts very common function words and Romanian diacritics; it needs no model and is
right on short posts because marketing copy is dense with them. Ties go to English.
"""

from __future__ import annotations

import re

from postcheck.model import Document

SUPPORTED = ("en", "ro")
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
_STOPWORDS = {
    "en": frozenset(
        "the and of to is are for with that this you your we our it in on be by as at from not or "
        "was have has will can more about how what".split()
    ),
    "ro": frozenset(
        "și si în in că ca pentru este sunt cu pe la de din care nu mai un o ale al ai cel cea "
        "să sa se ne vă va noi voi lor acest această aceasta despre prin fost fi".split()
    ),
}
_DIACRITICS = re.compile(r"[ăâîșşțţĂÂÎȘŞȚŢ]")


def detect(text: str) -> str:
    """``en`` or ``ro`` for ``text``."""
    words = [w.lower() for w in _WORD.findall(text[:20000])]
    scores = {lang: sum(w in stop for w in words) for lang, stop in _STOPWORDS.items()}
    # "in", "nu", "o" and friends overlap; diacritics are decisive evidence for Romanian.
    scores["ro"] += 2 * len(_DIACRITICS.findall(text[:20000]))
    return "ro" if scores["ro"] > scores["en"] else "en"


def choose(doc: Document, configured: str) -> str:
    """The language to check ``doc`` in."""
    declared = doc.front_matter.get("lang")
    if isinstance(declared, str) and declared.lower()[:2] in SUPPORTED:
        return declared.lower()[:2]
    if configured in SUPPORTED:
        return configured
    return detect("\n".join(block.text for block in doc.prose()))
