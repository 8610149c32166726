"""The declarative base: what every table shares."""

from datetime import datetime
from typing import Any

from sqlalchemy import BigInteger, DateTime, Identity, MetaData, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from {{ cookiecutter.project_slug }}.db.deprecation import check_declarations

# Constraint names are part of the schema: a migration that drops or alters a constraint
# must name it, so every constraint gets a predictable name instead of one PostgreSQL
# invents. Set before the first table exists; changing it later renames nothing.
NAMING_CONVENTION = {
    "pk": "pk_%(table_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING_CONVENTION)

    # `text` over `varchar(n)` and `timestamptz` over `timestamp`: PostgreSQL's advice, and
    # what the migration linter (squawk) asks for.
    type_annotation_map = {str: Text(), datetime: DateTime(timezone=True)}

    id: Mapped[int] = mapped_column(BigInteger, Identity(), primary_key=True)

    def __init_subclass__(cls, **kw: Any) -> None:
        check_declarations(cls)  # a column no longer used is never mapped (db/deprecation.py)
        super().__init_subclass__(**kw)
