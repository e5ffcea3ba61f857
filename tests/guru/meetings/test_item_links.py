"""An agenda item says what it is about: a follow-up, a KPI round or a document."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth.models import Group
from django.urls import reverse

from guru.accounts.roles import Role
from guru.documents import services as documents
from guru.documents.models import AccessLevel
from guru.followup import services as followup
from guru.meetings import services
from guru.meetings.models import AgendaItem
from tests.factories import UserFactory


def _item(client, meeting, linked: str):
    return client.post(
        reverse("meetings:item_create", args=[meeting.pk]),
        {"title": "Tertialuppföljning T3", "kind": "beslut", "linked": linked},
    )


def test_an_item_links_a_tertial_follow_up_chosen_in_the_form(client, gd, meeting):
    controller = UserFactory(username="ctrl", roles=[Role.CONTROLLER])
    follow_up = followup.follow_up_open(year=2026, tertial=3, user=controller)
    client.force_login(gd)

    form = client.get(reverse("meetings:item_create", args=[meeting.pk])).text
    assert f'value="uppfoljning:{follow_up.pk}"' in form

    assert _item(client, meeting, f"uppfoljning:{follow_up.pk}").status_code == 302
    item = AgendaItem.objects.get(meeting=meeting)
    assert item.linked == follow_up
    page = client.get(meeting.get_absolute_url()).text
    assert f'href="{follow_up.get_absolute_url()}"' in page
    assert "Tertialuppföljning 2026 T3" in page


def test_only_documents_the_editor_may_open_can_be_linked(client, gd, meeting):
    hidden = documents.folder_create(
        name="Personalärenden",
        groups={Group.objects.get(name=Role.ADMINISTRATOR.value): AccessLevel.EDIT},
    )
    secret = documents.document_upload(
        folder=hidden, name="lönelista.txt", data=b"Hemliga uppgifter."
    )
    shared = documents.folder_create(name="Alla", everyone=AccessLevel.VIEW)
    memo = documents.document_upload(
        folder=shared, name="Underlag.txt", data=b"Underlag till punkten."
    )
    client.force_login(gd)

    form = client.get(reverse("meetings:item_create", args=[meeting.pk])).text
    assert f'value="dokument:{memo.pk}"' in form
    assert f"dokument:{secret.pk}" not in form

    response = _item(client, meeting, f"dokument:{secret.pk}")
    assert response.status_code == 422
    assert "Tertialuppföljning T3" in response.text  # what was typed is kept
    assert not AgendaItem.objects.filter(meeting=meeting).exists()

    assert _item(client, meeting, f"dokument:{memo.pk}").status_code == 302
    assert AgendaItem.objects.get(meeting=meeting).linked == memo


def _posted_link(form_html: str) -> str:
    """What a browser posts for "Gäller": the selected option, else the first."""
    select = BeautifulSoup(form_html, "lxml").find("select", attrs={"name": "linked"})
    chosen = select.find("option", selected=True) or select.find("option")
    return chosen["value"]


def test_a_linked_document_is_named_only_to_those_who_may_open_it(
    client, gd, administrator, meeting, secret
):
    # given an item that an administrator tied to a document the group cannot open
    services.agenda_item_create(
        meeting=meeting, title="Lönerevision", kind="diskussion", linked=secret
    )
    link = f'href="{secret.get_absolute_url()}"'

    # when a participant who may not open it reads the agenda
    client.force_login(gd)
    page = client.get(meeting.get_absolute_url()).text

    # then neither the document's name nor its address is shown
    assert "Lönerevision" in page
    assert "Lönekartläggning" not in page
    assert link not in page

    # and whoever may open it still sees the link
    client.force_login(administrator)
    assert link in client.get(meeting.get_absolute_url()).text


def test_editing_an_item_keeps_a_link_the_editor_cannot_see(
    client, gd, meeting, secret
):
    # given an item tied to a document the group cannot open
    item = services.agenda_item_create(
        meeting=meeting, title="Lönerevision", kind="diskussion", linked=secret
    )
    url = reverse("meetings:item_edit", args=[meeting.pk, item.pk])
    client.force_login(gd)

    # when a group member opens the form and saves a new title
    form = client.get(url).text
    response = client.post(
        url,
        {
            "title": "Lönerevision 2026",
            "kind": "diskussion",
            "linked": _posted_link(form),
        },
    )

    # then the form did not name the document, and the link is still there
    assert "Lönekartläggning" not in form
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Lönerevision 2026"
    assert item.linked == secret
    assert item.linked_label == "Lönekartläggning.txt"


def test_an_editor_may_still_remove_a_link_they_cannot_see(client, gd, meeting, secret):
    item = services.agenda_item_create(
        meeting=meeting, title="Lönerevision", kind="diskussion", linked=secret
    )
    client.force_login(gd)

    client.post(
        reverse("meetings:item_edit", args=[meeting.pk, item.pk]),
        {"title": "Lönerevision", "kind": "diskussion", "linked": ""},
    )

    item.refresh_from_db()
    assert (item.linked_type, item.linked_id, item.linked_label) == (None, None, "")


@pytest.fixture
def leadership_page(handbook, restrict):
    """A guidance page restricted to Ledningsgrupp (the note-taker is not in it)."""
    page = handbook["komplettering"]
    restrict(page, roles=(Role.LEDNINGSGRUPP,))
    return page


def test_a_handbook_page_closed_to_the_reader_is_not_named_on_the_agenda(
    client, gd, secretary, meeting, leadership_page
):
    # given an item about a page only Ledningsgrupp may read
    services.agenda_item_create(
        meeting=meeting,
        title="Rutinen",
        kind="diskussion",
        handbook_page=leadership_page,
    )

    # then the note-taker, outside the group, reads the agenda without it
    client.force_login(secretary)
    agenda = client.get(meeting.get_absolute_url()).text
    assert "Rutinen" in agenda
    assert leadership_page.title not in agenda
    assert leadership_page.url not in agenda

    # while the group's members see it
    client.force_login(gd)
    assert leadership_page.title in client.get(meeting.get_absolute_url()).text


def test_editing_an_item_keeps_a_handbook_page_the_editor_may_not_read(
    client, secretary, meeting, leadership_page, handbook
):
    # given an item about a page only Ledningsgrupp may read
    item = services.agenda_item_create(
        meeting=meeting,
        title="Rutinen",
        kind="diskussion",
        handbook_page=leadership_page,
    )
    url = reverse("meetings:item_edit", args=[meeting.pk, item.pk])
    client.force_login(secretary)

    # when the note-taker opens the form and saves a new title
    form = client.get(url).text
    response = client.post(url, {"title": "Rutinen 2026", "kind": "diskussion"})

    # then the form neither offered nor named the page, and the item keeps it
    assert leadership_page.title not in form
    assert handbook["beslutsmotivering"].title in form  # open pages are offered
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.title == "Rutinen 2026"
    assert item.handbook_page_id == leadership_page.pk
