"""The page editor's tabs: no search-engine tab on an intranet; the address stays."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from wagtail.test.utils.form_data import (
    nested_form_data,
    querydict_from_html,
    streamfield,
)

from guru.handbook.models import GuidancePage, ProcessAreaPage


@pytest.mark.parametrize("model", [GuidancePage, ProcessAreaPage])
def test_the_editor_has_no_promote_tab_and_keeps_the_address(
    client, handbook, editor, model
):
    page = model.objects.first()
    client.force_login(editor)

    html = client.get(
        reverse("wagtailadmin_pages:edit", args=[page.pk])
    ).content.decode()

    assert "Marknadsför" not in html
    assert 'name="seo_title"' not in html and 'name="show_in_menus"' not in html
    # the address is edited under Inställningar, with a word on redirects
    assert 'id="tab-installningar"' in html
    settings_tab = html.split('id="tab-installningar"', 1)[1]
    assert f'name="slug" value="{page.slug}"' in settings_tab
    assert "skapas en omdirigering" in settings_tab
    # and offers no link to edit the owning unit, which only administrators may
    assert "/admin/snippets/accounts/unit/edit/" not in html


def test_a_new_page_starts_reviewed_today_due_in_a_year_and_owned_by_its_writer(
    client, handbook, editor
):
    area = ProcessAreaPage.objects.first()
    client.force_login(editor)
    add_url = reverse(
        "wagtailadmin_pages:add", args=["handbook", "guidancepage", area.pk]
    )

    form = querydict_from_html(
        client.get(add_url).content.decode(), form_id="page-edit-form"
    )

    today = timezone.localdate()
    assert form["last_reviewed_on"] == today.isoformat()
    due = datetime.date.fromisoformat(form["review_due_on"])
    assert (due.year - today.year, due.month) == (1, today.month)
    assert form["owner_person"] == str(editor.pk)
    assert form["owner_unit"] == str(editor.unit_id)

    # and saving it as a draft with only a title, summary and address keeps them
    form.update(
        {
            "title": "Regler för små företag",
            "summary": "Vad som gäller när sökanden är ett litet företag.",
        }
    )
    form.update(nested_form_data({"body": streamfield([])}))  # built by script
    # the address is kept in plain letters, as the rest of the handbook's
    form["slug"] = "Regler-för-små-företag"
    response = client.post(add_url, form)
    assert response.status_code == 302, response.context["form"].errors
    page = GuidancePage.objects.get(slug="regler-for-sma-foretag")
    assert (page.last_reviewed_on, page.owner_person) == (today, editor)
