"""URL normalisation (proof pages) and query parsing with exact offsets (UTM fixes)."""

from __future__ import annotations

import pytest

from postcheck.urls import host_of, normalise, on_domains, params, path_of

SAME = "acme.example/ai-principles"


@pytest.mark.parametrize(
    "url",
    [
        "https://acme.example/ai-principles",
        "http://acme.example/ai-principles",
        "https://www.acme.example/ai-principles",
        "https://acme.example/ai-principles/",
        "https://ACME.example/ai-principles",
        "https://acme.example/ai-principles?utm_source=x&utm_medium=social",
        "https://acme.example/ai-principles#training-data",
        "https://www.acme.example:443/ai-principles/?ref=nav#top",
        "//acme.example/ai-principles",
    ],
)
def test_variants_normalise_to_the_same_page(url):
    assert normalise(url) == SAME


@pytest.mark.parametrize(
    "url, expected",
    [
        ("https://acme.example/AI-Principles", "acme.example/AI-Principles"),  # paths are case-sensitive
        ("https://acme.example:8443/trust", "acme.example:8443/trust"),
        ("https://acme.example", "acme.example"),
        ("https://acme.example/", "acme.example"),
        ("/trust/?x=1#a", "/trust"),
        ("/", "/"),
        ("mailto:legal@acme.example", "mailto:legal@acme.example"),
        ("https://[broken/trust", "https://[broken/trust"),
    ],
)
def test_normal_forms(url, expected):
    assert normalise(url) == expected


def test_path_of():
    assert path_of("acme.example/trust") == "/trust"
    assert path_of("acme.example") == "/"
    assert path_of("/trust") == "/trust"


def test_hosts_and_subdomains():
    assert host_of("https://Docs.Acme.example./x") == "docs.acme.example"
    assert host_of("/relative") == "" and host_of("mailto:a@b.example") == ""
    assert on_domains("https://docs.acme.example/x", ["acme.example"])
    assert on_domains("https://acme.example", ["ACME.example"])
    assert not on_domains("https://notacme.example/x", ["acme.example"])
    assert not on_domains("https://acme.example.evil.example/x", ["acme.example"])


def test_params_keep_offsets_into_the_url_as_written():
    url = "https://a.example/p?utm_source=X&&empty=&flag&utm_source=y#frag?utm_medium=z"
    found = params(url)
    assert [(p.key, p.value) for p in found] == [("utm_source", "X"), ("empty", ""), ("flag", ""), ("utm_source", "y")]
    assert [url[p.start : p.end] for p in found] == ["utm_source=X", "empty=", "flag", "utm_source=y"]
    assert [url[p.value_start : p.end] for p in found] == ["X", "", "", "y"]
    assert params("https://a.example/p") == []
    assert params("https://a.example/p?q=a%40b.example+c")[0].decoded == "a@b.example c"
