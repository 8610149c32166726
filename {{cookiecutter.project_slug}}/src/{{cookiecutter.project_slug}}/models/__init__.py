"""Every module of this package is imported here.

Autogenerate compares `Base.metadata` with the database, and a model counts only once its
module has been imported. Importing the whole package means a new model file is seen
with no other edit ("autogenerate produced an empty migration" is the usual symptom of
forgetting it).
"""

import importlib
import pkgutil

for _module in pkgutil.iter_modules(__path__):
    importlib.import_module(f"{__name__}.{_module.name}")
