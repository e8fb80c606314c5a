"""`flask users …`: users, passwords, API tokens and sign-in locks."""
from __future__ import annotations

import sys
from datetime import datetime

import click
from flask.cli import AppGroup

from ledger.cli.common import fail
from ledger.domain.errors import DomainError
from ledger.services.access import SYSTEM
from ledger.services.people import passwords, signin
from ledger.services.people import tokens as token_service
from ledger.services.people import users as user_service

users_cli = AppGroup("users", help="Users, passwords, API tokens and sign-in locks.")


def read_password() -> str:
    if sys.stdin.isatty():
        return click.prompt("Password", hide_input=True, confirmation_prompt=True)
    return sys.stdin.readline().rstrip("\r\n")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice(["admin", "staff", "finance", "customer"]), help="What the user may do.")
@click.option("--name", "display_name", required=True, help="The name colleagues see, e.g. \"Anna Berg\".")
@click.option("--customer", "customer_id", type=int, help="The customer a customer user belongs to.")
def create_user_command(email: str, role: str, display_name: str, customer_id: int | None) -> None:
    """Create a user; the password is read from standard input (prompted for on a terminal)."""
    try:
        user = user_service.create_user(email, role, read_password(), display_name=display_name,
                                        customer_id=customer_id)
    except DomainError as error:
        fail(error)
    click.echo(f"Created {user.role} {user.email} (id {user.id}).")


@users_cli.command("list")
def list_users_command() -> None:
    """List every user: e-mail, role, customer, and whether they may sign in."""
    for user in user_service.list_users(actor=SYSTEM):
        customer = f" (customer {user.customer_id})" if user.customer_id else ""
        click.echo(f"{user.email}\t{user.role}{customer}\t{'active' if user.active else 'deactivated'}"
                   f"\t{user.display_name}")


@users_cli.command("token")
@click.argument("email")
@click.option("--expires-in-days", type=int, help="Make the token stop working after N days (default: never).")
def token_command(email: str, expires_in_days: int | None) -> None:
    """Print a new API token for EMAIL (shown once; only its hash is stored)."""
    try:
        click.echo(token_service.issue_token(email, expires_in_days=expires_in_days))
    except DomainError as error:
        fail(error)


def _moment(value: datetime | None, empty: str = "-") -> str:
    return value.strftime("%Y-%m-%d %H:%M UTC") if value else empty


@users_cli.command("tokens")
@click.argument("email", required=False)
def tokens_command(email: str | None) -> None:
    """List API tokens (of EMAIL, or everyone's): prefix, owner, created, expires, last used, revoked."""
    try:
        tokens = token_service.list_tokens(actor=SYSTEM, email=email)
    except DomainError as error:
        fail(error)
    click.echo("prefix\tuser\tcreated\texpires\tlast used\trevoked")
    for token in tokens:
        click.echo("\t".join((token.prefix, token.user.email, _moment(token.created_at),
                              _moment(token.expires_at, "never"), _moment(token.last_used_at, "never"),
                              _moment(token.revoked_at))))


@users_cli.command("revoke-token")
@click.argument("prefix")
def revoke_token_command(prefix: str) -> None:
    """Revoke the API token starting with PREFIX (see `flask users tokens`); it stops working at once."""
    try:
        token = token_service.revoke_token(prefix, actor=SYSTEM)
    except DomainError as error:
        fail(error)
    click.echo(f"Revoked token {token.prefix} of {token.user.email}.")


@users_cli.command("deactivate")
@click.argument("email")
def deactivate_command(email: str) -> None:
    """Stop EMAIL from signing in: their sessions end now and their API tokens stop working."""
    try:
        ended = user_service.deactivate_user(email, actor=SYSTEM)
    except DomainError as error:
        fail(error)
    click.echo(f"Deactivated {email}; {ended} sessions ended.")


@users_cli.command("activate")
@click.argument("email")
def activate_command(email: str) -> None:
    """Let a deactivated EMAIL sign in again (their tokens work again unless revoked)."""
    try:
        user = user_service.activate_user(email, actor=SYSTEM)
    except DomainError as error:
        fail(error)
    click.echo(f"Activated {user.email}.")


@users_cli.command("set-password")
@click.argument("email")
def set_password_command(email: str) -> None:
    """Set EMAIL's password (read from standard input, prompted for on a terminal) and end their sessions."""
    try:
        ended = user_service.change_password(email, read_password(), actor=SYSTEM)
    except DomainError as error:
        fail(error)
    click.echo(f"Password of {email} changed; {ended} sessions ended.")


@users_cli.command("unlock")
@click.argument("email")
def unlock_command(email: str) -> None:
    """Clear the failed sign-ins of EMAIL (from every IP), so that it can sign in again at once."""
    try:
        cleared = signin.unlock_address(email, actor=SYSTEM)
    except DomainError as error:
        fail(error)
    click.echo(f"Cleared {cleared} failed sign-ins of {email.strip().lower()}.")


@users_cli.command("reset-link")
@click.argument("email")
def reset_link_command(email: str) -> None:
    """Print a one-time link for EMAIL to set a new password (it works once, for an hour; older links stop)."""
    try:
        link = passwords.make_reset_link(email, actor=SYSTEM)
    except DomainError as error:
        fail(error)
    click.echo(link.url)


@users_cli.command("rename")
@click.argument("email")
@click.argument("name")
def rename_command(email: str, name: str) -> None:
    """Change the name EMAIL is shown by on every page (history, tasks, cases)."""
    try:
        user = user_service.rename_user(email, name, actor=SYSTEM)
    except DomainError as error:
        fail(error)
    click.echo(f"{user.email} is now shown as {user.display_name}.")
