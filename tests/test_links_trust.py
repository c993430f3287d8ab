"""Trust: a config a pull request adds next to its posts cannot widen what postcheck may
reach or send; header values come only from POSTCHECK_HEADER_* variables and go only to their
host, over https, never to a redirect's other host."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from postcheck import config as config_module
from postcheck.checks.links import guard
from postcheck.cli import main
from postcheck.config import ConfigError
from support.links import link_findings, server  # noqa: F401 - server is a fixture
from support.links_server import LinkServer
from support.tls import server_context

TOKEN = "POSTCHECK_HEADER_TEST_TOKEN"


@pytest.fixture
def tls_server(tmp_path_factory, monkeypatch):
    """A TLS server on 127.0.0.1 whose certificate names good.test and 127.0.0.1;
    good.test resolves (in the test's own resolver) to 127.0.0.1."""
    context, cert = server_context(tmp_path_factory.mktemp("tls"), ["good.test", "127.0.0.1"])
    monkeypatch.setenv("SSL_CERT_FILE", str(cert))
    monkeypatch.setattr(guard, "resolve_name", lambda host: ["127.0.0.1"] if host == "good.test" else [])
    with LinkServer(tls=context) as running:
        yield running


def _write(tmp_path, config: str, url: str):
    (tmp_path / ".postcheck.yaml").write_text(config, encoding="utf-8")
    post = tmp_path / "post.md"
    post.write_text(f"# P\n\n[x]({url})\n", encoding="utf-8")
    return post


def test_a_discovered_config_cannot_allow_private_addresses(tmp_path, server, monkeypatch, caplog):
    monkeypatch.delenv("POSTCHECK_LINKS_ALLOW_PRIVATE", raising=False)
    post = _write(tmp_path, "links:\n  allow_private: true\n  cache: false\n", server.url("/ok/discovered"))
    result = CliRunner().invoke(main, ["check", "--select", "links", str(post)])
    assert "links/unverifiable" in result.output and server.count("/ok/discovered") == 0
    assert "links.allow_private" in caplog.text and "ignored" in caplog.text


def test_allow_private_from_config_given_with_dash_dash_config(tmp_path, server):
    post = _write(tmp_path, "links:\n  allow_private: true\n  cache: false\n", server.url("/ok/given"))
    result = CliRunner().invoke(main, ["check", "--select", "links", "--config", str(tmp_path / ".postcheck.yaml"), str(post)])
    assert result.exit_code == 0 and server.count("/ok/given") == 1


def test_allow_private_from_the_environment(tmp_path, server, monkeypatch):
    monkeypatch.setenv("POSTCHECK_LINKS_ALLOW_PRIVATE", "1")
    post = _write(tmp_path, "links:\n  cache: false\n", server.url("/ok/environment"))
    result = CliRunner().invoke(main, ["check", "--select", "links", str(post)])
    assert result.exit_code == 0 and server.count("/ok/environment") == 1


@pytest.mark.parametrize("variable", ["GITHUB_TOKEN", "AWS_SECRET_ACCESS_KEY", "POSTCHECK_HEADER_", "POSTCHECK_HEADER_X-Y"])
def test_header_values_come_only_from_prefixed_variables(variable):
    links = {"domains": {"api.example.com": {"headers": {"Authorization": variable}}}}
    with pytest.raises(ConfigError, match=re.escape("links.domains.api.example.com.headers.Authorization")):
        config_module.from_mapping({"links": links}, None)


def test_header_names_cannot_inject_headers():
    links = {"domains": {"a.example": {"headers": {"X-A: 1\r\nX-B": TOKEN}}}}
    with pytest.raises(ConfigError, match="not a valid HTTP header name"):
        config_module.from_mapping({"links": links}, None)


def _headers_config(host: str) -> dict:
    return {"allow_private": True, "cache": False, "domains": {host: {"headers": {"X-Token": TOKEN}}}}


def test_headers_go_to_their_host_over_https(tmp_path, tls_server, monkeypatch):
    monkeypatch.setenv(TOKEN, "s3cret")
    url = f"https://good.test:{tls_server.server_address[1]}/token"
    assert link_findings(tmp_path, {"a.md": f"[x]({url})\n"}, _headers_config("good.test")) == []
    assert tls_server.received["/token"][-1].get("X-Token") == "s3cret"


def test_headers_are_not_sent_over_plain_http(tmp_path, server, monkeypatch):
    monkeypatch.setenv(TOKEN, "s3cret")
    link_findings(tmp_path, {"a.md": f"[x]({server.url('/token/plain')})\n"}, _headers_config("127.0.0.1"))
    assert "X-Token" not in server.received["/token/plain"][-1]


def test_headers_never_follow_a_redirect_to_another_host(tmp_path, tls_server, monkeypatch):
    monkeypatch.setenv(TOKEN, "s3cret")
    port = tls_server.server_address[1]
    url = f"https://good.test:{port}/redirect?to=https://127.0.0.1:{port}/token/elsewhere"
    link_findings(tmp_path, {"a.md": f"[x]({url})\n"}, _headers_config("good.test"))
    assert tls_server.received["/redirect"][-1].get("X-Token") == "s3cret"
    assert "X-Token" not in tls_server.received["/token/elsewhere"][-1]


def test_headers_of_a_discovered_config_are_ignored(tmp_path, tls_server, monkeypatch, caplog):
    monkeypatch.setenv(TOKEN, "s3cret")
    monkeypatch.setenv("POSTCHECK_LINKS_ALLOW_PRIVATE", "1")
    url = f"https://good.test:{tls_server.server_address[1]}/token/discovered"
    config = f"links:\n  cache: false\n  domains:\n    good.test:\n      headers: {{X-Token: {TOKEN}}}\n"
    post = _write(tmp_path, config, url)
    CliRunner().invoke(main, ["check", "--select", "links", str(post)])
    assert "X-Token" not in tls_server.received["/token/discovered"][-1]
    assert "links.domains.good.test.headers" in caplog.text


def test_a_discovered_config_cannot_put_the_cache_outside_the_project(tmp_path, server, monkeypatch, caplog):
    monkeypatch.setenv("POSTCHECK_LINKS_ALLOW_PRIVATE", "1")
    project, elsewhere = tmp_path / "project", tmp_path / "elsewhere"
    project.mkdir()
    post = _write(project, f"links:\n  cache_dir: {elsewhere}\n", server.url("/ok/cache-dir"))
    result = CliRunner().invoke(main, ["check", "--select", "links", str(post)])
    assert result.exit_code == 0 and server.count("/ok/cache-dir") == 1
    assert not elsewhere.exists() and (project / ".postcheck_cache").is_dir()
    assert "links.cache_dir (outside the project)" in caplog.text
