"""The team guide's workflow, command by command, on a freshly baked empty project.

Starts from `include_examples=no` and rebuilds the guide's own two revisions: the account
table by hand (`alembic revision`), the users table by autogenerate; then the example
Account's later soft delete, by autogenerate too.
"""

import re
import shutil
import sys
from pathlib import Path
from typing import Any

from support.project import DEFAULT_SLUG, EXAMPLES_HEAD, alembic, bake, run

DATED_PREFIX = r"\d{4}_\d{2}_\d{2}_\d{4}_"  # alembic.ini file_template: year_month_day_hourminute


FUNCTIONS = ("upgrade", "downgrade")


def function_body(revision: Path, name: str) -> str:
    """The body of `def name()` in a revision file, as written there."""
    text = revision.read_text()
    start = text.index(f"def {name}() -> None:\n") + len(f"def {name}() -> None:\n")
    end = text.find("\n\n\ndef ", start)
    return text[start : end if end != -1 else len(text)].rstrip() + "\n"


def revision_file(project: Path, rev: str, slug: str) -> Path:
    versions = project / "migrations" / "versions"
    pattern = rf"{DATED_PREFIX}{rev}_{slug}\.py"
    matches = [path for path in versions.glob("*.py") if re.fullmatch(pattern, path.name)]
    assert len(matches) == 1, sorted(path.name for path in versions.iterdir())
    return matches[0]


def current(project: Path, env: dict[str, str]) -> str:
    result = run(sys.executable, "-m", "alembic", "current", cwd=project, env=env)
    return result.stdout.strip()  # the log goes to stderr


