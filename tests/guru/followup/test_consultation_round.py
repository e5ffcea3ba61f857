"""The remissrunda as a whole: closing it early, moving its last day, reopening
it, and who may."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from guru.followup import consultation
from guru.followup.models import (
    ConsultationRound,
    RoundEvent,
    RoundEventKind,
    RoundStatus,
)
from tests.guru.followup.conftest import proposal_data, proposal_post
from tests.html import dangling_references

TODAY = datetime.date.today()  # noqa: DTZ011 - a calendar date, as the forms use
YESTERDAY = TODAY - datetime.timedelta(days=1)
LATER = TODAY + datetime.timedelta(days=30)  # the fixture's round closes in 14
SOONER = TODAY + datetime.timedelta(days=7)
# Who gets a page that runs a round (closing, last day, reopening), by status.
WHO_RUNS_A_ROUND = [
    ("handlaggare", 403),  # proposer
    ("gd", 403),  # another participant
    ("controller", 200),
    (None, 302),  # not logged in: to the log-in page
]


def test_a_controller_closes_a_round_early_and_nothing_more_can_be_added(
    round_, organisation
):
    # given an open round with one proposal
    proposal = consultation.proposal_submit(
        round_=round_, proposer=organisation["handlaggare"], data=proposal_data()
    )

    # when the controller closes it before the closing date
    consultation.round_close(round_=round_, user=organisation["controller"])

    # then it is closed, with who and when, and takes nothing more
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED
    assert round_.closed_by == organisation["controller"]
    assert round_.closed_at is not None
    assert not round_.is_open
    with pytest.raises(ValidationError):
        consultation.proposal_submit(
            round_=round_, proposer=organisation["gd"], data=proposal_data()
        )
    with pytest.raises(ValidationError):
        consultation.proposal_comment(
            proposal=proposal, author=organisation["gd"], text="Sent påtänkt."
        )
    with pytest.raises(ValidationError):
        consultation.proposal_support_toggle(proposal=proposal, user=organisation["gd"])
    # closing twice is refused with a message, not a crash
    with pytest.raises(ValidationError):
        consultation.round_close(round_=round_, user=organisation["controller"])


def test_the_start_page_says_a_closed_round_is_closed(round_, organisation, client):
    # the start page listed a round closed early with its last day, as if
    # it still took proposals; the list of rounds said "stängd"
    consultation.round_close(round_=round_, user=organisation["controller"])
    client.force_login(organisation["handlaggare"])

    for url in (reverse("followup:index"), reverse("followup:rounds")):
        html = client.get(url).content.decode()
        assert '<span class="page-list__meta">stängd</span>' in html, url
        assert "sista dag" not in html, url


def test_only_a_controller_may_close_a_round(round_, organisation):
    with pytest.raises(PermissionDenied):
        consultation.round_close(round_=round_, user=organisation["handlaggare"])
    round_.refresh_from_db()
    assert round_.status == RoundStatus.OPEN


def test_closing_asks_for_confirmation_first_and_the_page_then_says_closed(
    round_, organisation, client
):
    # given the controller on the round's page
    client.force_login(organisation["controller"])
    url = reverse("followup:round_close", args=[round_.pk])
    assert (
        url in client.get(reverse("followup:round", args=[round_.pk])).content.decode()
    )

    # when they open the close link, nothing is closed yet
    asked = client.get(url)
    round_.refresh_from_db()
    assert asked.status_code == 200 and round_.status == RoundStatus.OPEN
    assert "Ja, stäng remissrundan" in asked.content.decode()

    # when they confirm
    response = client.post(url, follow=True)

    # then the round is closed and its page offers no proposal form
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED
    html = response.content.decode()
    assert "Remissrundan är stängd" in html
    assert "Skicka förslaget" not in html
    # a proposal posted anyway is refused with the reason, the input kept
    client.force_login(organisation["handlaggare"])
    refused = client.post(
        reverse("followup:round", args=[round_.pk]),
        proposal_post(),
    )
    assert refused.status_code == 422
    assert "Remissrundan är stängd" in refused.content.decode()
    assert proposal_data()["definition"] in refused.content.decode()


@pytest.mark.parametrize(("username", "status"), WHO_RUNS_A_ROUND)
def test_who_reaches_the_close_page(round_, organisation, client, username, status):
    if username:
        client.force_login(organisation[username])
    response = client.get(reverse("followup:round_close", args=[round_.pk]))
    assert response.status_code == status
    posted = client.post(reverse("followup:round_close", args=[round_.pk]))
    round_.refresh_from_db()
    assert (round_.status == RoundStatus.CLOSED) == (username == "controller")
    assert posted.status_code == (302 if username in ("controller", None) else 403)


def test_opening_a_round_e_mails_each_employee_who_may_propose_once(
    organisation, django_capture_on_commit_callbacks
):
    # given one employee who has left and one without an address
    organisation["handlaggare2"].is_active = False
    organisation["handlaggare2"].save()
    organisation["redaktor2"].email = ""
    organisation["redaktor2"].save()

    # when the controller opens a round
    with django_capture_on_commit_callbacks(execute=True):
        round_ = consultation.round_open(
            title="Remissrunda 2027",
            closes_on=datetime.date(2027, 3, 31),
            user=organisation["controller"],
        )

    # then every other active employee with an address gets an e-mail of their own
    expected = {
        f"{name}@guru.example.se"
        for name in organisation
        if name not in ("handlaggare2", "redaktor2", "controller")
    }
    assert sorted(tuple(message.to) for message in mail.outbox) == sorted(
        (address,) for address in expected
    )
    message = mail.outbox[0]
    assert "Remissrunda 2027" in message.subject
    assert "2027-03-31" in message.body
    assert settings.WAGTAILADMIN_BASE_URL + round_.get_absolute_url() in message.body

    # and saving the round again, or announcing it again, sends nothing more
    with django_capture_on_commit_callbacks(execute=True):
        round_.title = "Remissrunda 2027 (nyckeltal)"
        round_.save()
        consultation.round_announce(round_=round_)
    assert len(mail.outbox) == len(expected)


def test_a_round_opened_from_the_page_is_announced(
    organisation, client, django_capture_on_commit_callbacks
):
    client.force_login(organisation["controller"])
    closes_on = datetime.date.today() + datetime.timedelta(days=7)  # noqa: DTZ011
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("followup:rounds"),
            {"title": "Vårens remiss", "closes_on": closes_on.isoformat()},
        )
    assert ConsultationRound.objects.get().announced_at is not None
    assert "handlaggare@guru.example.se" in {m.to[0] for m in mail.outbox}


def test_the_round_page_keeps_the_line_breaks_of_its_description(organisation, client):
    client.force_login(organisation["controller"])
    client.post(
        reverse("followup:rounds"),
        {
            "title": "Vårens remiss",
            "description": "Vi söker nya nyckeltal.\r\nSkicka förslag före maj.",
            "closes_on": LATER.isoformat(),
        },
    )

    html = client.get(ConsultationRound.objects.get().get_absolute_url()).text

    assert "Vi söker nya nyckeltal.<br>Skicka förslag före maj." in html


def test_a_round_refused_on_the_page_answers_422_with_what_was_typed(
    organisation, client
):
    client.force_login(organisation["controller"])
    response = client.post(
        reverse("followup:rounds"),
        {
            "title": "Vårens remiss",
            "description": "Om handläggningstiderna",
            "closes_on": YESTERDAY.isoformat(),
        },
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Sista dagen har redan varit. Välj i dag eller en senare dag." in html
    assert 'value="Vårens remiss"' in html and "Om handläggningstiderna" in html
    assert f'value="{YESTERDAY.isoformat()}"' in html
    assert not ConsultationRound.objects.exists()


def _closed(round_, organisation, how: str):
    """The round closed early by the controller, or left until its last day passed."""
    if how == "closed early":
        consultation.round_close(round_=round_, user=organisation["controller"])
    else:
        ConsultationRound.objects.filter(pk=round_.pk).update(closes_on=YESTERDAY)
    round_.refresh_from_db()
    assert not round_.is_open
    return round_


def test_a_controller_moves_an_open_rounds_last_day_and_it_is_recorded(
    round_, organisation
):
    # given an open round and its last day
    controller = organisation["controller"]
    before = round_.closes_on

    # when the controller moves the last day
    consultation.round_closes_on_change(round_=round_, closes_on=LATER, user=controller)

    # then the round is open until the new day, and who, when and the days are kept
    round_.refresh_from_db()
    assert round_.closes_on == LATER and round_.is_open
    event = RoundEvent.objects.get(round=round_)
    assert event.kind == RoundEventKind.CLOSES_ON_CHANGED
    assert event.user == controller and event.at is not None
    assert (event.closes_on_before, event.closes_on_after) == (before, LATER)
    # the same day again changes nothing and records nothing
    consultation.round_closes_on_change(round_=round_, closes_on=LATER, user=controller)
    assert round_.events.count() == 1


def test_the_services_refuse_what_the_pages_do_not_offer(round_, organisation):
    controller = organisation["controller"]
    # a day that has passed, an open round reopened, someone who does not run rounds
    with pytest.raises(ValidationError) as refused:
        consultation.round_closes_on_change(
            round_=round_, closes_on=YESTERDAY, user=controller
        )
    assert "closes_on" in refused.value.message_dict
    with pytest.raises(ValidationError):
        consultation.round_reopen(round_=round_, closes_on=LATER, user=controller)
    with pytest.raises(PermissionDenied):
        consultation.round_closes_on_change(
            round_=round_, closes_on=LATER, user=organisation["handlaggare"]
        )
    # a closed round's last day is not moved: it is reopened
    consultation.round_close(round_=round_, user=controller)
    with pytest.raises(ValidationError):
        consultation.round_closes_on_change(
            round_=round_, closes_on=LATER, user=controller
        )
    with pytest.raises(PermissionDenied):
        consultation.round_reopen(
            round_=round_, closes_on=LATER, user=organisation["handlaggare"]
        )
    with pytest.raises(ValidationError):
        consultation.round_reopen(round_=round_, closes_on=YESTERDAY, user=controller)
    round_.refresh_from_db()
    assert round_.status == RoundStatus.CLOSED
    assert [e.kind for e in round_.events.all()] == [RoundEventKind.CLOSED]
    # nor is a round opened with a last day that has been
    with pytest.raises(ValidationError) as refused:
        consultation.round_open(title="Sen runda", closes_on=YESTERDAY, user=controller)
    assert "closes_on" in refused.value.message_dict
    assert not ConsultationRound.objects.filter(title="Sen runda").exists()


def test_the_last_day_is_changed_from_the_round_page_without_e_mail(
    round_, organisation, client, django_capture_on_commit_callbacks
):
    # given the controller on the round's page, which links to the change
    client.force_login(organisation["controller"])
    page = reverse("followup:round", args=[round_.pk])
    url = reverse("followup:round_closes_on", args=[round_.pk])
    assert url in client.get(page).content.decode()
    asked = client.get(url).content.decode()
    assert f'value="{round_.closes_on.isoformat()}"' in asked

    # when they save a new last day
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"closes_on": LATER.isoformat()}, follow=True)

    # then the round's page shows the new day and the change in its history,
    # and nobody is e-mailed
    html = response.content.decode()
    assert "Sista dagen är ändrad." in html
    assert f"Öppen till och med {LATER.isoformat()}." in html
    assert "Historik" in html and "Sista dag ändrad" in html
    assert f"{round_.closes_on.isoformat()} → {LATER.isoformat()}" in html
    assert mail.outbox == []


def _proposed_by(round_, organisation, *names: str) -> list:
    return [
        consultation.proposal_submit(
            round_=round_, proposer=organisation[name], data=proposal_data()
        )
        for name in names
    ]


def test_an_earlier_last_day_is_refused_unless_confirmed(
    round_, organisation, django_capture_on_commit_callbacks
):
    # given an open round with proposals from two people
    _proposed_by(round_, organisation, "handlaggare", "gd")
    before = round_.closes_on

    # when the controller moves the last day earlier without confirming it
    with (
        django_capture_on_commit_callbacks(execute=True),
        pytest.raises(ValidationError) as refused,
    ):
        consultation.round_closes_on_change(
            round_=round_, closes_on=SOONER, user=organisation["controller"]
        )

    # then it is refused with both days and who would be told, and nothing changes
    message = refused.value.message_dict["confirm_earlier"][0]
    assert f"Den nya sista dagen, {SOONER.isoformat()}, är tidigare" in message
    assert before.isoformat() in message
    assert "2 personer som har lämnat förslag får då e-post" in message
    round_.refresh_from_db()
    assert round_.closes_on == before
    assert not round_.events.exists()
    assert mail.outbox == []


def test_an_earlier_last_day_confirmed_e_mails_each_proposer_once(
    round_, organisation, django_capture_on_commit_callbacks
):
    # given proposals from: handlaggare (two), gd, avdelningschef (withdrawn), the
    # controller, one who has left and one without an address
    controller = organisation["controller"]
    proposals = _proposed_by(
        round_,
        organisation,
        *("handlaggare", "handlaggare", "gd", "avdelningschef"),
        *("controller", "handlaggare2", "redaktor2"),
    )
    consultation.proposal_withdraw(
        proposal=proposals[3], user=organisation["avdelningschef"]
    )
    organisation["handlaggare2"].is_active = False
    organisation["handlaggare2"].save()
    organisation["redaktor2"].email = ""
    organisation["redaktor2"].save()
    before = round_.closes_on

    # when the controller moves the last day earlier and confirms it
    with django_capture_on_commit_callbacks(execute=True):
        consultation.round_closes_on_change(
            round_=round_, closes_on=SOONER, user=controller, earlier_confirmed=True
        )

    # then the round closes on the new day, the change is in its history
    round_.refresh_from_db()
    assert round_.closes_on == SOONER
    event = round_.events.get()
    assert (event.kind, event.user) == (RoundEventKind.CLOSES_ON_CHANGED, controller)
    assert (event.closes_on_before, event.closes_on_after) == (before, SOONER)
    # and every other active proposer with an address gets one e-mail of their own
    assert sorted(tuple(message.to) for message in mail.outbox) == [
        ("avdelningschef@guru.example.se",),
        ("gd@guru.example.se",),
        ("handlaggare@guru.example.se",),
    ]
    message = mail.outbox[0]
    assert "Remissrundan stänger tidigare" in message.subject
    assert round_.title in message.subject
    assert f"från {before.isoformat()} till {SOONER.isoformat()}" in message.body
    assert settings.WAGTAILADMIN_BASE_URL + round_.get_absolute_url() in message.body


def test_a_later_last_day_e_mails_nobody_though_people_have_proposed(
    round_, organisation, django_capture_on_commit_callbacks
):
    _proposed_by(round_, organisation, "handlaggare")
    with django_capture_on_commit_callbacks(execute=True):
        consultation.round_closes_on_change(
            round_=round_, closes_on=LATER, user=organisation["controller"]
        )
    round_.refresh_from_db()
    assert round_.closes_on == LATER
    assert mail.outbox == []


def test_a_last_day_that_is_no_date_is_told_how_to_write_it(
    round_, organisation, client
):
    # given the controller on the page that moves the last day
    before = round_.closes_on
    client.force_login(organisation["controller"])
    url = reverse("followup:round_closes_on", args=[round_.pk])
    # when they save "1 mars"
    refused = client.post(url, {"closes_on": "1 mars"})
    # then the page says how to write a date, with what they typed kept
    assert refused.status_code == 422
    html = refused.content.decode()
    assert "Skriv datumet som ÅÅÅÅ-MM-DD." in html
    assert "Fyll i ett giltigt datum." not in html
    assert 'value="1 mars"' in html
    round_.refresh_from_db()
    assert round_.closes_on == before


def test_an_earlier_last_day_on_the_page_asks_first_then_e_mails_the_proposers(
    round_, organisation, client, django_capture_on_commit_callbacks
):
    # given a proposal, and the controller on the page that moves the last day
    _proposed_by(round_, organisation, "handlaggare")
    before = round_.closes_on
    client.force_login(organisation["controller"])
    url = reverse("followup:round_closes_on", args=[round_.pk])
    assert 'name="confirm_earlier"' not in client.get(url).content.decode()

    # when they save an earlier day without confirming
    with django_capture_on_commit_callbacks(execute=True):
        refused = client.post(url, {"closes_on": SOONER.isoformat()})

    # then the page asks, in Swedish, with the typed day kept and a box to tick
    assert refused.status_code == 422
    html = refused.content.decode()
    assert "är tidigare än den nuvarande" in html
    assert "1 person som har lämnat förslag får då e-post" in html
    assert f'value="{SOONER.isoformat()}"' in html
    assert 'name="confirm_earlier"' in html
    assert dangling_references(html) == []
    round_.refresh_from_db()
    assert round_.closes_on == before and mail.outbox == []

    # when they tick the box and save again
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"closes_on": SOONER.isoformat(), "confirm_earlier": "on"}, follow=True
        )

    # then the day is moved, shown, and the proposer is e-mailed
    html = response.content.decode()
    assert "Sista dagen är ändrad." in html
    assert f"Öppen till och med {SOONER.isoformat()}." in html
    assert [message.to for message in mail.outbox] == [["handlaggare@guru.example.se"]]


@pytest.mark.parametrize(
    ("view", "how"),
    [
        ("round_closes_on", None),
        ("round_reopen", "closed early"),
        ("round_reopen", "last day passed"),
    ],
)
def test_a_last_day_that_has_passed_is_refused_and_what_was_typed_kept(
    round_, organisation, client, view, how
):
    if how:
        _closed(round_, organisation, how)
    before = (round_.status, round_.closes_on)
    client.force_login(organisation["controller"])

    response = client.post(
        reverse(f"followup:{view}", args=[round_.pk]),
        {"closes_on": YESTERDAY.isoformat()},
    )

    assert response.status_code == 422
    html = response.content.decode()
    assert "Sista dagen har redan varit. Välj i dag eller en senare dag." in html
    assert f'value="{YESTERDAY.isoformat()}"' in html
    assert dangling_references(html) == []
    round_.refresh_from_db()
    assert (round_.status, round_.closes_on) == before
    assert not round_.events.exclude(kind=RoundEventKind.CLOSED).exists()


@pytest.mark.parametrize("how", ["closed early", "last day passed"])
def test_a_closed_round_is_reopened_and_takes_proposals_again(
    round_, organisation, client, django_capture_on_commit_callbacks, how
):
    # given a closed round, whose page offers the controller to reopen it
    controller = organisation["controller"]
    _closed(round_, organisation, how)
    closed_on = round_.closes_on
    announced_at = round_.announced_at
    client.force_login(controller)
    page = reverse("followup:round", args=[round_.pk])
    url = reverse("followup:round_reopen", args=[round_.pk])
    html = client.get(page).content.decode()
    assert url in html and "Öppna igen" in html
    assert reverse("followup:round_closes_on", args=[round_.pk]) not in html

    # when the controller reopens it with a new last day
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"closes_on": LATER.isoformat()}, follow=True)

    # then it is open until that day, no longer marked closed, the reopening is
    # recorded and shown, and the opening e-mail is not sent again
    html = response.content.decode()
    assert "Remissrundan är öppen igen." in html
    assert f"Öppen till och med {LATER.isoformat()}." in html
    assert "Öppnad igen" in html
    round_.refresh_from_db()
    assert round_.is_open and round_.closes_on == LATER
    assert round_.closed_by is None and round_.closed_at is None
    event = round_.events.last()
    assert (event.kind, event.user) == (RoundEventKind.REOPENED, controller)
    assert (event.closes_on_before, event.closes_on_after) == (closed_on, LATER)
    assert round_.announced_at == announced_at and mail.outbox == []

    # and an employee may propose again
    client.force_login(organisation["handlaggare"])
    posted = client.post(page, proposal_post())
    assert posted.status_code == 302
    assert round_.proposals.count() == 1


@pytest.mark.parametrize("view", ["round_closes_on", "round_reopen"])
@pytest.mark.parametrize(("username", "status"), WHO_RUNS_A_ROUND)
def test_who_may_move_the_last_day_or_reopen(
    round_, organisation, client, view, username, status
):
    if view == "round_reopen":
        _closed(round_, organisation, "closed early")
    if username:
        client.force_login(organisation[username])
    url = reverse(f"followup:{view}", args=[round_.pk])

    assert client.get(url).status_code == status
    posted = client.post(url, {"closes_on": LATER.isoformat()})

    round_.refresh_from_db()
    assert (round_.closes_on == LATER) == (username == "controller")
    assert posted.status_code == (302 if username in ("controller", None) else 403)
