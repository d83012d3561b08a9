"""Error pages in the service's design for 400, 403, 404, 413, 429, 500 and 503; never a stack trace.

The database unreachable is a 503 (lp's own page, with its headers), and the rest of that request
keeps away from the database, so the page and the header hook cannot fail in turn.
"""
from __future__ import annotations

from contextlib import suppress

from flask import Flask, g, render_template
from flask_wtf.csrf import CSRFError
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError
from werkzeug.exceptions import HTTPException, InternalServerError, ServiceUnavailable

from lp.extensions import db, login_manager


class Refused(Exception):
    """A change the rules do not allow (a reference already linked, the last user manager removed, a
    mobile number in use): `str()` is the message for the user, `field` the form field it belongs by,
    if any. Services raise it; views catch it one way: next to the field, or as a flash."""

    def __init__(self, message: str, field: str | None = None):
        super().__init__(message)
        self.field = field


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


def database_unreachable(error: BaseException | None) -> bool:
    """A failure to reach the database (down, restarting, connection cut), as opposed to a bug."""
    # An error in an after-request hook reaches the handlers wrapped in a 500.
    error = getattr(error, "original_exception", None) or error
    if isinstance(error, (OperationalError, InterfaceError)):
        return True
    return isinstance(error, DBAPIError) and error.connection_invalidated


def database_down() -> None:
    """Keep the rest of this request away from the database: the user is not looked up (the page is
    shown as to a stranger) and lp/security.py's header hook does not ask who is signed in."""
    g.lp_database_down = True
    g._login_user = login_manager.anonymous_user()  # Flask-Login's per-request cache of the user
    # The connection may be gone already; the pool replaces it on the next checkout.
    with suppress(SQLAlchemyError):
        db.session.rollback()


def init_app(app: Flask) -> None:
    @app.errorhandler(HTTPException)
    def http_error(error: HTTPException):
        if error.code == 500 and database_unreachable(error):
            return unavailable(error)
        code = error.code or 500
        from lp.api import problems

        if problems.is_api_request():  # machines get problem+json (RFC 9457), not a page
            return problems.for_status(code)
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

    @app.errorhandler(DBAPIError)
    def database_error(error: DBAPIError):
        return unavailable(error) if database_unreachable(error) else unexpected(error)

    def unavailable(error: BaseException):
        cause = getattr(error, "original_exception", None) or error
        # The driver's first line only: SQLAlchemy's full text carries the statement's parameters.
        reason = str(getattr(cause, "orig", cause)).strip().splitlines()[:1]
        app.logger.warning("database unreachable, answering 503: %s", reason[0] if reason else type(cause).__name__)
        database_down()
        response = http_error(ServiceUnavailable())
        response.headers["Cache-Control"] = "no-store"
        return response

    @app.errorhandler(Exception)
    def unexpected(error: Exception):
        app.logger.exception("unhandled error")
        try:
            return http_error(InternalServerError())
        except Exception:  # the error page itself failed: still no stack trace for the user
            app.logger.exception("error page failed")
            return app.make_response(("Sorry, there is a problem with the service. Try again later.", 500, {"Content-Type": "text/plain; charset=utf-8"}))
