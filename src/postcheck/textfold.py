"""Romanian diacritics folding, shared by the parser's model and every check that matches text.

One character for one character, so offsets in folded text are offsets in the original: a
pattern written without diacritics matches text with them, in either the comma (ș, ț) or the
cedilla (ş, ţ) form."""

from __future__ import annotations

FOLD = str.maketrans("ăâîșşțţĂÂÎȘŞȚŢ", "aaissttAAISSTT")


def fold(text: str) -> str:
    """Text with Romanian diacritics folded (same length as ``text``)."""
    return text.translate(FOLD)
