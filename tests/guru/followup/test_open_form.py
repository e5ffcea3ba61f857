"""The start page's form for opening a tertial: a sensible default, and what the
controller typed comes back with the reason when it cannot be opened."""

import datetime

import pytest
from django.urls import reverse

from guru.followup import selectors, services
from guru.followup.models import FollowUp
from tests.html import dangling_references

OPEN = reverse("followup:follow_up_open")
INDEX = reverse("followup:index")


@pytest.mark.parametrize(
    ("today", "expected"),
    [
        (datetime.date(2027, 1, 10), (2027, 1)),
        (datetime.date(2027, 4, 30), (2027, 1)),
        (datetime.date(2027, 5, 1), (2027, 2)),
        (datetime.date(2027, 12, 31), (2027, 3)),
    ],
)
def test_with_no_follow_up_the_form_suggests_the_tertial_of_today(
    organisation, today, expected
):
    assert selectors.follow_up_next_period(today=today) == expected


def test_the_form_suggests_the_tertial_after_the_latest_follow_up(organisation):
    controller = organisation["controller"]
    services.follow_up_open(year=2026, tertial=2, user=controller)
    services.follow_up_open(year=2026, tertial=3, user=controller)
    today = datetime.date(2026, 6, 1)

    assert selectors.follow_up_next_period(today=today) == (2027, 1)


def test_the_tertials_are_named_alike_with_their_months(organisation, client):
    client.force_login(organisation["controller"])

    html = client.get(INDEX).content.decode()

    for label in ("T1 (januari–april)", "T2 (maj–augusti)", "T3 (september–december)"):
        assert label in html


def test_the_start_page_fills_in_the_suggestion(organisation, client):
    services.follow_up_open(year=2026, tertial=1, user=organisation["controller"])
    client.force_login(organisation["controller"])

    html = client.get(INDEX).content.decode()

    assert 'name="year" value="2026"' in html
    assert '<option value="2" selected>' in html


def test_a_tertial_already_opened_is_refused_and_the_choice_kept(organisation, client):
    services.follow_up_open(year=2026, tertial=3, user=organisation["controller"])
    client.force_login(organisation["controller"])

    response = client.post(OPEN, {"year": "2026", "tertial": "3"})

    assert response.status_code == 422
    html = response.content.decode()
    assert "Uppföljningen för 2026 T3 är redan öppnad." in html
    assert 'name="year" value="2026"' in html
    assert '<option value="3" selected>' in html
    assert FollowUp.objects.count() == 1


def test_a_year_that_is_not_a_number_is_shown_with_its_error(organisation, client):
    client.force_login(organisation["controller"])

    response = client.post(OPEN, {"year": "tjugo", "tertial": "2"})

    assert response.status_code == 422
    html = response.content.decode()
    assert "Fyll i ett heltal." in html
    assert 'value="tjugo"' in html
    assert dangling_references(html) == []
    assert '<option value="2" selected>' in html
    assert not FollowUp.objects.exists()


def test_a_valid_choice_opens_the_follow_up(organisation, client):
    client.force_login(organisation["controller"])

    response = client.post(OPEN, {"year": "2027", "tertial": "1"})

    follow_up = FollowUp.objects.get()
    assert follow_up.period.label == "2027 T1"
    assert response.status_code == 302
    assert response.url == reverse("followup:follow_up", args=[follow_up.pk])


def test_only_a_controller_may_open_one(organisation, client):
    client.force_login(organisation["handlaggare"])

    response = client.post(OPEN, {"year": "tjugo", "tertial": "2"})

    assert response.status_code == 403
    assert not FollowUp.objects.exists()
