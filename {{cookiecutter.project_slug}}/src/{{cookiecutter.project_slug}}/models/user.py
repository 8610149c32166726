from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship

from {{ cookiecutter.project_slug }}.db import Base, SoftDeleteMixin, TimestampMixin

if TYPE_CHECKING:
    from {{ cookiecutter.project_slug }}.models.account import Account


class User(TimestampMixin, SoftDeleteMixin, Base):
    # "user" is a reserved word in PostgreSQL.
    __tablename__ = "users"

    account_id: Mapped[int] = mapped_column(ForeignKey("account.id"), index=True)
    email: Mapped[str] = mapped_column(unique=True)

    account: Mapped["Account"] = relationship(back_populates="users")
