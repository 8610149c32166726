"""Deprecation as one declaration in the model (a minimal stand-in: the full version, which
also keeps a column the code no longer uses out of every statement, lands separately).

    nickname: Mapped[str | None] = mapped_column(info=deprecated("0.3", used=False))
    __table_args__ = {"info": deprecated("0.3")}
"""

from dataclasses import dataclass
from typing import Any

from sqlalchemy import MetaData

KEY = "deprecated"


def deprecated(since: str, *, used: bool = True) -> dict[str, Any]:
    """The `info=` of a column (or a table's `__table_args__`) deprecated in release `since`;
    `used=False` once no code of this release reads or writes it."""
    return {KEY: {"since": since, "used": used}}


@dataclass(frozen=True)
class Deprecation:
    table: str
    column: str | None  # None: the whole table
    since: str
    used: bool


def deprecations(metadata: MetaData) -> list[Deprecation]:
    """Every table and column `metadata` declares deprecated, in table then column order."""
    found: list[Deprecation] = []
    for table in sorted(metadata.tables.values(), key=lambda table: table.name):
        holders: list[tuple[str | None, dict[Any, Any]]] = [(None, table.info)]
        holders += [(column.name, column.info) for column in table.columns]
        for column, info in holders:
            if isinstance(declared := info.get(KEY), dict):
                found.append(Deprecation(table.name, column, declared["since"], declared["used"]))
    return found
