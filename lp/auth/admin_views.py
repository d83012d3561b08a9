"""Council sign-in at /admin/sign-in: password, then the authenticator app (enrolled at the first
sign-in), with an e-mailed key for when the app is not to hand."""
from __future__ import annotations

from flask import flash, redirect, request, url_for
from flask_wtf.csrf import CSRFError

from lp.access import public
from lp.auth import admin_bp, services, totp, web
from lp.auth.forms import CodeForm, ConfirmationCodeForm, SignInForm
from lp.extensions import limiter
from lp.htmx import render

KIND = "council"


def _attempt_or_restart():
    found = services.current_attempt(KIND)
    if found is None:
        flash("Your sign-in timed out. Sign in again.")
    return found


def _finish(user, attempt, method: str):
    services.finish_sign_in(user, attempt, method=method)
    return redirect(services.safe_next(attempt.get("next"), "/admin"), 303)


def _sign_in_page(form, next_url):
    return render("auth/sign_in.html", form=form, next_url=next_url, council=True,
                  heading="Sign in to the council console", signed_out=request.args.get("signed-out") == "1")


@admin_bp.route("/sign-in", methods=["GET", "POST"], endpoint="sign_in")
@public
@limiter.limit("30 per minute", methods=["POST"])
@limiter.limit("5 per minute", methods=["POST"], key_func=web.username_key)
def council_sign_in():
    next_url = services.safe_next(request.args.get("next"), None)
    form = SignInForm()
    if form.validate_on_submit():
        user = services.check_password(form.username.data, form.password.data, kind=KIND)
        if user is not None:
            services.begin_attempt(user, kind=KIND, next_url=next_url)
            return redirect(url_for("admin_auth.code" if user.totp_secret else "admin_auth.set_up_app"), 303)
        form.username.errors.append(services.SIGN_IN_REFUSED)
    return _sign_in_page(form, next_url)


@admin_bp.route("/sign-in/code", methods=["GET", "POST"])
@public
@limiter.limit("30 per minute", methods=["POST"])
def code():
    found = _attempt_or_restart()
    if found is None or not found[0].totp_secret:
        return redirect(url_for("admin_auth.sign_in"), 303)
    user, attempt = found
    form = ConfirmationCodeForm()
    if form.validate_on_submit():
        if totp.check_code(user, form.key.data):
            return _finish(user, attempt, "totp")
        form.key.errors.append("The code is not right. Enter the code your app shows now")
    return render("auth/totp_code.html", form=form, page_title="Enter the code from your app")


@admin_bp.route("/sign-in/set-up-app", methods=["GET", "POST"])
@public
@limiter.limit("30 per minute", methods=["POST"])
def set_up_app():
    found = _attempt_or_restart()
    if found is None or found[0].totp_secret:
        return redirect(url_for("admin_auth.sign_in"), 303)
    user, attempt = found
    form = ConfirmationCodeForm()
    if form.validate_on_submit():
        if totp.enrol(user, attempt, form.key.data):
            return _finish(user, attempt, "totp enrolled")
        form.key.errors.append("The code is not right. Check the app and enter the code it shows now")
    secret = totp.pending_secret(user, attempt)
    return render("auth/totp_set_up.html", form=form, qr_code=totp.qr_code_data_uri(user, secret),
                  secret=totp.spaced(secret), page_title="Set up your authenticator app")


@admin_bp.post("/sign-in/use-email")
@public
@limiter.limit("10 per 10 minutes")
def use_email():
    """'I cannot use my authenticator app': a key by e-mail instead."""
    found = _attempt_or_restart()
    if found is None:
        return redirect(url_for("admin_auth.sign_in"), 303)
    services.resend_key(*found, channel="email")
    return redirect(url_for("admin_auth.key"), 303)


@admin_bp.route("/sign-in/key", methods=["GET", "POST"])
@public
@limiter.limit("30 per minute", methods=["POST"])
def key():
    found = _attempt_or_restart()
    if found is None or not found[1].get("channel"):
        return redirect(url_for("admin_auth.sign_in"), 303)
    user, attempt = found
    form = CodeForm()
    if form.validate_on_submit():
        if services.check_key(user, attempt, form.key.data):
            return _finish(user, attempt, "email key")
        form.key.errors.append(services.WRONG_KEY)
    return render("auth/key.html", form=form, **services.key_page_context(user, attempt),
                  new_key_endpoint="admin_auth.use_email", sign_in_endpoint="admin_auth.sign_in")


@admin_bp.errorhandler(CSRFError)
def form_expired(error):
    if request.endpoint == "admin_auth.sign_in":
        form = SignInForm(formdata=None)
        form.username.errors = [web.SIGN_IN_AGAIN]
        return _sign_in_page(form, services.safe_next(request.args.get("next"), None))
    return web.try_again()
