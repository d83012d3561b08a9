"""Error pages in the service's design for 400, 403, 404, 413, 429, 500 and 503; never a stack trace."""
from __future__ import annotations

from flask import Flask, render_template
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException, InternalServerError

PAGES = {
    400: ("Sorry, there is a problem with that request", "The page could not understand what was sent. Go back and try again."),
    401: ("You need to sign in", "Sign in to see this page."),
    403: ("You do not have permission to see this page", "Ask a user manager in your organisation if you need access."),
    404: ("Page not found", "If you typed the web address, check it is correct. If you pasted it, check you copied the whole address."),
    405: ("Sorry, there is a problem with that request", "That page cannot be used in that way."),
    413: ("The file or form is too large", "Send a smaller file, or less text, and try again."),
    429: ("Too many attempts", "Wait a few minutes, then try again."),
    500: ("Sorry, there is a problem with the service", "Try again later. Nothing you sent has been lost or half saved."),
    503: ("Sorry, the service is unavailable", "Try again later."),
}


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        code = error.code or 500
        title, body = PAGES.get(code, PAGES[500] if code >= 500 else PAGES[400])
        response = app.make_response((render_template("errors/error.html", code=code, title=title, body=body), code))
        if code == 429 or code == 503:
            response.headers["Retry-After"] = "60"
        return response

    @app.errorhandler(CSRFError)
    def csrf_error(error: CSRFError):
        # An expired or missing token: say so plainly; the forms that matter re-show themselves.
        return app.make_response((
            render_template(
                "errors/error.html",
                code=400,
                title="Your form has expired",
                body="For your security, forms expire. Go back, reload the page and try again.",
            ),
            400,
        ))

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("unhandled error")
        try:
            return http_error(InternalServerError())
        except Exception:  # the error page itself failed: still no stack trace for the user
            app.logger.exception("error page failed")
            return app.make_response(("Sorry, there is a problem with the service. Try again later.", 500, {"Content-Type": "text/plain; charset=utf-8"}))
