"""Columns that some tables want and others do not (unlike `Base`, shared by all)."""

from datetime import UTC, datetime
from typing import Any
from weakref import WeakKeyDictionary

from sqlalchemy import Executable, event, func
from sqlalchemy.orm import (
    Mapped,
    ORMExecuteState,
    Session,
    mapped_column,
    with_loader_criteria,
)

INCLUDE_DELETED = "include_deleted"
"""Execution option that lets a query see soft-deleted rows:
`select(User).execution_options(include_deleted=True)`."""


class TimestampMixin:
    """`created_at` and `updated_at`, both set by the database clock.

    The server's `now()` rather than a Python default: a default evaluated in Python at
    import time would give every row the same instant, and application hosts disagree on
    the time. `now()` is the start of the transaction, so rows written in one transaction
    share it.
    """

    # Read the server-set values back in the same statement (RETURNING), so they can be
    # used after a flush without a lazy load, which async sessions cannot do.
    __mapper_args__: Any = {"eager_defaults": True}

    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    updated_at: Mapped[datetime] = mapped_column(server_default=func.now(), onupdate=func.now())


class SoftDeleteMixin:
    """`deleted_at`: a row is deleted by stamping it, and ORM queries stop seeing it.

    Hiding happens in one place, the `do_orm_execute` hook below, which covers every ORM
    SELECT and the relationship loads it triggers.
    """

    deleted_at: Mapped[datetime | None] = mapped_column(default=None)

    @property
    def is_deleted(self) -> bool:
        return self.deleted_at is not None

    def soft_delete(self) -> None:
        self.deleted_at = datetime.now(UTC)

    def restore(self) -> None:
        self.deleted_at = None


_NOT_DELETED = with_loader_criteria(
    SoftDeleteMixin, lambda cls: cls.deleted_at.is_(None), include_aliases=True
)
# Each statement with the criteria added, for as long as the statement lives: a statement
# built once and run again (a module-level `select()`, `bindparam()` for what varies)
# then costs neither a new copy nor a new cache key, which SQLAlchemy computes once per
# statement object, on each run.
_hiding: WeakKeyDictionary[Executable, Executable] = WeakKeyDictionary()


@event.listens_for(Session, "do_orm_execute")
def _hide_soft_deleted_rows(state: ORMExecuteState) -> None:
    # Relationship and column loads inherit the criteria from the statement that loaded
    # their parent (with_loader_criteria propagates), so only top-level SELECTs add it.
    if (
        state.is_select
        and not state.is_column_load
        and not state.is_relationship_load
        and not state.execution_options.get(INCLUDE_DELETED, False)
    ):
        statement = state.statement
        hiding = _hiding.get(statement)
        if hiding is None:
            hiding = _hiding[statement] = statement.options(_NOT_DELETED)
        state.statement = hiding
