"""Rewrite the generated project's committed OpenAPI document from baked apps.

`make openapi` (the template's) runs it after a change to the generated API: it bakes the
project without and with the examples, takes each app's document as the generated
`make openapi` would write it, and stores the first as `openapi.json` (its answers turned
back into Jinja) and what the examples add as `openapi.examples.json`, which the
post-generation hook merges in. tests/test_api_gate.py proves every bake's committed
document is its app's.
"""

import json
import subprocess
import sys
import tempfile
from pathlib import Path

from cookiecutter.main import cookiecutter

TEMPLATE = Path(__file__).resolve().parents[2]
PROJECT = TEMPLATE / "{{cookiecutter.project_slug}}"
DOCUMENT = "from release_checks.api.gate import app_document as a, normalise as n; print(n(a()))"
DEFAULTS = json.loads((TEMPLATE / "cookiecutter.json").read_text())


def app_document(include_examples: str, output: Path) -> dict[str, object]:
    baked = Path(
        cookiecutter(
            str(TEMPLATE),
            no_input=True,
            output_dir=str(output / include_examples),
            extra_context={"include_examples": include_examples, "api": "fastapi"},
        )
    )
    printed = subprocess.run(
        [sys.executable, "-c", DOCUMENT], cwd=baked, capture_output=True, text=True, check=True
    ).stdout
    document: dict[str, object] = json.loads(printed)
    return document


def dump(document: object) -> str:
    return json.dumps(document, indent=2, sort_keys=True, ensure_ascii=False) + "\n"


def main() -> None:
    with tempfile.TemporaryDirectory() as scratch:
        plain = app_document("no", Path(scratch))
        examples = app_document("yes", Path(scratch))
    extra = {
        "paths": {
            path: item
            for path, item in examples["paths"].items()  # type: ignore[attr-defined]
            if path not in plain["paths"]  # type: ignore[operator]
        },
        "components": {
            "schemas": {
                name: schema
                for name, schema in examples.get("components", {}).get("schemas", {}).items()  # type: ignore[attr-defined]
                if name not in plain.get("components", {}).get("schemas", {})  # type: ignore[attr-defined]
            }
        },
    }
    text = dump(plain)
    info = plain["info"]  # type: ignore[index]
    for key, jinja in (
        ("title", '"{{ cookiecutter.project_slug }}"'),
        ("description", "{{ cookiecutter.description | jsonify }}"),
    ):
        rendered = f'"{key}": {json.dumps(info[key], ensure_ascii=False)}'  # type: ignore[index]
        assert text.count(rendered) == 1, rendered
        text = text.replace(rendered, f'"{key}": {jinja}')
    (PROJECT / "openapi.json").write_text(text)
    (PROJECT / "openapi.examples.json").write_text(dump(extra))


if __name__ == "__main__":
    main()
