"""Prune what the answers did not ask for. Runs inside the generated project."""

import json
import shutil
from pathlib import Path

INCLUDE_EXAMPLES = {{cookiecutter.include_examples | jsonify}} == "yes"
API = {{cookiecutter.api | jsonify}} == "fastapi"
PACKAGE = Path("src") / {{cookiecutter.project_slug | jsonify}}

# The example models, their revisions (the guide's own two, then the Account's deleted_at),
# their endpoints, and the tests that use them.
EXAMPLE_PATTERNS = (
    str(PACKAGE / "models" / "account.py"),
    str(PACKAGE / "models" / "user.py"),
    "migrations/versions/*_7ad378002ee7_*.py",
    "migrations/versions/*_fa572fa8023c_*.py",
    "migrations/versions/*_3f2c9b1d4e6a_*.py",
    "tests/examples/*",
    str(PACKAGE / "api" / "accounts.py"),
    str(PACKAGE / "api" / "users.py"),
    str(PACKAGE / "api" / "resources.py"),
    "tests/api/test_accounts.py",
    "tests/api/test_users.py",
)

# The HTTP service and its tests.
API_DIRECTORIES = (PACKAGE / "api", Path("tests") / "api")
# Its contract and the gate that guards it (make lint-api).
API_FILES = (
    Path("openapi.json"),
    Path("openapi.examples.json"),
    Path("openapi-acknowledged.toml"),
    Path("migration_tools") / "api_contract.py",
    Path("migration_tools") / "api_gate.py",
    Path("migration_tools") / "api_deprecations.py",
    Path("tests") / "test_api_contract.py",
)


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
    for path in API_FILES:
        path.unlink()


def write_openapi() -> None:
    """openapi.json exactly as `make openapi` writes it: the examples' endpoints and
    schemas merged in when they are asked for, then sorted and indented the same way."""
    document = json.loads(Path("openapi.json").read_text())
    examples = Path("openapi.examples.json")
    if INCLUDE_EXAMPLES:
        extra = json.loads(examples.read_text())
        document["paths"].update(extra.get("paths", {}))
        schemas = document.setdefault("components", {}).setdefault("schemas", {})
        schemas.update(extra.get("components", {}).get("schemas", {}))
    examples.unlink()
    text = json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False)
    Path("openapi.json").write_text(text + "\n")


if __name__ == "__main__":
    if not INCLUDE_EXAMPLES:
        remove_examples()
    if API:
        write_openapi()
    else:
        remove_api()
