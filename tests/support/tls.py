"""A self-signed certificate for a TLS test server on 127.0.0.1 (made with the openssl tool)."""

from __future__ import annotations

import shutil
import ssl
import subprocess
from pathlib import Path

import pytest


def server_context(folder: Path, names: list[str]) -> tuple[ssl.SSLContext, Path]:
    """A server TLS context whose certificate names ``names`` (DNS names and IP addresses),
    and the certificate file a client can trust (``SSL_CERT_FILE``)."""
    openssl = shutil.which("openssl")
    if openssl is None:
        pytest.skip("the openssl command is not installed")
    key, cert = folder / "key.pem", folder / "cert.pem"
    alt = ",".join(f"IP:{name}" if name[0].isdigit() else f"DNS:{name}" for name in names)
    subprocess.run(
        [openssl, "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-subj", f"/CN={names[0]}",
         "-addext", f"subjectAltName={alt}", "-keyout", str(key), "-out", str(cert)],
        check=True, capture_output=True,
    )
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert, key)
    return context, cert
