"""pytest-alembic's default tests (its model_definitions_match_ddl aside), imported as
plain tests: its own collector does not work with pytest 9."""

from pytest_alembic.tests import (  # noqa: F401
    test_single_head_revision,
    test_up_down_consistency,
    test_upgrade,
)
