"""An agenda item says what it is about: a follow-up, a KPI round or a document."""

from django.contrib.auth.models import Group
from django.urls import reverse

from guru.accounts.roles import Role
from guru.documents import services as documents
from guru.documents.models import AccessLevel
from guru.followup import services as followup
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
    assert response.status_code == 200
    assert "Tertialuppföljning T3" in response.text  # what was typed is kept
    assert not AgendaItem.objects.filter(meeting=meeting).exists()

    assert _item(client, meeting, f"dokument:{memo.pk}").status_code == 302
    assert AgendaItem.objects.get(meeting=meeting).linked == memo
