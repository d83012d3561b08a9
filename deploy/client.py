"""A landlord's way into the rehearsed deployment: HTTPS through nginx, from a chosen loopback address,
signing in with the key the outbox worker delivered. Shared by tests/deploy and deploy/load.py."""
from __future__ import annotations

import os
import re
import time
from dataclasses import dataclass
from pathlib import Path

import requests
from requests.adapters import HTTPAdapter

ROOT = Path(__file__).resolve().parent.parent
BASE_URL = "https://127.0.0.1:8443"
CSRF = re.compile(r'name="csrf_token"[^>]*value="([^"]+)"')


@dataclass
class Deployment:
    """What deploy/rehearse wrote in its runtime folder: the settings every process ran with."""

    folder: Path
    env: dict

    @classmethod
    def read(cls, folder: Path | None = None) -> Deployment:
        folder = folder or Path(os.environ.get("LP_REHEARSAL_DIR") or ROOT / "instance" / "rehearsal")
        lines = (folder / "env").read_text().splitlines()
        return cls(folder, dict(line.split("=", 1) for line in lines if "=" in line))

    @property
    def certificate(self) -> str:
        return str(self.folder / "tls" / "cert.pem")

    @property
    def outbox(self) -> Path:
        return Path(self.env["LP_OUTBOX_DIR"])

    @property
    def password(self) -> str:
        return self.env["LP_REHEARSAL_DEMO_PASSWORD"]

    def client(self, source: str = "127.0.0.1") -> requests.Session:
        """A browser-like session whose connections leave from `source` (any 127.x.y.z works on
        Linux), so nginx sees that address while every upstream connection still comes from 127.0.0.1."""
        session = requests.Session()
        session.verify = self.certificate  # the self-signed certificate deploy/rehearse made
        # Otherwise REQUESTS_CA_BUNDLE (and any proxy) in the environment would win over `verify`.
        session.trust_env = False
        # Over HTTPS, Flask-WTF refuses a form whose Referer is not lp's own origin, as a browser's is.
        session.headers["Referer"] = f"{BASE_URL}/"
        session.mount("https://", _FromAddress(source))
        return session

    def sign_in(self, session: requests.Session, username: str) -> requests.Response:
        """Username and password, then the 6-digit key read from the outbox, as a landlord does."""
        seen = set(os.listdir(self.outbox))
        page = session.post(f"{BASE_URL}/sign-in", data={
            "csrf_token": csrf_token(session, "/sign-in"), "username": username, "password": self.password})
        assert page.url.endswith("/sign-in/key"), f"sign-in refused: {page.status_code} {page.url}"
        key = self.latest_key(f"{username}@example.org", seen)
        return session.post(f"{BASE_URL}/sign-in/key", data={
            "csrf_token": csrf_token(session, "/sign-in/key"), "key": key})

    def latest_key(self, email: str, seen: set[str], wait: float = 30) -> str:
        """The key in the first new message to `email` (the worker polls every LP_OUTBOX_POLL_SECONDS)."""
        deadline = time.monotonic() + wait
        while time.monotonic() < deadline:
            for name in sorted(set(os.listdir(self.outbox)) - seen):
                if name.startswith("."):
                    continue
                text = (self.outbox / name).read_text()
                if f"To: {email}\n" in text and "Kind: sign_in_key\n" in text:
                    return re.search(r"\b(\d{6})\b", text.split("\n\n", 1)[1]).group(1)
            time.sleep(0.2)
        raise AssertionError(f"no sign-in key for {email} in {self.outbox} within {wait} s")


def csrf_token(session: requests.Session, path: str) -> str:
    return CSRF.search(session.get(f"{BASE_URL}{path}").text).group(1)


class _FromAddress(HTTPAdapter):
    def __init__(self, source: str, **kwargs) -> None:
        self.source = source
        super().__init__(**kwargs)

    def init_poolmanager(self, *args, **kwargs):
        kwargs["source_address"] = (self.source, 0)
        return super().init_poolmanager(*args, **kwargs)
