"""No select in Guru's forms offers Django's "---------" as its empty choice: an
empty choice says in Swedish what to do ("Välj ansvarig") or what it means."""

import importlib
import inspect
import pkgutil

import pytest
from django import forms
from django.conf import settings
from wagtail.models import Page, Revision

import guru
from tests.factories import UserFactory

DJANGO_EMPTY = "---------"


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


def _form(cls, given: dict) -> forms.BaseForm:
    """An unbound form, given the keyword arguments its __init__ asks for."""
    wanted = inspect.signature(cls.__init__).parameters
    return cls(**{name: value for name, value in given.items() if name in wanted})


@pytest.mark.django_db
def test_no_select_offers_djangos_dashes_as_its_empty_choice():
    # what the forms' __init__ ask for: a user, a page, sections, departments...
    given = {
        "user": UserFactory(),
        "page": Page.objects.first(),
        "sections": [],
        "revisions": Revision.objects.none(),
        "departments": [],
        "agency": False,
    }
    dashes = []
    for cls in _guru_form_classes():
        for name, field in _form(cls, given).fields.items():
            widget = field.widget
            if not isinstance(widget, forms.Select) or widget.allow_multiple_selected:
                continue
            if any(label == DJANGO_EMPTY for _value, label in widget.choices):
                dashes.append(f"{cls.__module__}.{cls.__qualname__}.{name}")
    assert dashes == []


@pytest.mark.django_db
def test_the_admins_forms_built_from_models_name_their_empty_choice(
    client, handbook, django_user_model
):
    # the forms that Wagtail builds from Guru's models: a guidance page's
    # sidansvarig, a department's head, the role of a default follow
    page = handbook["beslutsmotivering"]
    client.force_login(django_user_model.objects.create_superuser("chef", "", "x"))
    expected = {
        f"/admin/pages/add/handbook/guidancepage/{page.get_parent().pk}/": (
            "Ingen sidansvarig"
        ),
        "/admin/snippets/accounts/department/add/": "Ingen avdelningschef",
        "/admin/snippets/changes/defaultfollow/add/": "Välj roll",
    }
    for url, label in expected.items():
        html = client.get(url).content.decode()
        assert DJANGO_EMPTY not in html, url
        assert f'<option value="">{label}</option>' in html or (
            f'<option value="" selected>{label}</option>' in html
        ), url
