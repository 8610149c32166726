"""Names and text written into SQL as PostgreSQL writes them: the one set of quoters."""

import re


def quote(identifier: str) -> str:
    """`identifier` quoted for SQL, as PostgreSQL reads it."""
    return '"' + identifier.replace('"', '""') + '"'


def quote_ident(name: str) -> str:
    """`name` as PostgreSQL's quote_ident() (and format()'s %I) writes it: quoted only
    when it must be."""
    return name if re.fullmatch(r"[a-z_][a-z0-9_$]*", name) else quote(name)


def quote_literal(text: str) -> str:
    """`text` as an SQL string literal, as PostgreSQL's quote_literal() writes it."""
    return "'" + text.replace("'", "''") + "'"
