"""``magfood user``: the local accounts of a shared diary (add, list, remove, password).

A password is read from a prompt that does not echo it (asked twice), or from the first
line of standard input with ``--password-stdin``; it is never an argument (which other
users of the machine could read) and never printed."""

from __future__ import annotations

import argparse
import getpass
import sys

import magfood
from magfood.cli.options import Commands, db_option, write_json


def add(commands: Commands) -> None:
    sub = commands.add_parser(
        "user",
        help="the accounts of a shared diary: add, list, remove, change a password",
        description="Manage who may sign in to a shared magfood. Accounts live in the "
        "diary database ($MAGFOOD_DB or --db); each user's days, plans and profile are "
        "their own (`magfood log --user NAME`).",
    )
    actions = sub.add_subparsers(dest="action", metavar="ACTION", required=True)
    adding = actions.add_parser("add", help="create an account (asks for its password)")
    adding.add_argument("name")
    adding.add_argument("--admin", action="store_true", help="may manage accounts")
    _password_option(adding)
    listing = actions.add_parser("list", help="every account and its role")
    listing.add_argument("--json", action="store_true", help="print JSON")
    removing = actions.add_parser("remove", help="remove an account and its diary")
    removing.add_argument("name")
    removing.add_argument(
        "--yes", action="store_true", help="yes, also delete everything this user saved"
    )
    password = actions.add_parser("password", help="give an account a new password")
    password.add_argument("name")
    _password_option(password)
    for action in (adding, listing, removing, password):
        db_option(action)
        action.set_defaults(handler=_user)
    sub.set_defaults(handler=_user)


def _password_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--password-stdin",
        action="store_true",
        help="read the password from the first line of standard input (for scripts)",
    )


def _user(args: argparse.Namespace) -> int:
    accounts = magfood.open_accounts(args.db)
    if args.action == "add":
        account = accounts.add_user(args.name, _password(args), admin=args.admin)
        print(f"Added the user {account.name} ({account.role}).")
    elif args.action == "password":
        accounts.set_password(args.name, _password(args))
        print(f"Changed the password of {magfood.user_name(args.name)}.")
    elif args.action == "remove":
        if not args.yes:
            raise magfood.MagfoodError(
                f"removing {args.name!r} also deletes everything they saved; add --yes to "
                "do it. Nothing was changed."
            )
        if not accounts.remove_user(args.name):
            raise magfood.MagfoodError(f"there is no user {args.name!r}; nothing was changed.")
        print(f"Removed the user {args.name} and their diary.")
    else:
        found = accounts.accounts()
        if args.json:
            rows = [
                {"name": a.name, "role": str(a.role), "created_at": a.created_at} for a in found
            ]
            write_json({"users": rows})
        elif not found:
            print("No users yet; add one with `magfood user add NAME --admin`.")
        else:
            for account in found:
                print(f"{account.name:<32} {account.role!s:<6} {account.created_at}")
    return 0


def _password(args: argparse.Namespace) -> str:
    if args.password_stdin:
        line = sys.stdin.readline()
        password = line[:-1] if line.endswith("\n") else line
        if not password:
            raise magfood.MagfoodError("no password on standard input; nothing was changed.")
        return password
    try:
        first = getpass.getpass(f"Password for {args.name}: ")
        again = getpass.getpass("The same password again: ")
    except EOFError:
        raise magfood.MagfoodError(
            "no password given; type it at the prompt or use --password-stdin."
        ) from None
    if first != again:
        raise magfood.MagfoodError("the two passwords differ; nothing was changed.")
    return first
