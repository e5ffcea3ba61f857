"""The header's badge for unread notices from the follow-up."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from guru.followup import consultation
from guru.followup.models import Notification, Perspective, ProposalStatus
from tests.guru.followup.conftest import SUBSTANTIVE


def _followup_link(html: str) -> str:
    """The text of the header's "Uppföljning" link (the first link to it)."""
    match = re.search(
        r'<a href="{}"[^>]*>(.*?)</a>'.format(re.escape(reverse("followup:index"))),
        html,
        re.S,
    )
    assert match, "no Uppföljning link in the header"
    return match.group(1)


def _badge(html: str) -> str | None:
    match = re.search(r'<span class="badge"[^>]*>(\d+)', _followup_link(html))
    return match.group(1) if match else None


@pytest.fixture
def decided(organisation):
    """The proposer is told twice that their proposal's status changed."""
    round_ = consultation.round_open(
        title="Remissrunda 2027",
        closes_on=datetime.date.today() + datetime.timedelta(days=14),  # noqa: DTZ011
        user=organisation["controller"],
    )
    proposal = consultation.proposal_submit(
        round_=round_,
        proposer=organisation["handlaggare"],
        data={**SUBSTANTIVE, "perspective": Perspective.objects.get(key="processer")},
    )
    for status in (ProposalStatus.PREPARING, ProposalStatus.ACCEPTED):
        consultation.proposal_decide(
            proposal=proposal,
            status=status,
            motivation="",
            user=organisation["controller"],
        )
    return organisation


def test_the_header_counts_the_unread_follow_up_notices(decided, client):
    # given two unread notices about a proposal, one already read, and another
    # person's notice
    proposer = decided["handlaggare"]
    Notification.objects.create(
        user=proposer, text="Gammalt besked", read_at=timezone.now()
    )
    Notification.objects.create(user=decided["controller"], text="Inte ditt")
    client.force_login(proposer)
    # when the proposer opens any page
    html = client.get(reverse("accounts:profile")).content.decode()
    # then the Uppföljning link carries a badge with the two unread ones
    assert _badge(html) == "2"
    assert "olästa meddelanden från uppföljningen" in _followup_link(html)


def test_reading_the_notices_clears_the_badge(decided, client):
    # given a proposer with unread notices
    client.force_login(decided["handlaggare"])
    assert _badge(client.get(reverse("accounts:profile")).content.decode()) == "2"
    # when they open the follow-up's notices
    client.get(reverse("followup:notifications"))
    # then the badge is gone
    html = client.get(reverse("accounts:profile")).content.decode()
    assert _badge(html) is None
    assert not Notification.objects.filter(
        user=decided["handlaggare"], read_at__isnull=True
    ).exists()


def test_someone_without_notices_gets_no_badge(decided, client):
    # given a colleague who has been told nothing
    client.force_login(decided["gd"])
    # when they open a page
    html = client.get(reverse("accounts:profile")).content.decode()
    # then the Uppföljning link has no badge
    assert _badge(html) is None
    assert "Uppföljning" in _followup_link(html)
