"""My profile pages: the summary, and one page for each change."""
from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user

from lp.access import needs, recent_sign_in
from lp.auth.tokens import TokenInvalid
from lp.errors import Refused
from lp.htmx import render
from lp.profile import bp, compromised, services
from lp.profile.forms import AlertsForm, ConfirmForm, EmailForm, KeysForm, MobileCodeForm, MobileForm, PasswordForm


def _user():
    return current_user._get_current_object()


def _done(message: str):
    flash(message, "success")
    return redirect(url_for("profile.show"), 303)


@bp.get("")
def show():
    return render("profile/show.html", user=current_user)


@bp.route("/email", methods=["GET", "POST"])
@recent_sign_in("change your details")
def email():
    form = EmailForm(_user())
    if form.validate_on_submit():
        services.request_email_change(_user(), form.email.data)
        return _done("We have sent a link to your new e-mail address. Your address changes when you use it.")
    return render("profile/email.html", form=form)


@bp.route("/email/confirm/<token>", methods=["GET", "POST"])
def confirm_email(token: str):
    try:
        new_email = services.email_change_for(_user(), token)
        if request.method == "POST" and ConfirmForm().validate_on_submit():
            services.apply_email_change(_user(), token)
            return _done("Your e-mail address has been changed.")
    except TokenInvalid:
        return render("profile/email_confirm.html", new_email=None), 404
    return render("profile/email_confirm.html", new_email=new_email, form=ConfirmForm())


@bp.route("/mobile", methods=["GET", "POST"])
@recent_sign_in("change your details")
def mobile():
    form = MobileForm()
    if form.validate_on_submit():
        try:
            services.send_mobile_code(_user(), form.mobile.data)
            return redirect(url_for("profile.confirm_mobile"), 303)
        except Refused as refused:
            form[refused.field].errors.append(str(refused))
    return render("profile/mobile.html", form=form)


@bp.route("/mobile/confirm", methods=["GET", "POST"])
@recent_sign_in("change your details")
def confirm_mobile():
    if not services.pending_mobile():
        return redirect(url_for("profile.mobile"), 303)
    form = MobileCodeForm()
    if form.validate_on_submit():
        try:
            if services.confirm_mobile(_user(), form.code.data):
                return _done("Your mobile number has been changed.")
            form.code.errors.append("The code is not right, or it has expired. Check it, or get a new code")
        except Refused as refused:
            form[refused.field].errors.append(str(refused))
    return render("profile/mobile_confirm.html", form=form)


@bp.route("/keys", methods=["GET", "POST"])
@recent_sign_in("change your details")
def keys():
    if current_user.is_council:
        abort(404)  # council users sign in with an authenticator app, set up by an admin
    form = KeysForm(_user(), data={"key_method": current_user.key_method})
    if form.validate_on_submit():
        services.set_key_method(_user(), form.key_method.data)
        return _done("How you get sign-in keys has been changed.")
    return render("profile/keys.html", form=form)


@bp.route("/alerts", methods=["GET", "POST"])
@needs("view_letters")
@recent_sign_in("change your details")
def alerts():
    form = AlertsForm(_user(), data={"alerts_email": current_user.alerts_email, "alerts_sms": current_user.alerts_sms})
    if form.validate_on_submit():
        services.set_alerts(_user(), email=form.alerts_email.data, sms=form.alerts_sms.data)
        return _done("Your new-letter alerts have been changed.")
    return render("profile/alerts.html", form=form)


@bp.route("/password", methods=["GET", "POST"])
@recent_sign_in("change your details")
def password():
    form = PasswordForm(_user())
    if form.validate_on_submit():
        services.change_password(_user(), form.new_password.data)
        return _done("Your password has been changed. You have been signed out everywhere else.")
    return render("profile/password.html", form=form)


@bp.route("/someone-used-my-account", methods=["GET", "POST"])
def secure_account():
    """No recent sign-in asked: whoever holds the session can only lock themselves out, and the
    way back in is the owner's own e-mail."""
    form = ConfirmForm()
    if form.validate_on_submit():
        council = current_user.is_council
        compromised.secure_account(_user())
        flash("You have been signed out on every device. We have e-mailed you a link to choose a new password: "
              "you need it to sign in again. We have told the council and your user managers.", "success")
        return redirect(url_for("admin_auth.sign_in" if council else "auth.sign_in"), 303)
    return render("profile/secure_account.html", form=form)
