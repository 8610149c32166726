"""Prune what the answers did not ask for. Runs inside the generated project."""

import shutil
from pathlib import Path

INCLUDE_EXAMPLES = {{cookiecutter.include_examples | jsonify}} == "yes"
API = {{cookiecutter.api | jsonify}} == "fastapi"
PACKAGE = Path("src") / {{cookiecutter.project_slug | jsonify}}

# The example models, their two revisions (the guide's own), their endpoints, and the
# tests that use them.
EXAMPLE_PATTERNS = (
    str(PACKAGE / "models" / "account.py"),
    str(PACKAGE / "models" / "user.py"),
    "migrations/versions/*_7ad378002ee7_*.py",
    "migrations/versions/*_fa572fa8023c_*.py",
    "tests/examples/*",
    str(PACKAGE / "api" / "accounts.py"),
    str(PACKAGE / "api" / "users.py"),
    str(PACKAGE / "api" / "pagination.py"),
    "tests/api/test_accounts.py",
    "tests/api/test_users.py",
)

# The HTTP service and its tests.
API_DIRECTORIES = (PACKAGE / "api", Path("tests") / "api")


def remove_examples() -> None:
    for pattern in EXAMPLE_PATTERNS:
        for path in Path().glob(pattern):
            path.unlink()
    examples = Path("tests/examples")
    if examples.exists():
        examples.rmdir()


def remove_api() -> None:
    for directory in API_DIRECTORIES:
        shutil.rmtree(directory)


if __name__ == "__main__":
    if not INCLUDE_EXAMPLES:
        remove_examples()
    if not API:
        remove_api()
