"""The names a generated project's package may not take, read from a baked project and
from the distributions it really installs here (runtime, dev tools, build backend).

The pre-generation hook cannot import the project's environment at bake time, so it keeps
a generated copy: `make reserved-names` (`python -m support.reserved_names --write` from
tests/, in the template's .venv) rewrites the block between its BEGIN and END lines, and
tests/test_reserved_names.py fails when the copy no longer matches what this finds. The
standard library is not listed: the hook reads `sys.stdlib_module_names` when it runs.
"""

import json
import re
import sys
import tempfile
import tomllib
from importlib import metadata
from pathlib import Path

from cookiecutter.main import cookiecutter
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

from support.answers import CHOICES
from support.project import TEMPLATE

HOOK = TEMPLATE / "hooks" / "pre_gen_project.py"
BEGIN, END = "# BEGIN reserved names\n", "# END reserved names\n"
SLUG = re.compile(r"[a-z][a-z0-9_]*")
KINDS = ("INSTALLED_MODULES", "INSTALLED_DISTRIBUTIONS", "PROJECT_FILES", "GIT_IGNORED")
# Where a generated project imports its top-level names from: its root (pytest's
# `pythonpath`, alembic's `prepend_sys_path`) and tests/ (pytest's rootdir conftest).
IMPORT_ROOTS = (".", "tests")


def covering_answers() -> list[dict[str, str]]:
    """Every value of every choice prompt at least once, whatever cookiecutter.json holds."""
    return [
        {name: values[i % len(values)] for name, values in CHOICES.items()}
        for i in range(max(map(len, CHOICES.values())))
    ]


def bake(output: Path, answers: dict[str, str]) -> Path:
    """The template's files for these answers; without hooks, so nothing is pruned (a name
    is reserved if any project has it) and the hook is not needed to make its own list."""
    config = output.with_suffix(".yaml")  # cookiecutter's replay files stay out of ~
    config.write_text(f"replay_dir: {json.dumps(str(output.with_suffix('.replay')))}\n")
    return Path(
        cookiecutter(
            str(TEMPLATE), no_input=True, output_dir=str(output), extra_context=answers,
            accept_hooks=False, config_file=str(config),
        )
    )  # fmt: skip


def requirements(project: Path) -> list[Requirement]:
    pyproject = tomllib.loads((project / "pyproject.toml").read_text())
    return [
        Requirement(line)
        for line in (
            *pyproject["project"]["dependencies"],
            *pyproject["project"]["optional-dependencies"]["dev"],
            *pyproject["build-system"]["requires"],
            "pip",  # `pip install -e .` puts the package beside pip
        )
    ]


def installed_closure(roots: list[Requirement]) -> dict[str, metadata.Distribution]:
    """Every distribution the requirements pull in, as installed in this environment."""
    extras: dict[str, set[str]] = {}
    found: dict[str, metadata.Distribution] = {}
    pending = [(requirement, "") for requirement in roots]
    while pending:
        requirement, extra = pending.pop()
        if requirement.marker and not requirement.marker.evaluate({"extra": extra}):
            continue
        name = canonicalize_name(requirement.name)
        wanted = {"", *requirement.extras}
        if name in found and wanted <= extras[name]:
            continue
        try:
            found[name] = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            sys.exit(f"{requirement.name} is not installed here: run `make venv` first")
        extras[name] = extras.get(name, set()) | wanted
        pending += [
            (Requirement(line), wanted_extra)
            for line in found[name].requires or []
            for wanted_extra in extras[name]
        ]
    return found


def top_level_names(distribution: metadata.Distribution) -> set[str]:
    """The importable names a distribution installs, from its RECORD."""
    names = set()
    for path in distribution.files or []:
        top = path.parts[0]
        if len(path.parts) == 1:
            top = top.split(".")[0] if top.endswith((".py", ".so", ".pyd")) else ""
        elif top.endswith((".dist-info", ".data")):
            top = ""
        names.add(top)
    return {name for name in names if SLUG.fullmatch(name)}


def reserved_names() -> dict[str, dict[str, str]]:
    with tempfile.TemporaryDirectory() as output:
        projects = [bake(Path(output) / str(i), a) for i, a in enumerate(covering_answers())]
        # Every project's requirements: the answers differ in what they install (api).
        distributions = installed_closure([r for p in projects for r in requirements(p)])
        modules = {
            module: distribution.metadata["Name"]
            for distribution in distributions.values()
            for module in top_level_names(distribution)
        }
        distribution_names = {
            name.replace("-", "_"): distribution.metadata["Name"]
            for name, distribution in distributions.items()
            if name.replace("-", "_") not in modules
        }
        files, ignored = {}, {}
        for project in projects:
            for root in IMPORT_ROOTS:
                for path in (project / root).iterdir():
                    name = path.stem if path.suffix == ".py" else path.name
                    if (path.is_dir() or path.suffix == ".py") and SLUG.fullmatch(name):
                        files[name] = str(path.relative_to(project))
            for line in (project / ".gitignore").read_text().splitlines():
                if SLUG.fullmatch(line.strip().strip("/")):
                    ignored[line.strip().strip("/")] = line.strip()
    return dict(zip(KINDS, (modules, distribution_names, files, ignored), strict=True))


def render(reserved: dict[str, dict[str, str]]) -> str:
    """The hook's block, formatted as ruff formats it."""
    lines = [
        BEGIN.rstrip("\n"),
        "# Written by `make reserved-names` (tests/support/reserved_names.py) from a baked",
        "# project and the distributions it installs; tests/test_reserved_names.py fails when",
        "# they change. Do not edit by hand.",
    ]
    for variable, names in reserved.items():
        lines += [f"{variable} = {{"]
        lines += [f'    "{name}": "{names[name]}",' for name in sorted(names)]
        lines += ["}"]
    return "\n".join([*lines, END])


def current_block() -> str:
    text = HOOK.read_text()
    return text[text.index(BEGIN) : text.index(END) + len(END)]


def kept() -> set[str]:
    """Every name the hook's block reserves now."""
    block: dict[str, dict[str, str]] = {}
    exec(current_block(), block)  # plain dict literals
    return {name for kind in KINDS for name in block[kind]}


if __name__ == "__main__":
    block = render(reserved_names())
    if sys.argv[1:] == ["--write"]:
        HOOK.write_text(HOOK.read_text().replace(current_block(), block))
    else:
        sys.stdout.write(block)
