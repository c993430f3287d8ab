"""Words the engine puts together itself, in each language a post can be in.

A rule's message, explanation and fix are in the rule packs. A few ``postcheck/*`` findings
also carry a phrase the engine builds (why a parse failed, why a waiver is stale, what a
front-matter key accepts); those phrases are here, so a Romanian post gets them in Romanian.
Slots are filled with ``str.format``; a phrase missing in a language falls back to English.
"""

from __future__ import annotations

from postcheck.model import ParseProblem

TEXTS: dict[str, dict[str, str]] = {
    # Why a file cannot be read (postcheck/parse-error).
    "parse.binary": {
        "en": "binary file (contains NUL bytes), not a Markdown post",
        "ro": "fișier binar (conține octeți NUL), nu o postare Markdown",
    },
    "parse.wide": {
        "en": "{encoding}: save it as UTF-8 (the file is {encoding} text, which postcheck does not read; in most editors: Save As, Encoding: UTF-8)",
        "ro": "{encoding}: salvează fișierul ca UTF-8 (este text {encoding}, pe care postcheck nu îl citește; în majoritatea editoarelor: Save As, Encoding: UTF-8)",
    },
    "parse.not-utf8": {
        "en": "not valid UTF-8: byte {byte} cannot be decoded (save the file as UTF-8)",
        "ro": "nu este UTF-8 valid: octetul {byte} nu poate fi decodat (salvează fișierul ca UTF-8)",
    },
    "parse.unread": {
        "en": "cannot read file: {reason}",
        "ro": "fișierul nu poate fi citit: {reason}",
    },
    "parse.unclosed": {
        "en": "front matter opened on line 1 with '{fence}' is never closed",
        "ro": "antetul deschis pe rândul 1 cu „{fence}” nu este închis niciodată",
    },
    "parse.yaml": {
        "en": "invalid YAML front matter: {detail}",
        "ro": "antet YAML invalid: {detail}",
    },
    "parse.toml": {
        "en": "invalid TOML front matter: {detail}",
        "ro": "antet TOML invalid: {detail}",
    },
    "parse.not-mapping": {
        "en": "front matter must be a mapping of keys to values",
        "ro": "antetul trebuie să fie o listă de chei cu valori (cheie: valoare)",
    },
    # Why a waiver is reported (postcheck/unused-suppression).
    "suppression.unknown": {
        "en": "names no known rule or family: {names}",
        "ro": "numește o regulă sau o familie necunoscută: {names}",
    },
    "suppression.unused": {
        "en": "waives nothing: no finding of {names} on the lines it covers",
        "ro": "nu suprimă nimic: nicio problemă {names} pe rândurile la care se aplică",
    },
    # What a front-matter key accepts (postcheck/front-matter).
    "front-matter.lang": {
        "en": "en or ro (or a tag such as en-GB, ro-RO)",
        "ro": "en sau ro (ori o etichetă ca en-GB, ro-RO)",
    },
    "front-matter.sponsored": {
        "en": "true or false",
        "ro": "true sau false",
    },
    "front-matter.text": {
        "en": "one name, as text (such as linkedin)",
        "ro": "un singur nume, ca text (de exemplu linkedin)",
    },
    "front-matter.topics": {
        "en": "a list of topic names (such as [ai, security])",
        "ro": "o listă de subiecte (de exemplu [ai, security])",
    },
    "front-matter.readable": {
        "en": "a value YAML can read (for a date: YYYY-MM-DD)",
        "ro": "o valoare pe care YAML o poate citi (pentru o dată: AAAA-LL-ZZ)",
    },
}


def say(key: str, lang: str, **slots: object) -> str:
    """The phrase ``key`` in ``lang`` (English when it has no translation), slots filled."""
    texts = TEXTS[key]
    return texts.get(lang, texts["en"]).format(**slots)


def problem(key: str, line: int = 1, column: int = 1, **slots: str) -> ParseProblem:
    """A parse problem worded from the catalogue (English in ``message``)."""
    return ParseProblem(say(key, "en", **slots), line, column, key=key, slots=slots)


def parse_problem(problem: ParseProblem, lang: str) -> str:
    """Why a file cannot be read, in ``lang`` when the parser said which problem it was."""
    if problem.key and problem.key in TEXTS:
        return say(problem.key, lang, **problem.slots)
    return problem.message
