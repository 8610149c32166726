"""The failures an operator fixes, as opposed to bugs."""

from traceback import walk_tb


class OperatorError(Exception):
    """Something in the environment is wrong (unreachable server, a lock held too long, a
    database at the wrong revision). Its message is one line saying what, and never holds
    a password, so it is shown as it is, without a traceback."""


def error_line(error: BaseException) -> str:
    """`Type: its first line`, or the type alone when it says nothing (a bare `raise
    NotImplementedError` would read `NotImplementedError: `); what an unnamed constraint
    drop is, rather than where deep in SQLAlchemy it broke."""
    if (unnamed := _unnamed_drop(error)) is not None:
        return unnamed
    first = (str(error).strip().splitlines() or [""])[0]
    return f"{type(error).__name__}: {first}" if first else type(error).__name__


def unnamed_constraint_drop(table: str, kind: str | None) -> str:
    """What is wrong with drop_constraint(None, ...), as autogenerate writes it for a
    constraint the models did not name: PostgreSQL drops a constraint by its name."""
    of_kind = f", type_={kind!r}" if kind else ""
    return (
        f"drop_constraint(None, {table!r}{of_kind}) names no constraint: "
        "write the name it has in the database (psql's \\d shows it)"
    )


def _unnamed_drop(error: BaseException) -> str | None:
    """drop_constraint(None, ...) fails deep in SQLAlchemy: an IndexError under a naming
    convention (it has nothing to build a name from), a CompileError without one."""
    from alembic.operations import ops  # only when something failed: not at start-up

    for frame, _ in walk_tb(error.__traceback__):
        operation = frame.f_locals.get("operation")
        if isinstance(operation, ops.DropConstraintOp) and operation.constraint_name is None:
            return unnamed_constraint_drop(operation.table_name, operation.constraint_type)
    return None
