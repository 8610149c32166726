"""What the routes of every resource share: ids in paths, pages of lists, PATCH bodies,
and a row by id or a 404."""

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Annotated, Any, Generic, Self, TypeVar
from weakref import WeakKeyDictionary

from fastapi import Depends, HTTPException, Path, Query
from pydantic import BaseModel, ConfigDict, model_validator
from sqlalchemy import Select, bindparam, select
from sqlalchemy.ext.asyncio import AsyncSession

from {{ cookiecutter.project_slug }}.api.schemas import BIGINT_MAX, ResponseModel
from {{ cookiecutter.project_slug }}.db import Base

MAX_PAGE = 100

Id = Annotated[int, Path(ge=1, le=BIGINT_MAX)]
Row = TypeVar("Row", bound=Base)
Item = TypeVar("Item", bound=BaseModel)
PageOf = TypeVar("PageOf", bound="Page[Any]")


class Resource(ResponseModel):
    """A row as the API shows it, read from the model's attributes."""

    model_config = ConfigDict(from_attributes=True)


class Patch(BaseModel):
    """A PATCH body: only the fields sent change. A field may be left out, but not sent as
    null: the columns behind these fields are NOT NULL. Declare each field
    `Type | SkipJsonSchema[None] = None`: left out, it is None, and the document does not
    offer null."""

    @model_validator(mode="after")
    def _no_nulls(self) -> Self:
        if nulls := sorted(name for name in self.model_fields_set if getattr(self, name) is None):
            raise ValueError(f"{', '.join(nulls)} may be left out, not null")
        return self

    def apply_to(self, row: Base) -> None:
        for name, value in self.model_dump(exclude_unset=True).items():
            setattr(row, name, value)


@dataclass(frozen=True)
class Window:
    limit: int
    offset: int


async def window(  # async: FastAPI runs a plain `def` dependency in a thread
    limit: Annotated[int, Query(ge=1, le=MAX_PAGE)] = 50,
    offset: Annotated[int, Query(ge=0, le=BIGINT_MAX)] = 0,
) -> Window:
    return Window(limit, offset)


Pagination = Annotated[Window, Depends(window)]


class Page(ResponseModel, Generic[Item]):
    """One page of a list. `next_offset` is where the next page starts; null on the last.
    Name each kind of page (`class AccountPage(Page[AccountRead])`): the name is what the
    OpenAPI document and the clients generated from it call it."""

    items: list[Item]
    limit: int
    offset: int
    next_offset: int | None


# Each query with its window as parameters, for as long as the query lives.
_windowed: WeakKeyDictionary[Select[Any], Select[Any]] = WeakKeyDictionary()


async def paginate(
    session: AsyncSession,
    query: Select[Any],
    window: Window,
    page_type: type[PageOf],
    parameters: dict[str, Any] | None = None,
) -> PageOf:
    """The `window` of `query` (run with `parameters`), which must be ordered by something
    unique (the id), so that pages neither overlap nor skip rows. One row more than asked
    tells if more follow.

    Declare `query` once, at module level, with `bindparam()` for what varies from request
    to request (users.py): building a statement costs more CPU than running it, and
    SQLAlchemy computes a statement's cache key once per statement object."""
    windowed = _windowed.get(query)
    if windowed is None:
        windowed = _windowed[query] = query.limit(bindparam("page_limit")).offset(
            bindparam("page_offset")
        )
    window_parameters = {"page_limit": window.limit + 1, "page_offset": window.offset}
    rows: Sequence[Any] = (
        await session.scalars(windowed, {**(parameters or {}), **window_parameters})
    ).all()
    more = len(rows) > window.limit
    return page_type.model_validate(
        {
            "items": rows[: window.limit],
            "limit": window.limit,
            "offset": window.offset,
            "next_offset": window.offset + window.limit if more else None,
        },
        from_attributes=True,
    )


_BY_ID: dict[type[Base], Select[Any]] = {}


def by_id(model: type[Row]) -> Select[tuple[Row]]:
    """`SELECT <model> WHERE id = :id`, built once per model and run with the id as a
    parameter: built anew for each request, a statement costs its construction and its
    cache key (SQLAlchemy computes that once per statement object) every time."""
    if model not in _BY_ID:
        _BY_ID[model] = select(model).where(model.id == bindparam("id"))
    return _BY_ID[model]


async def get_or_404(session: AsyncSession, model: type[Row], row_id: int) -> Row:
    """The row, unless it does not exist or is soft-deleted (the ORM hides those)."""
    row: Row | None = await session.scalar(by_id(model), {"id": row_id})
    if row is None:
        raise HTTPException(404, f"{model.__name__.lower()} {row_id} does not exist")
    return row
