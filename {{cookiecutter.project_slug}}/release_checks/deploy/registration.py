"""Every model must be registered on the metadata by importing what env.py imports.

A model module nothing imports is invisible to autogenerate and to the drift test, which
then pass while the table is missing. The check imports the models package (as env.py
does), notes the tables, then imports every module of the service and reports any that
adds a table. It runs in a fresh interpreter (started beside the deploy rehearsal's,
rehearsal.py): in the test process, other tests may have imported those modules already.

    python -m release_checks.deploy.registration PACKAGE MODELS_MODULE METADATA

prints {"outside": {table: module}}, or {"error": why the check could not run}.
"""

import gc
import importlib
import json
import pkgutil
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


def report(package: str, models_module: str, metadata_reference: str) -> dict[str, object]:
    try:
        return {"outside": tables_outside(package, models_module, metadata_reference)}
    except Exception as error:  # reported by the registration test
        return {"error": f"{type(error).__name__}: {error}"}


if __name__ == "__main__":
    print(json.dumps(report(*sys.argv[1:4])))
    gc.freeze()  # the check is made: the last collection at exit need not walk the service
