from typing import TYPE_CHECKING

from sqlalchemy.orm import Mapped, mapped_column, relationship

from {{ cookiecutter.project_slug }}.db import Base, SoftDeleteMixin, TimestampMixin

if TYPE_CHECKING:
    from {{ cookiecutter.project_slug }}.models.user import User


class Account(TimestampMixin, SoftDeleteMixin, Base):
    __tablename__ = "account"

    name: Mapped[str] = mapped_column(unique=True)

    users: Mapped[list["User"]] = relationship(back_populates="account")
