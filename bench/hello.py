"""The yardstick: a hello-world Flask route, served exactly as lp is, so page throughput reads as a ratio to it."""
from __future__ import annotations

from flask import Flask


def create_app() -> Flask:
    app = Flask(__name__)

    @app.get("/")
    def hello():
        return "Hello, world!"

    return app
