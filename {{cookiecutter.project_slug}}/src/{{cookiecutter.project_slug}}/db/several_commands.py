"""One `op.execute()` string of several SQL commands (`"ALTER TYPE ...; CREATE TYPE ..."`),
run as psycopg2 runs it, although SQLAlchemy's asyncpg adapter prepares every statement
and PostgreSQL refuses several commands in one prepared statement ("cannot insert
multiple commands into a prepared statement"). Public histories are full of such strings.

Only such strings take another road: PostgreSQL's simple query protocol, which takes
several commands, in the revision's own transaction. A single statement, or one with
parameters, runs as before, prepared (its results, types and errors unchanged)."""

from typing import Any

import asyncpg
from sqlalchemy import Engine, event
from sqlalchemy.engine.interfaces import AdaptedConnection, ExecutionContext

# Characters that continue an identifier or keyword (`$` too: `a$b$` is one identifier).
_WORD = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_$")


def several_commands(sql: str) -> bool:
    """Whether `sql` holds more than one command: a `;` followed by more than whitespace
    and comments, by PostgreSQL's lexical rules (a `;` inside a string, a quoted name, a
    dollar-quoted body or a comment ends nothing). Unterminated quoting: False, so that the
    statement runs as before and the server says what is wrong with it."""
    position, ended = 0, False
    while position < len(sql):
        char = sql[position]
        if sql.startswith("--", position):
            end = sql.find("\n", position)
            position = len(sql) if end < 0 else end + 1
            continue
        if sql.startswith("/*", position):
            position = _comment_end(sql, position)
        elif char.isspace():
            position += 1
            continue
        elif ended:
            return True  # something after a `;`: a second command
        elif char == ";":
            ended = True
            position += 1
            continue
        elif char == "'":
            position = _string_end(sql, position + 1, escapes=False)
        elif char == '"':
            end = sql.find('"', position + 1)  # a doubled "" is two quoted parts in a row
            position = -1 if end < 0 else end + 1
        elif char == "$" and (tag := _dollar_tag(sql, position)):
            end = sql.find(tag, position + len(tag))
            position = -1 if end < 0 else end + len(tag)
        elif char in _WORD:
            start = position
            while position < len(sql) and sql[position] in _WORD:
                position += 1
            if sql[start:position] in ("E", "e") and sql.startswith("'", position):
                position = _string_end(sql, position + 1, escapes=True)  # E'it\'s'
        else:
            position += 1
        if position < 0:
            return False
    return False


def _comment_end(sql: str, position: int) -> int:
    """Where the `/* */` comment at `position` ends (they nest); -1 if it never does."""
    depth = 0
    while position < len(sql):
        if sql.startswith("/*", position):
            depth, position = depth + 1, position + 2
        elif sql.startswith("*/", position):
            depth, position = depth - 1, position + 2
            if depth == 0:
                return position
        else:
            position += 1
    return -1


def _string_end(sql: str, position: int, *, escapes: bool) -> int:
    """Where the '...' string whose text starts at `position` ends ('' is a quote inside;
    with `escapes`, an E'...' string, so is \\'); -1 if it never does."""
    while position < len(sql):
        char = sql[position]
        if (escapes and char == "\\") or sql.startswith("''", position):
            position += 2  # a backslash and what it escapes, or a doubled quote
        elif char == "'":
            return position + 1
        else:
            position += 1
    return -1


def _dollar_tag(sql: str, position: int) -> str:
    """The dollar quote (`$$`, `$body$`) that opens at `position`, or "" (`$1` is none)."""
    end = position + 1
    while end < len(sql) and sql[end] in _WORD and sql[end] != "$":
        end += 1
    tag = sql[position + 1 : end]
    if end < len(sql) and sql[end] == "$" and not tag[:1].isdigit():
        return sql[position : end + 1]
    return ""


def run_several_commands(engine: Engine) -> None:
    """Let statements on `engine` hold several commands (the migration engine's only: the
    service's queries never need it). Idempotent: env.py configures anew for each attempt."""
    if not event.contains(engine, "do_execute", _as_one_query):
        event.listen(engine, "do_execute", _as_one_query)


def _as_one_query(cursor: Any, statement: str, parameters: Any, context: ExecutionContext) -> bool:
    """SQLAlchemy's `do_execute` event: True when it ran `statement` itself."""
    if parameters or not several_commands(statement):
        return False  # SQLAlchemy prepares and runs it, as every other statement
    connection = context.root_connection.connection
    adapted = connection.dbapi_connection
    if not isinstance(adapted, AdaptedConnection):
        return False
    if not connection.driver_connection.is_in_transaction():
        # The adapter begins its transaction on its first statement: an empty one through
        # it, so that these commands run in the revision's transaction and roll back with
        # it (in an autocommit block there is none, as psycopg2 would have none).
        cursor.execute("")
    try:
        adapted.run_async(lambda driver: driver.execute(statement))
    except (asyncpg.PostgresError, asyncpg.InterfaceError) as error:
        # As the adapter raises a driver's error, so that SQLAlchemy wraps it as it wraps
        # any other statement's (its SQLSTATE read for a lock timeout, a lost session).
        dbapi = context.dialect.loaded_dbapi
        kind = dbapi.InterfaceError if isinstance(error, asyncpg.InterfaceError) else dbapi.Error
        raise kind(error.args[0] if error.args else str(error), error) from error
    return True
