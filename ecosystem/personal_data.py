"""Each app's part in a person's rights over their personal information.

An app that holds personal information has a ``privacy`` module with any of:

- ``export(user) -> dict[str, list[dict]]``: everything the person gave, by section, each row
  a flat dict of plain values (what "download my data" writes as JSON and CSV);
- ``consent_withdrawn(user, purpose)``: erase what was kept under that consent, in the
  withdrawal's transaction;
- ``erase(user)``: what deleting the account must do before the ``User`` row goes (the rest
  follows the foreign keys: personal rows cascade, shared contributions lose their author).

They are called in ``settings.PLATFORM_APPS`` order, like the demo data, so ``ecosystem`` never
imports the apps above it.
"""

from collections.abc import Iterator
from importlib import import_module
from importlib.util import find_spec
from types import ModuleType

from django.conf import settings


def privacy_modules() -> Iterator[ModuleType]:
    for app_name in settings.PLATFORM_APPS:
        if find_spec(f"{app_name}.privacy") is not None:
            yield import_module(f"{app_name}.privacy")


def hooks(name: str) -> list:
    return [getattr(module, name) for module in privacy_modules() if hasattr(module, name)]
