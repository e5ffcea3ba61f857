"""No select in Guru's forms offers Django's "---------" as its empty choice: an
empty choice says in Swedish what to do ("Välj ansvarig") or what it means."""

import pytest
from django import forms

from tests.guru.guru_forms import guru_forms

DJANGO_EMPTY = "---------"


@pytest.mark.django_db
def test_no_select_offers_djangos_dashes_as_its_empty_choice():
    dashes = []
    for cls, form in guru_forms():
        for name, field in form.fields.items():
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