def test_the_guides_workflow(
    cookies: Any, default_project: Path, database_env: dict[str, str]
) -> None:
    project = bake(cookies, include_examples="no")
    models = project / "src" / DEFAULT_SLUG / "models"
    example_models = default_project / "src" / DEFAULT_SLUG / "models"
    env = database_env

    # 3. A revision by hand: dated file name, and a downgrade that refuses until written.
    # The account as the guide has it, before the example became soft-deletable.
    account_model = (example_models / "account.py").read_text()
    guides_account = account_model.replace("SoftDeleteMixin, ", "")
    assert "SoftDeleteMixin" not in guides_account
    (models / "account.py").write_text(guides_account)
    alembic(project, "revision", "-m", "create account table", "--rev-id", "7ad378002ee7", env=env)
    account = revision_file(project, "7ad378002ee7", "create_account_table")
    text = account.read_text()
    assert 'raise NotImplementedError("write the exact reverse of upgrade()")' in text
    # Write both bodies as the guide's own revision has them.
    example = revision_file(default_project, "7ad378002ee7", "create_account_table")
    unwritten_upgrade, unwritten_downgrade = (function_body(account, f) for f in FUNCTIONS)
    text = text.replace(unwritten_upgrade, function_body(example, "upgrade"), 1)
    text = text.replace(unwritten_downgrade, function_body(example, "downgrade"), 1)
    account.write_text(text)

    # 7. Upgrade to head, and see where we are.
    alembic(project, "upgrade", "head", env=env)
    assert current(project, env) == "7ad378002ee7 (head)"

    # 5. A revision from the models: autogenerate sees the new model file on its own.
    shutil.copy(example_models / "user.py", models)
    output = alembic(
        project, "revision", "--autogenerate", "-m", "create users table",
        "--rev-id", "fa572fa8023c", env=env,
    )  # fmt: skip
    assert "Detected added table 'users'" in output
    users = revision_file(project, "fa572fa8023c", "create_users_table")
    text = users.read_text()
    assert 'down_revision: str | Sequence[str] | None = "7ad378002ee7"' in text
    assert 'op.create_table(\n        "users"' in text
    assert 'op.drop_table("users")' in text.split("def downgrade")[1]
    assert "NotImplementedError" not in text
    # One table per revision: nothing names the account table as the table it changes.
    assert re.search(r'\(\s*"account"|table_name="account"', text) is None, text

    alembic(project, "upgrade", "head", env=env)
    assert current(project, env) == "fa572fa8023c (head)"
    alembic(project, "check", env=env)  # the models and the database agree

    # 8. One step back; 9. all the way back, and forward again.
    alembic(project, "downgrade", "-1", env=env)
    assert current(project, env) == "7ad378002ee7"
    alembic(project, "downgrade", "base", env=env)
    assert current(project, env) == ""
    alembic(project, "upgrade", "head", env=env)
    assert current(project, env) == "fa572fa8023c (head)"

    # 10. History in order, newest first.
    history = run(sys.executable, "-m", "alembic", "history", cwd=project, env=env).stdout
    history = history.strip().splitlines()
    assert history == [
        "7ad378002ee7 -> fa572fa8023c (head), create users table",
        "<base> -> 7ad378002ee7, create account table",
    ]

    # Offline SQL, both directions, with no database reachable at all.
    offline = {"DATABASE_URL": "postgresql://nobody@unreachable.invalid:1/none"}
    upgrade_sql = alembic(project, "upgrade", "7ad3:fa572", "--sql", env=offline)
    assert "CREATE TABLE users" in upgrade_sql
    assert "CREATE TABLE account" not in upgrade_sql
    downgrade_sql = alembic(project, "downgrade", "fa572:7ad3", "--sql", env=offline)
    assert "DROP TABLE users" in downgrade_sql
    full_sql = alembic(project, "upgrade", "head", "--sql", env=offline)
    assert full_sql.index("CREATE TABLE account") < full_sql.index("CREATE TABLE users")

    # Later the account is soft-deleted: a new revision, never an edit of 7ad378002ee7.
    (models / "account.py").write_text(account_model)
    output = alembic(
        project, "revision", "--autogenerate", "-m", "add deleted_at to account",
        "--rev-id", EXAMPLES_HEAD, env=env,
    )  # fmt: skip
    assert "Detected added column 'account.deleted_at'" in output
    alembic(project, "upgrade", "head", env=env)
    assert current(project, env) == f"{EXAMPLES_HEAD} (head)"
    alembic(project, "check", env=env)

    # What the workflow wrote passes the project's own checks.
    run(sys.executable, "-m", "ruff", "check", ".", cwd=project)
    run(sys.executable, "-m", "ruff", "format", "--check", ".", cwd=project)
    run(sys.executable, "-m", "mypy", cwd=project)


def test_make_targets_drive_the_same_workflow(
    default_project: Path, database_env: dict[str, str]
) -> None:
    def make(*arguments: str) -> str:
        return run("make", *arguments, f"PYTHON={sys.executable}", cwd=default_project,
                   env=database_env).stdout  # fmt: skip

    make("migrate")
    assert f"{EXAMPLES_HEAD} (head)" in make("current")
    make("rollback")
    assert "fa572fa8023c" in make("current")
    assert "(current)" in make("history")
    make("reset")
    make("migrate")
    make("drift")
    sql = make("sql", "range=7ad3:fa572")
    assert "CREATE TABLE users" in sql
    assert "CREATE TABLE account" not in sql

    usage = run("make", "revision", cwd=default_project, check=False)
    assert usage.returncode != 0
    assert 'usage: make revision m="what it does"' in usage.stderr


def test_alembic_ini_dates_files_in_utc_and_truncates_slugs(
    project: Path, database_env: dict[str, str]
) -> None:
    ini = (project / "alembic.ini").read_text()
    assert "sqlalchemy.url" not in ini  # the URL comes from settings only

    message = "add a column whose purpose takes far too many words to describe well"
    alembic(project, "revision", "-m", message, "--rev-id", "0123456789ab", env=database_env)
    [written] = (project / "migrations" / "versions").glob("*_0123456789ab_*.py")
    slug = written.stem.split("_0123456789ab_")[1]
    assert len(slug) <= 40
    assert message.replace(" ", "_").startswith(slug)
    assert re.search(r"Create Date: .*\+00:00", written.read_text())
