"""Prune what the answers did not ask for. Runs inside the generated project."""

import json
import shutil
from pathlib import Path

INCLUDE_EXAMPLES = {{cookiecutter.include_examples | jsonify}} == "yes"
API_ANSWER = {{cookiecutter.api | jsonify}}
API = API_ANSWER == "fastapi"
PYTHON_VERSION = {{cookiecutter.python_version | jsonify}}
SLUG = {{cookiecutter.project_slug | jsonify}}
PACKAGE = Path("src") / SLUG
# The pinned dependency sets, one per answer that changes pyproject.toml's dependencies
# or requires-python (`make pins` in the template writes them, from bakes named
# accounts_service); the project keeps its own, under its own name.
PINS = Path(".pins") / f"py{PYTHON_VERSION}-{API_ANSWER}"
PINNED_NAME = 'name = "accounts-service"'
PACKAGE_BLOCK = "\n[[package]]\n"

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

# The HTTP service, its tests, and the check of its contract (make lint-api).
API_DIRECTORIES = (PACKAGE / "api", Path("tests") / "api", Path("release_checks") / "api")
# Its contract.
API_FILES = (
    Path("openapi.json"),
    Path("openapi.examples.json"),
    Path("openapi-acknowledged.toml"),
    Path("tests") / "test_api_contract.py",
)
API_PATTERNS = ("release_checks/rules/api_*.py",)  # the API rules


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
    for pattern in API_PATTERNS:
        for path in Path().glob(pattern):
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


def keep_pins() -> None:
    """uv.lock and constraints.txt of these answers. The lock names the project as uv
    does (lowercase, `-` for `_`), among its packages where uv sorts it, so that the
    project's first `uv lock` changes nothing."""
    header, *packages = (PINS / "uv.lock").read_text().split(PACKAGE_BLOCK)
    own = f'name = "{SLUG.replace("_", "-")}"'
    renamed = [block.replace(PINNED_NAME, own, 1) for block in packages]
    assert sum(PINNED_NAME in block for block in packages) == 1, "pins of another project"
    ordered = sorted(renamed, key=lambda block: block.split('"', 2)[1])  # stable: forks
    Path("uv.lock").write_text(PACKAGE_BLOCK.join([header, *ordered]))
    shutil.move(PINS / "constraints.txt", "constraints.txt")
    shutil.rmtree(PINS.parent)


if __name__ == "__main__":
    keep_pins()
    if not INCLUDE_EXAMPLES:
        remove_examples()
    if API:
        write_openapi()
    else:
        remove_api()
