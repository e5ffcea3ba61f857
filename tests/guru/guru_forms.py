"""Every form class of Guru's own, for tests that hold a rule for all of them."""

import importlib
import inspect
import pkgutil
from collections.abc import Iterator

from django import forms
from django.conf import settings
from wagtail.models import Page, Revision

import guru
from tests.factories import UserFactory


def _guru_form_classes() -> list[type[forms.BaseForm]]:
    importlib.import_module(settings.ROOT_URLCONF)  # the views, and their forms
    for module in pkgutil.walk_packages(guru.__path__, "guru."):
        if module.name.endswith(("forms", "views", "wagtail_hooks")):
            importlib.import_module(module.name)
    found, todo = [], [forms.BaseForm]
    while todo:
        for cls in todo.pop().__subclasses__():
            todo.append(cls)
            if not cls.__module__.startswith("guru.") or cls in found:
                continue
            if issubclass(cls, forms.BaseModelForm) and cls._meta.model is None:
                continue  # a base of model forms, not a form itself
            found.append(cls)
    return sorted(found, key=lambda cls: f"{cls.__module__}.{cls.__qualname__}")


def _unbound_form(cls, given: dict) -> forms.BaseForm:
    """An unbound form, given the keyword arguments its __init__ asks for."""
    wanted = inspect.signature(cls.__init__).parameters
    return cls(**{name: value for name, value in given.items() if name in wanted})


def guru_forms() -> Iterator[tuple[type[forms.BaseForm], forms.BaseForm]]:
    """Each of Guru's form classes with an unbound form of it (needs the database),
    its fields as ``__init__`` leaves them."""
    # what the forms' __init__ ask for: a user, a page, sections, departments...
    given = {
        "user": UserFactory(),
        "page": Page.objects.first(),
        "sections": [],
        "revisions": Revision.objects.none(),
        "departments": [],
        "agency": False,
    }
    for cls in _guru_form_classes():
        yield cls, _unbound_form(cls, given)
