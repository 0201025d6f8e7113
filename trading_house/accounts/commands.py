"""``flask users …``: create staff accounts and manage roles from the command line."""

import click
from flask import Flask
from flask.cli import with_appcontext
from flask_babel import force_locale

from trading_house.accounts import links, services, sessions, throttle
from trading_house.accounts.models import ROLES
from trading_house.core.errors import DomainError
from trading_house.core.tx import commit, rollback


def register_commands(app: Flask) -> None:
    app.cli.add_command(users)


def _fail(error: DomainError):
    rollback()
    return click.ClickException(str(error.message))


def _existing_user(email: str):
    user = services.find_user_by_email(email)
    if user is None:
        raise click.ClickException(f"No user with the e-mail address {email}.")
    return user


@click.group()
def users() -> None:
    """User accounts and their roles."""


@users.command("create")
@click.option("--email", required=True, help="E-mail address (stored lower-case).")
@click.option("--name", required=True, help="Display name.")
@click.option(
    "--role",
    "roles",
    multiple=True,
    type=click.Choice(ROLES),
    help="A role; repeat for several (default: buyer).",
)
@click.option("--password", help="Password; asked for (hidden) when not given.")
@click.option("--language", type=click.Choice(["id", "en"]), default="id", show_default=True)
@with_appcontext
def create_user_command(email, name, roles, password, language) -> None:
    """Create an account whose e-mail address counts as verified."""
    if password is None:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with force_locale("en"):
        try:
            user = services.create_user(
                email,
                password,
                name,
                roles or ("buyer",),
                verified=True,
                preferred_language=language,
            )
        except DomainError as error:
            raise _fail(error) from None
        commit()
    click.echo(f"Created {user.email} with role(s): {', '.join(sorted(user.role_names))}.")


@users.command("set-roles")
@click.argument("email")
@click.argument("roles", nargs=-1, required=True, type=click.Choice(ROLES))
@with_appcontext
def set_roles_command(email, roles) -> None:
    """Give the user with EMAIL exactly the ROLES listed."""
    with force_locale("en"):
        user = _existing_user(email)
        try:
            services.set_roles(user, roles, actor=None)
        except DomainError as error:
            raise _fail(error) from None
        commit()
    click.echo(f"{user.email} now has role(s): {', '.join(sorted(user.role_names))}.")


@users.command("deactivate")
@click.argument("email")
@with_appcontext
def deactivate_command(email) -> None:
    """Deactivate an account: it cannot sign in and its sessions end."""
    with force_locale("en"):
        user = _existing_user(email)
        try:
            services.deactivate_user(user, actor=None)
        except DomainError as error:
            raise _fail(error) from None
        commit()
    click.echo(f"{user.email} is deactivated.")


@users.command("reactivate")
@click.argument("email")
@with_appcontext
def reactivate_command(email) -> None:
    """Let a deactivated account sign in again."""
    with force_locale("en"):
        user = _existing_user(email)
        services.reactivate_user(user, actor=None)
        commit()
    click.echo(f"{user.email} is active again.")


@users.command("prune-sign-ins")
@with_appcontext
def prune_sign_ins_command() -> None:
    """Delete sign-in failure counts older than a day, expired sign-in links and sessions older
    than "keep me signed in" (daily cron)."""
    counts, spent, ended = (
        throttle.prune_forgotten(),
        links.prune_spent_links(),
        sessions.prune_expired(),
    )
    commit()
    click.echo(
        f"Deleted — old sign-in failure counts: {counts}, expired sign-in links: {spent}, "
        f"expired sessions: {ended}."
    )
