"""The account e-mails, each written to the outbox in the user's preferred language."""

from flask import current_app
from flask_babel import lazy_gettext as _l

from trading_house.accounts import tokens
from trading_house.accounts.models import User
from trading_house.core.mail import queue_email
from trading_house.core.urls import public_url


def send_verification(user: User, *, next_path: str | None = None) -> None:
    """``next_path``: where the confirmed user goes on (a safe path, checked again on use)."""
    extra = {"next": next_path} if next_path else {}
    url = public_url("accounts.verify_email", token=tokens.make_verify_token(user), **extra)
    hours = current_app.config.get("ACCOUNTS_VERIFY_MAX_AGE", tokens.VERIFY_MAX_AGE) // 3600
    queue_email(
        user.email,
        _l("Confirm your e-mail address for Rumah Dagang"),
        "verify_email",
        user.preferred_language,
        user=user,
        url=url,
        hours=hours,
    )


def send_reset_link(user: User) -> None:
    url = public_url("accounts.reset_password", token=tokens.make_reset_token(user))
    minutes = current_app.config.get("ACCOUNTS_RESET_MAX_AGE", tokens.RESET_MAX_AGE) // 60
    queue_email(
        user.email,
        _l("Reset your Rumah Dagang password"),
        "reset_password",
        user.preferred_language,
        user=user,
        url=url,
        minutes=minutes,
    )


def notify_password_changed(user: User) -> None:
    queue_email(
        user.email,
        _l("Your Rumah Dagang password was changed"),
        "password_changed",
        user.preferred_language,
        user=user,
        reset_url=public_url("accounts.request_reset"),
    )


def send_sign_in_link(
    user: User, token: str, *, minutes: int, next_path: str | None = None
) -> None:
    extra = {"next": next_path} if next_path else {}
    queue_email(
        user.email,
        _l("Your Rumah Dagang sign-in link"),
        "sign_in_link",
        user.preferred_language,
        user=user,
        url=public_url("accounts.sign_in_link", token=token, **extra),
        minutes=minutes,
    )


def notify_account_exists(user: User) -> None:
    """Someone tried to register with this address: tell its owner instead of the visitor."""
    queue_email(
        user.email,
        _l("You already have a Rumah Dagang account"),
        "account_exists",
        user.preferred_language,
        user=user,
        login_url=public_url("accounts.login"),
        link_url=public_url("accounts.request_sign_in_link"),
        reset_url=public_url("accounts.request_reset"),
    )
