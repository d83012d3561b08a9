"""`python app.py` serves lp with waitress on the embedded defaults; `app` is for `flask --app app`."""
import os

from lp import create_app

app = create_app()

if __name__ == "__main__":
    from waitress import serve

    if app.config["LP_OUTBOX_SENDER_THREAD"]:
        from lp.notify.sender import start_sender_thread

        start_sender_thread(app)

    serve(
        app,
        host=os.environ.get("HOST", "127.0.0.1"),
        port=int(os.environ.get("PORT", "8000")),
        threads=app.config["LP_THREADS"],
        max_request_body_size=app.config["LP_MAX_UPLOAD_BYTES"] + 1024 * 1024,
        ident="",  # no server version banner
        # Behind LP_PROXY_HOPS trusted proxies lp reads X-Forwarded-* itself (lp/security.py).
        clear_untrusted_proxy_headers=app.config["LP_PROXY_HOPS"] == 0,
    )
