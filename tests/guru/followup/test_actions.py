"""Decided actions: recording them, and following up their läge on the page,
while the follow-up is open and after it is published, with the trail of changes."""

import datetime
import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from guru.followup import permissions, services
from guru.followup.models import (
    Action,
    ActionChange,
    FollowUpStatus,
    Perspective,
)
from tests.guru.followup import builders


def _an_action(follow_up, people, due_on=datetime.date(2099, 3, 1), owner=None):
    return services.action_create(
        follow_up=follow_up,
        perspective=Perspective.objects.get(key="processer"),
        title="Förenkla blanketten för komplettering",
        owner=owner or people["avdelningschef"],
        due_on=due_on,
        user=people["gd"],
    )


def test_a_new_action_due_in_the_past_is_refused_and_what_was_typed_is_kept(
    opened, client
):
    # given the management group on the follow-up page
    follow_up, people = opened
    client.force_login(people["gd"])
    yesterday = timezone.localdate() - datetime.timedelta(days=1)
    # when they record an action due yesterday
    response = client.post(
        reverse("followup:action_create", args=[follow_up.pk]),
        builders.action_form(people, yesterday.isoformat()),
    )
    # then nothing is stored, the page says why and keeps what they typed
    assert response.status_code == 422
    html = response.content.decode()
    assert "Datumet har redan varit. Välj i dag eller ett senare datum." in html
    assert 'value="Förenkla blanketten för komplettering"' in html
    assert f'value="{yesterday.isoformat()}"' in html
    assert not Action.objects.exists()
    # and the service refuses it too, whoever calls it; today is fine
    with pytest.raises(ValidationError) as refused:
        _an_action(follow_up, people, due_on=yesterday)
    assert list(refused.value.message_dict) == ["due_on"]
    assert _an_action(follow_up, people, due_on=timezone.localdate()).pk


def test_a_new_action_whose_date_is_no_date_is_told_how_to_write_it(opened, client):
    # given the management group on the follow-up page
    follow_up, people = opened
    client.force_login(people["gd"])
    # when they record an action due "15 maj"
    response = client.post(
        reverse("followup:action_create", args=[follow_up.pk]),
        builders.action_form(people, "15 maj"),
    )
    # then nothing is stored, the page says how to write a date, and keeps it
    assert response.status_code == 422
    html = response.content.decode()
    assert "Skriv datumet som ÅÅÅÅ-MM-DD." in html
    assert "Fyll i ett giltigt datum." not in html
    assert 'value="15 maj"' in html
    assert not Action.objects.exists()


def test_an_overdue_action_is_still_followed_up_without_a_new_date(opened, client):
    # given an action whose date has passed since it was decided
    follow_up, people = opened
    action = _an_action(follow_up, people)
    overdue = timezone.localdate() - datetime.timedelta(days=30)
    Action.objects.filter(pk=action.pk).update(due_on=overdue)
    client.force_login(people["gd"])
    # when the management group sets its läge
    response = client.post(
        reverse("followup:action_status", args=[action.pk]),
        {"status": "in_progress", "note": "Försenad, klar i vår."},
    )
    # then it is stored and the date is left as it was
    assert response.status_code == 302
    action.refresh_from_db()
    assert (action.status, action.due_on) == ("in_progress", overdue)


def test_the_management_group_changes_an_actions_läge_on_the_follow_up_page(
    opened, client
):
    # given an action decided in the open follow-up
    follow_up, people = opened
    action = _an_action(follow_up, people)
    client.force_login(people["gd"])
    page_url = reverse("followup:follow_up", args=[follow_up.pk])
    # when the management group opens the page
    html = client.get(page_url).content.decode()
    # then the action's läge offers every status
    select = re.search(
        rf'<select name="status" id="status-{action.pk}">(.*?)</select>', html, re.S
    )
    assert select is not None
    assert re.findall(r'<option value="(\w+)"', select.group(1)) == [
        "open",
        "in_progress",
        "done",
        "cancelled",
    ]
    # when they set it to Pågår with a comment
    response = client.post(
        reverse("followup:action_status", args=[action.pk]),
        {"status": "in_progress", "note": "Väntar på IT", "next": page_url},
    )
    # then it is stored and they are back on the page
    assert response.status_code == 302
    assert response.url == page_url
    action.refresh_from_db()
    assert (action.status, action.status_note) == ("in_progress", "Väntar på IT")


def _published(follow_up):
    """Mark the follow-up published without rendering its PDF."""
    follow_up.status = FollowUpStatus.PUBLISHED
    follow_up.save(update_fields=["status"])


@pytest.mark.parametrize("published", [False, True], ids=["open", "published"])
@pytest.mark.parametrize("username", ["handlaggare", "gd", "controller"])
def test_an_actions_owner_outside_the_management_group_sets_its_läge(
    opened, client, published, username
):
    # given an action owned by a handläggare, who is not in the management group,
    # in an open follow-up or one published since
    follow_up, people = opened
    owner = people["handlaggare"]
    action = _an_action(follow_up, people, owner=owner)
    assert not owner.has_perm("followup.record_conclusion")
    if published:
        _published(follow_up)
    client.force_login(people[username])
    page_url = reverse("followup:follow_up", args=[follow_up.pk])
    # when the owner, the management group or a controller opens the page
    html = client.get(page_url).content.decode()
    # then the action's läge can be set there
    assert f'<select name="status" id="status-{action.pk}">' in html
    assert reverse("followup:action_status", args=[action.pk]) in html
    # and setting it is stored
    response = client.post(
        reverse("followup:action_status", args=[action.pk]),
        {"status": "done", "note": "Blanketten är ändrad.", "next": page_url},
    )
    assert (response.status_code, response.url) == (302, page_url)
    action.refresh_from_db()
    assert (action.status, action.status_note) == ("done", "Blanketten är ändrad.")


