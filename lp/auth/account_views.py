"""Activation of an invited account, forgotten username, forgotten password and the reset link."""
from __future__ import annotations

from flask import flash, redirect, session, url_for

from lp.access import public
from lp.auth import bp, keys, recovery
from lp.auth.forms import (
    ActivationForm,
    ConfirmationCodeForm,
    ForgottenPasswordForm,
    ForgottenUsernameForm,
    NewPasswordForm,
)
from lp.auth.tokens import TokenInvalid
from lp.extensions import db, limiter
from lp.htmx import render
from lp.models import User
from lp.sessions import clear_session

ACCOUNT_READY = "Your account is ready. Sign in with your username and password."


def link_expired(what: str):
    return render("auth/link_expired.html", page_title="This link has expired", what=what)


@bp.route("/activate/<token>", methods=["GET", "POST"])
@public
@limiter.limit("20 per minute", methods=["POST"])
def activate(token: str):
    """GET only shows the form (mail scanners open links); the POST spends the link."""
    try:
        user, _ = recovery.read_activation(token)
    except TokenInvalid:
        return link_expired("activation")
    form = ActivationForm(username=user.username)
    if form.validate_on_submit() and not recovery.mobile_taken(form, user):
        try:
            user = recovery.activate(token, password=form.password.data, key_method=form.key_method.data,
                                     mobile=form.mobile.data)
        except TokenInvalid:
            return link_expired("activation")
        if user.mobile and not user.mobile_confirmed:
            clear_session()
            session["confirm_mobile"] = {"user": user.id, "attempt": keys.new_attempt_id()}
            recovery.send_mobile_code(user, session["confirm_mobile"]["attempt"])
            return redirect(url_for("auth.confirm_mobile"), 303)
        flash(ACCOUNT_READY, "success")
        return redirect(url_for("admin_auth.sign_in" if user.is_council else "auth.sign_in"), 303)
    return render("auth/activate.html", form=form, user=user, page_title="Set up your account")


def _mobile_to_confirm() -> tuple[User, dict] | None:
    state = session.get("confirm_mobile")
    user = db.session.get(User, state["user"]) if state else None
    if user is None or user.mobile_confirmed or not user.mobile or user.status != "active":
        return None
    return user, state


@bp.route("/activate/confirm-mobile", methods=["GET", "POST"])
@public
@limiter.limit("20 per minute", methods=["POST"])
def confirm_mobile():
    found = _mobile_to_confirm()
    if found is None:
        return redirect(url_for("auth.sign_in"), 303)
    user, state = found
    form = ConfirmationCodeForm()
    if form.validate_on_submit():
        if recovery.confirm_mobile(user, state["attempt"], form.key.data):
            session.pop("confirm_mobile", None)
            flash(ACCOUNT_READY, "success")
            return redirect(url_for("auth.sign_in"), 303)
        form.key.errors.append("The code is not right, or it has expired. Check the code or send a new one")
    return render("auth/confirm_mobile.html", form=form, ending=user.mobile[-3:], page_title="Check your phone")


@bp.post("/activate/confirm-mobile/new")
@public
@limiter.limit("5 per 10 minutes")
def new_mobile_code():
    found = _mobile_to_confirm()
    if found is None:
        return redirect(url_for("auth.sign_in"), 303)
    user, state = found
    if keys.may_resend(user, purpose="confirm_mobile", attempt_id=state["attempt"]):
        recovery.send_mobile_code(user, state["attempt"])
        flash(f"We have sent a new code to the mobile number ending {user.mobile[-3:]}", "success")
    else:
        flash("Wait 30 seconds before you ask for another code")
    return redirect(url_for("auth.confirm_mobile"), 303)


@bp.route("/forgotten-username", methods=["GET", "POST"])
@public
@limiter.limit("5 per minute", methods=["POST"])
def forgotten_username():
    form = ForgottenUsernameForm()
    if form.validate_on_submit():
        recovery.remind_username(form.email.data)
        return redirect(url_for("auth.check_email"), 303)
    return render("auth/forgotten_username.html", form=form, page_title="Forgotten your username")


@bp.route("/forgotten-password", methods=["GET", "POST"])
@public
@limiter.limit("5 per minute", methods=["POST"])
def forgotten_password():
    form = ForgottenPasswordForm()
    if form.validate_on_submit():
        recovery.send_reset_links(form.username_or_email.data)
        return redirect(url_for("auth.check_email"), 303)
    return render("auth/forgotten_password.html", form=form, page_title="Forgotten your password")


@bp.get("/check-your-email")
@public
def check_email():
    """The one answer to both forms, whether or not an account matched."""
    return render("auth/check_email.html", page_title="Check your e-mail")


@bp.route("/reset-password/<token>", methods=["GET", "POST"])
@public
@limiter.limit("20 per minute", methods=["POST"])
def reset_password(token: str):
    try:
        user = recovery.read_reset(token)
    except TokenInvalid:
        return link_expired("reset")
    form = NewPasswordForm(username=user.username)
    if form.validate_on_submit():
        try:
            user = recovery.reset_password(token, form.password.data)
        except TokenInvalid:
            return link_expired("reset")
        flash("Your password has been changed. Sign in with your new password.", "success")
        return redirect(url_for("admin_auth.sign_in" if user.is_council else "auth.sign_in"), 303)
    return render("auth/reset_password.html", form=form, page_title="Choose a new password")
