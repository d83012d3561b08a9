"""Landlord sign-in (password, then an online key), sign-out and staying signed in."""
from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from lp import audit
from lp.access import public
from lp.audit_actions import USER_SIGNED_OUT
from lp.auth import bp, services, web
from lp.auth.forms import CodeForm, SignInForm
from lp.extensions import db, limiter
from lp.htmx import render
from lp.sessions import end_session, session_notice, touch_session


@bp.route("/sign-in", methods=["GET", "POST"])
@public
@limiter.limit("30 per minute", methods=["POST"])
@limiter.limit("5 per minute", methods=["POST"], key_func=web.username_key)
def sign_in():
    next_url = services.safe_next(request.args.get("next"), None)
    form = SignInForm()
    if form.validate_on_submit():
        user = services.check_password(form.username.data, form.password.data, kind="landlord")
        if user is not None:
            attempt = services.begin_attempt(user, kind="landlord", next_url=next_url)
            services.send_sign_in_key(user, attempt)
            return redirect(url_for("auth.key"), 303)
        form.username.errors.append(services.SIGN_IN_REFUSED)
    return sign_in_page(form, next_url)


def sign_in_page(form: SignInForm, next_url: str | None):
    return render("auth/sign_in.html", form=form, next_url=next_url,
                  signed_out=request.args.get("signed-out") == "1")


@bp.route("/sign-in/key", methods=["GET", "POST"])
@public
@limiter.limit("30 per minute", methods=["POST"])
def key():
    found = services.current_attempt("landlord")
    if found is None:
        flash("Your sign-in timed out. Sign in again.")
        return redirect(url_for("auth.sign_in"), 303)
    user, attempt = found
    form = CodeForm()
    if form.validate_on_submit():
        if services.check_key(user, attempt, form.key.data):
            services.finish_sign_in(user, attempt, method=attempt.get("channel") or "email")
            return redirect(services.safe_next(attempt.get("next"), "/"), 303)
        form.key.errors.append(services.WRONG_KEY)
    return render("auth/key.html", form=form, **services.key_page_context(user, attempt),
                  new_key_endpoint="auth.new_key")


@bp.post("/sign-in/key/new")
@public
@limiter.limit("10 per 10 minutes")
def new_key():
    """'Send a new key', by the same or the other channel; at most one every 30 seconds."""
    found = services.current_attempt("landlord")
    if found is None:
        return redirect(url_for("auth.sign_in"), 303)
    services.resend_key(*found, channel=request.form.get("channel"))
    return redirect(url_for("auth.key"), 303)


@bp.post("/sign-out")
@public
def sign_out():
    """POST only; the server-side session dies, and the browser is told to forget the rest."""
    council = current_user.is_authenticated and current_user.is_council
    if current_user.is_authenticated:
        audit.record(USER_SIGNED_OUT, object_type="user", object_ref=str(current_user.id))
    end_session()
    db.session.commit()
    target = url_for("admin_auth.sign_in" if council else "auth.sign_in", **{"signed-out": "1"})
    response = redirect(target, 303)
    response.headers["Clear-Site-Data"] = '"cache", "cookies", "storage"'
    return response


@bp.get("/session/keep-alive")
@public
def keep_alive():
    """The 'Stay signed in' link: works as a plain link, with or without JavaScript."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.sign_in"), 303)
    touch_session()
    db.session.commit()
    if request.headers.get("X-LP-Keep-Alive") == "1":
        # The timeout warning's "Stay signed in" (static/src/timeout.js): the new time left, no page.
        return session_notice()
    return redirect(services.safe_next(request.args.get("next"), "/"), 303)


@bp.errorhandler(CSRFError)
def form_expired(error):
    """An expired form is not an error page: the sign-in form again, or the page to try again."""
    if request.endpoint in ("auth.sign_in", "auth.key", "auth.new_key"):
        form = SignInForm(formdata=None)
        form.username.errors = [web.SIGN_IN_AGAIN]
        return sign_in_page(form, services.safe_next(request.args.get("next"), None))
    return web.try_again()
