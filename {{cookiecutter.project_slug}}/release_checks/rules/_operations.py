"""What the rules' recognisers, and the gate, read of Alembic operations: the table an
operation names, as the rules name it (db/schema_changes.py's `qualified`), and the tables
a revision creates, whose columns are new whatever is done to them."""

from collections.abc import Iterable, Iterator

from alembic.operations import ops

from {{ cookiecutter.project_slug }}.db.schema_changes import qualified


def flatten(operations: Iterable[ops.MigrateOperation]) -> Iterator[ops.MigrateOperation]:
    """Every operation, the ones inside containers (autogenerate's ModifyTableOps) too."""
    for operation in operations:
        if isinstance(operation, ops.OpContainer):
            yield from flatten(operation.ops)
        else:
            yield operation


def created_tables(operations: Iterable[ops.MigrateOperation]) -> set[str]:
    return {
        qualified(op.schema, op.table_name)
        for op in flatten(operations)
        if isinstance(op, ops.CreateTableOp)
    }


def table_of(operation: ops.MigrateOperation) -> str | None:
    """The table an operation changes, when it names one."""
    if isinstance(table := getattr(operation, "table_name", None), str):
        return qualified(getattr(operation, "schema", None), table)
    if isinstance(operation, ops.CreateForeignKeyOp):  # its schema is among its options
        return qualified(operation.kw.get("source_schema"), operation.source_table)
    if isinstance(operation, ops.BulkInsertOp):
        return qualified(operation.table.schema, str(operation.table.name))
    return None


def existing_table(operation: ops.MigrateOperation, created: set[str]) -> str | None:
    """The table `operation` changes, unless the same revision creates it."""
    table = table_of(operation)
    return None if table in created else table
