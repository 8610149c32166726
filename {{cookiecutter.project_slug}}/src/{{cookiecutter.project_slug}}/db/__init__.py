"""The database layer: declarative base, mixins, engine and sessions."""

from {{ cookiecutter.project_slug }}.db.base import NAMING_CONVENTION, Base
from {{ cookiecutter.project_slug }}.db.deprecation import Deprecation, deprecated, deprecations
from {{ cookiecutter.project_slug }}.db.mixins import INCLUDE_DELETED, SoftDeleteMixin, TimestampMixin
from {{ cookiecutter.project_slug }}.db.session import (
    create_engine,
    create_session_factory,
    get_engine,
    get_session_factory,
)

__all__ = [
    "INCLUDE_DELETED",
    "NAMING_CONVENTION",
    "Base",
    "Deprecation",
    "SoftDeleteMixin",
    "TimestampMixin",
    "create_engine",
    "create_session_factory",
    "deprecated",
    "deprecations",
    "get_engine",
    "get_session_factory",
]
