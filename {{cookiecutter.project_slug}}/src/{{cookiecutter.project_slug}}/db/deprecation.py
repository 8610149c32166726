"""Deprecating a column or a table: one declaration, in the model, where people read it.

A column the code still uses, deprecated in 0.3 (nullable, so code that stops writing it
can still insert):

    nickname: Mapped[str | None] = mapped_column(info=deprecated("0.3"))

Once no code uses it, SQLAlchemy's own unmapped column keeps it in the table (drift and
autogenerate know it) while the ORM never names it again in any SELECT, INSERT, UPDATE or
RETURNING, and mypy flags every use left:

    nickname: Unmapped[str | None] = unmapped_column(info=deprecated("0.3", used=False))

A table: `__table_args__ = {"info": deprecated("0.3", used=False)}`; the ORM then refuses
to query, load or write its class. The migration tools read these declarations
(`deprecations(Base.metadata)`) to decide when a drop may ship (docs/migrations.md:
Recipe: deprecate, then drop).
"""

import re
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Column, MetaData, Table, event
from sqlalchemy.orm import Mapper, ORMExecuteState, Session, UOWTransaction
from sqlalchemy.orm.properties import MappedColumn, UnmappedColumn

from .schema_changes import qualified

INFO = "deprecated"  # the key of `info` that holds a declaration
_RELEASE = re.compile(r"v?(\d+)\.(\d+)(?:\.\d+)?(?:[a-zA-Z+.-][0-9A-Za-z+.-]*)?")


class DeprecatedUse(Exception):  # noqa: N818  (it is what it says, not an "Error" suffix)
    """Code queries, loads or writes what it declared no longer used."""


def parse_release(version: str) -> tuple[int, int]:
    """(major, minor) of a version such as "0.4", "0.4.2" or "1.2.0rc1". A release is
    MAJOR.MINOR; patch versions fix a release and do not count."""
    match = _RELEASE.fullmatch(version.strip())
    if match is None:
        raise ValueError(f"{version!r} is not a MAJOR.MINOR[.PATCH] version")
    return int(match[1]), int(match[2])


def deprecated(since: str, *, used: bool = True) -> dict[str, Any]:
    """The `info` of a column or table deprecated in release `since` (MAJOR.MINOR); `used`:
    whether this code still reads or writes it."""
    major, minor = parse_release(since)
    return {INFO: {"since": f"{major}.{minor}", "used": used}}


@dataclass(frozen=True)
class Deprecation:
    table: str  # as the revisions name it: bare in the default schema, else schema.name
    column: str | None  # None: the whole table
    since: str
    used: bool

    @property
    def subject(self) -> str:
        return self.table if self.column is None else f"{self.table}.{self.column}"


def deprecations(metadata: MetaData) -> list[Deprecation]:
    """Every declared deprecation of `metadata`'s tables and columns, by table."""
    found = []
    for table in sorted(metadata.tables.values(), key=lambda table: table.fullname):
        for column, info in [(None, table.info), *((c.name, c.info) for c in table.columns)]:
            if (declared := info.get(INFO)) is not None:
                found.append(
                    Deprecation(
                        qualified(table.schema, table.name),
                        column,
                        declared["since"],
                        declared["used"],
                    )
                )
    return found


def check_declarations(cls: type) -> None:
    """Refuse a class whose declarations contradict the mapping: a column no longer used
    that is still mapped, or one still used that is not (called by `Base`)."""
    for klass in cls.__mro__:
        for name, value in vars(klass).items():
            if not isinstance(value, MappedColumn):
                continue
            declared = value.column.info.get(INFO)
            if declared is None:
                continue
            mapped = not isinstance(value, UnmappedColumn)
            if mapped and not declared["used"]:
                raise TypeError(
                    f"{cls.__name__}.{name} is declared no longer used: declare it "
                    f"`{name}: Unmapped[...] = unmapped_column(info=deprecated(...))`, "
                    "so the ORM never names it"
                )
            if not mapped and declared["used"]:
                raise TypeError(
                    f"{cls.__name__}.{name} is unmapped but declared still used: "
                    "deprecated(..., used=False), or map it with mapped_column()"
                )


def unused_table(table: object) -> bool:
    """Whether `table` (a mapper's, which may be a join) is declared no longer used."""
    declared = table.info.get(INFO) if isinstance(table, Table) else None
    return declared is not None and not declared["used"]


def _refuse(mapper: Mapper[Any], doing: str) -> None:
    raise DeprecatedUse(
        f"{doing} {mapper.class_.__name__}, whose table {mapper.local_table} is declared "
        "no longer used (deprecated(..., used=False))"
    )


@event.listens_for(Mapper, "mapper_configured")
def _no_relationship_to_unused(mapper: Mapper[Any], _class: type) -> None:
    # A relationship would load the unused table with its parent: refuse it at start-up.
    for relationship in mapper.relationships:
        target = relationship.mapper.local_table
        if unused_table(target) and not unused_table(mapper.local_table):
            _refuse(relationship.mapper, f"relationship {relationship} loads")


@event.listens_for(Session, "do_orm_execute")
def _no_query_of_unused(state: ORMExecuteState) -> None:
    for mapper in state.all_mappers:
        if unused_table(mapper.local_table):
            _refuse(mapper, "a query names")


@event.listens_for(Session, "before_flush")
def _no_write_of_unused(session: Session, _flush: UOWTransaction, _instances: object) -> None:
    for instance in [*session.new, *session.dirty, *session.deleted]:
        mapper = getattr(type(instance), "__mapper__", None)
        if isinstance(mapper, Mapper) and unused_table(mapper.local_table):
            _refuse(mapper, "a flush writes")


def unused(thing: object) -> bool:
    """Whether `thing` (a table, a column, an index or constraint of the models) is
    declared no longer used, itself or through its table or one of its columns."""
    if isinstance(thing, Column):
        declared = thing.info.get(INFO)
        return (declared is not None and not declared["used"]) or unused_table(thing.table)
    if isinstance(thing, Table):
        return unused_table(thing)
    columns = getattr(thing, "columns", None)  # an index or a constraint
    return columns is not None and any(unused(column) for column in columns)


def include_object(
    thing: object, _name: str | None, _type: str, reflected: bool, compare_to: object
) -> bool:
    """Alembic's `include_object`: what the models declare no longer used is unknown to
    autogenerate and drift, whether the database still has it or not, so no revision
    drops or adds it by itself."""
    return not unused(compare_to if reflected else thing)