@pytest.mark.parametrize("published", [False, True], ids=["open", "published"])
def test_someone_who_neither_owns_nor_decides_an_action_only_reads_its_läge(
    opened, client, published
):
    # given an action owned by one handläggare, in an open or published follow-up
    follow_up, people = opened
    action = _an_action(follow_up, people, owner=people["handlaggare"])
    if published:
        _published(follow_up)
    client.force_login(people["handlaggare2"])
    # when another handläggare opens the follow-up page
    html = client.get(reverse("followup:follow_up", args=[follow_up.pk])).content
    # then the läge is text, with no control to change it
    assert f'id="status-{action.pk}"'.encode() not in html
    assert reverse("followup:action_status", args=[action.pk]).encode() not in html
    assert "Ej påbörjad".encode() in html
    # and a posted change is refused, and nothing is stored or recorded
    response = client.post(
        reverse("followup:action_status", args=[action.pk]),
        {"status": "done", "note": ""},
    )
    assert response.status_code == 403
    action.refresh_from_db()
    assert action.status == "open"
    assert not ActionChange.objects.exists()


def test_publishing_does_not_change_who_may_follow_up_an_action(opened):
    # given a published follow-up's action
    follow_up, people = opened
    action = _an_action(follow_up, people, owner=people["handlaggare"])
    _published(follow_up)
    # then its owner, the management group and controllers may set its läge
    allowed = {
        name: permissions.can_follow_up_action(people[name], action)
        for name in ["handlaggare", "handlaggare2", "gd", "controller", "redaktor"]
    }
    assert allowed == {
        "handlaggare": True,
        "handlaggare2": False,
        "gd": True,
        "controller": True,
        "redaktor": False,
    }


def test_every_läge_change_is_kept_and_shown_under_the_action(opened, client):
    # given a published action
    follow_up, people = opened
    action = _an_action(follow_up, people, owner=people["handlaggare"])
    _published(follow_up)
    client.force_login(people["handlaggare"])
    url = reverse("followup:action_status", args=[action.pk])
    # when its owner sets it twice, and once more without changing anything
    client.post(url, {"status": "in_progress", "note": "Väntar på IT"})
    client.post(url, {"status": "done", "note": "Blanketten är ändrad."})
    client.post(url, {"status": "done", "note": "Blanketten är ändrad."})
    # then each change is kept with who, and the läge and comment before and after
    owner = people["handlaggare"]
    assert [
        (c.status_before, c.status_after, c.note_before, c.note_after, c.changed_by)
        for c in ActionChange.objects.filter(action=action)
    ] == [
        ("open", "in_progress", "", "Väntar på IT", owner),
        ("in_progress", "done", "Väntar på IT", "Blanketten är ändrad.", owner),
    ]
    # and the page shows the trail under the action, newest first
    page = client.get(reverse("followup:follow_up", args=[follow_up.pk]))
    html = page.content.decode()
    assert "<summary>Ändringshistorik (2)</summary>" in html
    assert html.index("Pågår → Genomförd") < html.index("Ej påbörjad → Pågår")


def test_the_service_records_a_läge_change_whoever_calls_it(opened):
    # given a published action
    follow_up, people = opened
    action = _an_action(follow_up, people, owner=people["handlaggare"])
    _published(follow_up)
    # when the service sets its läge directly
    services.action_status_set(
        action=action,
        status="cancelled",
        note="Ersatt av ett uppdrag",
        user=people["gd"],
    )
    # then the change is recorded with who made it
    change = ActionChange.objects.get(action=action)
    assert (change.status_before, change.status_after) == ("open", "cancelled")
    assert (change.note_after, change.changed_by) == (
        "Ersatt av ett uppdrag",
        people["gd"],
    )


def test_a_refused_läge_says_why_and_keeps_the_typed_comment(opened, client):
    # given an action
    follow_up, people = opened
    action = _an_action(follow_up, people)
    client.force_login(people["gd"])
    page_url = reverse("followup:follow_up", args=[follow_up.pk])
    # when a läge that does not exist is posted
    response = client.post(
        reverse("followup:action_status", args=[action.pk]),
        {"status": "kanske", "note": "Väntar på IT", "next": page_url},
    )
    # then the page says what is wrong, keeps the comment and stores nothing
    assert response.status_code == 422
    html = response.content.decode()
    assert "Läge: Välj ett läge i listan." in html
    assert f'id="note-{action.pk}" value="Väntar på IT"' in html
    action.refresh_from_db()
    assert (action.status, action.status_note) == ("open", "")


@pytest.mark.parametrize(
    "elsewhere",
    [
        "https://evil.example.com/",
        "//evil.example.com/",
        "https:///evil.example.com",
        "uppfoljning",  # not an address: redirect() would look it up as a name
        "2026-13-45",
    ],
)
def test_after_a_läge_change_nobody_is_sent_to_another_site(opened, client, elsewhere):
    # given an action
    follow_up, people = opened
    action = _an_action(follow_up, people)
    client.force_login(people["gd"])
    # when a läge is posted with a next address on another site
    response = client.post(
        reverse("followup:action_status", args=[action.pk]),
        {"status": "done", "note": "", "next": elsewhere},
    )
    # then the change is stored and they land on the follow-up's own page
    assert response.status_code == 302
    assert response.url == reverse("followup:follow_up", args=[follow_up.pk])
    action.refresh_from_db()
    assert action.status == "done"
