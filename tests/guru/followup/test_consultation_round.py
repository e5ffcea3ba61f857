"""The remissrunda as a whole: closing it early, and who may."""

import datetime

import pytest
from django.conf import settings
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from guru.followup import consultation
from guru.followup.models import ConsultationRound, RoundStatus
from tests.guru.followup.conftest import proposal_data, proposal_post


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


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("handlaggare", 403),  # proposer
        ("gd", 403),  # another participant
        ("controller", 200),
        (None, 302),  # not logged in: to the log-in page
    ],
)
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
