"""Every model must be registered on the metadata by importing what env.py imports.

A model module nothing imports is invisible to autogenerate and to the drift test, which
then pass while the table is missing. The check imports the models package (as env.py
does), notes the tables, then imports every module of the service and reports any that
adds a table. It runs in a fresh interpreter: in the test process, other tests may have
imported those modules already.

    python -m migration_tools.registration PACKAGE MODELS_MODULE METADATA
    e.g.   python -m migration_tools.registration shop shop.models shop.db:Base.metadata
"""

import importlib
import json
import os
import pkgutil
import subprocess
import sys
from functools import reduce

from sqlalchemy import MetaData


def _resolve(reference: str) -> MetaData:
    module, _, attributes = reference.partition(":")
    found = reduce(getattr, attributes.split("."), importlib.import_module(module))
    if not isinstance(found, MetaData):
        raise TypeError(f"{reference} is not a MetaData")
    return found


def tables_outside(package: str, models_module: str, metadata_reference: str) -> dict[str, str]:
    """Tables that importing `models_module` does not register: table -> its module."""
    importlib.import_module(models_module)
    metadata = _resolve(metadata_reference)
    known = set(metadata.tables)
    root = importlib.import_module(package)
    unregistered: dict[str, str] = {}
    for module in pkgutil.walk_packages(root.__path__, f"{package}."):
        importlib.import_module(module.name)
        for table in set(metadata.tables) - known - unregistered.keys():
            unregistered[table] = module.name
    return unregistered


class RegistrationCheck:
    """`tables_outside`, running in a fresh interpreter (with this one's import path) from
    the moment it is made: started early, it costs a test run no time."""

    def __init__(self, package: str, models_module: str, metadata_reference: str) -> None:
        environment = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, sys.path))}
        command = [sys.executable, "-m", __name__, package, models_module, metadata_reference]
        self._process = subprocess.Popen(  # noqa: S603  (our own interpreter and module)
            command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=environment
        )

    def result(self) -> dict[str, str]:
        """Tables that importing the models module does not register: table -> module."""
        out, err = self._process.communicate()
        if self._process.returncode != 0:
            raise RuntimeError(f"the registration check failed:\n{err}")
        found: dict[str, str] = json.loads(out)
        return found


if __name__ == "__main__":
    print(json.dumps(tables_outside(*sys.argv[1:4])))
