"""Alembic operations described as changes: what they do to which object, and the change
that undoes each one."""

from dataclasses import dataclass

from alembic.operations import ops

_OPPOSITE = {"create": "drop", "drop": "create", "add": "drop", "rename": "rename"}


@dataclass(frozen=True)
class Change:
    verb: str  # create, drop, add, alter, rename, comment, insert, execute
    kind: str  # table, column, index, constraint, sql, operation
    target: str  # "users", "users.email", "ix_users_email", "users.email (type)", ...
    table: str | None  # the table it changes, when known

    def __str__(self) -> str:
        return f"{self.verb} {self.kind} {self.target}".rstrip()

    def inverse(self) -> "Change":
        if self.kind == "column" and self.verb == "drop":
            return Change("add", "column", self.target, self.table)
        if self.kind == "column" and self.verb == "add":
            return Change("drop", "column", self.target, self.table)
        if self.verb == "rename":
            old, new = self.target.split(" -> ")
            table = new if self.kind == "table" else self.table
            return Change("rename", self.kind, f"{new} -> {old}", table)
        return Change(_OPPOSITE.get(self.verb, self.verb), self.kind, self.target, self.table)

    def undone_by(self, other: "Change") -> bool:
        """Whether `other` is the exact reverse of this change."""
        if self.kind == "sql":  # raw SQL and bulk inserts are undone by any raw SQL
            return other.kind == "sql"
        return other == self.inverse()


def describe(operation: ops.MigrateOperation) -> Change:
    match operation:
        case ops.CreateTableOp(table_name=table):
            return Change("create", "table", table, table)
        case ops.DropTableOp(table_name=table):
            return Change("drop", "table", table, table)
        case ops.RenameTableOp(table_name=old, new_table_name=new):
            return Change("rename", "table", f"{old} -> {new}", old)
        case ops.AddColumnOp(table_name=table, column=column):
            return Change("add", "column", f"{table}.{column.name}", table)
        case ops.DropColumnOp(table_name=table, column_name=column):
            return Change("drop", "column", f"{table}.{column}", table)
        case ops.AlterColumnOp(table_name=table, column_name=column, modify_name=str(new)):
            return Change("rename", "column", f"{table}.{column} -> {table}.{new}", table)
        case ops.AlterColumnOp(table_name=table, column_name=column):
            return Change("alter", "column", f"{table}.{column} ({_altered(operation)})", table)
        case ops.CreateIndexOp(index_name=name, table_name=table):
            return Change("create", "index", str(name), table)
        case ops.DropIndexOp(index_name=name, table_name=table):
            return Change("drop", "index", str(name), table)
        case ops.CreateForeignKeyOp(source_table=table, constraint_name=name):
            return Change("create", "constraint", f"{table}.{name}", table)
        case (
            ops.CreatePrimaryKeyOp(table_name=table, constraint_name=name)
            | ops.CreateUniqueConstraintOp(table_name=table, constraint_name=name)
            | ops.CreateCheckConstraintOp(table_name=table, constraint_name=name)
        ):
            return Change("create", "constraint", f"{table}.{name}", table)
        case ops.DropConstraintOp(table_name=table, constraint_name=name):
            return Change("drop", "constraint", f"{table}.{name}", table)
        case ops.CreateTableCommentOp(table_name=table) | ops.DropTableCommentOp(table_name=table):
            return Change("comment", "table", table, table)
        case ops.BulkInsertOp(table=table):
            return Change("insert", "sql", f"into {table.name}", table.name)
        case ops.ExecuteSQLOp():
            return Change("execute", "sql", "", None)
    return Change(type(operation).__name__, "operation", "", None)


def _altered(operation: ops.AlterColumnOp) -> str:
    changed = {
        "type": operation.modify_type is not None,
        "nullable": operation.modify_nullable is not None,
        "server_default": operation.modify_server_default is not False,
        "comment": operation.modify_comment is not False,
    }
    return ", ".join(name for name, is_changed in changed.items() if is_changed)
