"""A proposal in a remissrunda: its proposer edits or withdraws it while it is open."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from guru.followup import consultation
from guru.followup.forms import ProposalForm
from guru.followup.models import KeyFigureStatus, Proposal, ProposalStatus
from tests.guru.followup import builders
from tests.guru.followup.conftest import proposal_data, proposal_post

CLEARER = (
    "Avgjorda ärenden där vi inte har begärt in någon komplettering från "
    "sökanden, räknat per ärendeslag och tertial."
)


@pytest.fixture
def proposal(round_, organisation):
    return consultation.proposal_submit(
        round_=round_, proposer=organisation["handlaggare"], data=proposal_data()
    )


def test_the_proposer_edits_their_proposal_and_the_earlier_text_is_kept(
    proposal, organisation
):
    # given the proposal as first sent
    first = proposal.definition

    # when the proposer sharpens the definition
    consultation.proposal_edit(
        proposal=proposal,
        user=organisation["handlaggare"],
        data=proposal_data(definition=CLEARER),
    )

    # then the proposal says the new text and remembers the old, who and when
    proposal.refresh_from_db()
    assert proposal.definition == CLEARER
    (revision,) = proposal.revisions.all()
    assert revision.edited_by == organisation["handlaggare"]
    assert revision.edited_at is not None
    assert revision.before["definition"] == first
    # saving the same text again leaves no empty revision
    consultation.proposal_edit(
        proposal=proposal,
        user=organisation["handlaggare"],
        data=proposal_data(definition=CLEARER),
    )
    assert proposal.revisions.count() == 1


def test_an_edit_is_held_to_the_same_demands_and_the_form_keeps_the_text(
    proposal, organisation, client
):
    client.force_login(organisation["handlaggare"])
    url = reverse("followup:proposal_edit", args=[proposal.pk])
    assert (
        url
        in client.get(reverse("followup:proposal", args=[proposal.pk])).content.decode()
    )

    response = client.post(url, proposal_post(motivation="Bra att ha."))

    assert response.status_code == 422
    html = response.content.decode()
    assert "Förklara vilken fråga" in html
    assert "Bra att ha." in html
    proposal.refresh_from_db()
    assert proposal.motivation == proposal_data()["motivation"]


def test_the_proposer_withdraws_and_the_proposal_stays_as_withdrawn(
    proposal, organisation, client
):
    # given the proposer on the confirmation page
    client.force_login(organisation["handlaggare"])
    url = reverse("followup:proposal_withdraw", args=[proposal.pk])
    asked = client.get(url)
    assert (
        asked.status_code == 200 and "Ja, återkalla förslaget" in asked.content.decode()
    )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RECEIVED

    # when they confirm
    client.post(url)

    # then the proposal is kept, marked withdrawn with who and when
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.WITHDRAWN
    assert proposal.withdrawn_by == organisation["handlaggare"]
    assert proposal.withdrawn_at is not None
    page = client.get(reverse("followup:proposal", args=[proposal.pk])).content.decode()
    assert "Återkallat av" in page
    # and nobody builds on it any more, nor decides it
    with pytest.raises(ValidationError):
        consultation.proposal_support_toggle(proposal=proposal, user=organisation["gd"])
    with pytest.raises(ValidationError):
        consultation.proposal_comment(
            proposal=proposal, author=organisation["gd"], text="Synd."
        )
    with pytest.raises(ValidationError):
        consultation.proposal_decide(
            proposal=proposal,
            status=ProposalStatus.ACCEPTED,
            motivation="",
            user=organisation["controller"],
        )
    with pytest.raises(ValidationError):
        consultation.proposal_edit(
            proposal=proposal, user=organisation["handlaggare"], data=proposal_data()
        )


@pytest.mark.parametrize("change", ["decided", "closed"])
def test_a_decided_proposal_or_one_in_a_closed_round_stays_as_it_is(
    proposal, organisation, change
):
    if change == "decided":
        consultation.proposal_decide(
            proposal=proposal,
            status=ProposalStatus.REJECTED,
            motivation="Finns redan.",
            user=organisation["controller"],
        )
    else:
        consultation.round_close(round_=proposal.round, user=organisation["controller"])
    proposal = Proposal.objects.get(pk=proposal.pk)
    with pytest.raises(ValidationError):
        consultation.proposal_edit(
            proposal=proposal,
            user=organisation["handlaggare"],
            data=proposal_data(definition=CLEARER),
        )
    with pytest.raises(ValidationError):
        consultation.proposal_withdraw(
            proposal=proposal, user=organisation["handlaggare"]
        )
    proposal.refresh_from_db()
    assert proposal.definition == proposal_data()["definition"]
    assert proposal.withdrawn_at is None


@pytest.mark.parametrize("username", ["gd", "controller"])
def test_nobody_but_the_proposer_edits_or_withdraws(proposal, organisation, username):
    with pytest.raises(PermissionDenied):
        consultation.proposal_edit(
            proposal=proposal, user=organisation[username], data=proposal_data()
        )
    with pytest.raises(PermissionDenied):
        consultation.proposal_withdraw(proposal=proposal, user=organisation[username])


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("handlaggare", 200),  # the proposer
        ("gd", 403),  # another participant
        ("controller", 403),  # decides, but does not rewrite or withdraw
        (None, 302),  # not logged in: to the log-in page
    ],
)
@pytest.mark.parametrize(
    "page", ["followup:proposal_edit", "followup:proposal_withdraw"]
)
def test_who_reaches_the_edit_and_withdraw_pages(
    proposal, organisation, client, username, status, page
):
    if username:
        client.force_login(organisation[username])
    assert client.get(reverse(page, args=[proposal.pk])).status_code == status


def test_a_draft_that_returns_on_a_new_acceptance_carries_the_edited_text(
    proposal, organisation
):
    # given a proposal accepted, then sent back to bereds (its draft retired)
    decide = {"proposal": proposal, "user": organisation["controller"]}
    consultation.proposal_decide(
        status=ProposalStatus.ACCEPTED, motivation="Tas in.", **decide
    )
    consultation.proposal_decide(
        status=ProposalStatus.PREPARING, motivation="Skärps först.", **decide
    )

    # when the proposer sharpens it and it is accepted again
    consultation.proposal_edit(
        proposal=proposal,
        user=organisation["handlaggare"],
        data=proposal_data(definition=CLEARER),
    )
    proposal.refresh_from_db()
    consultation.proposal_decide(
        status=ProposalStatus.ACCEPTED,
        motivation="Tas in.",
        proposal=proposal,
        user=organisation["controller"],
    )

    # then the same draft is back, with the text as it now reads
    proposal.refresh_from_db()
    assert proposal.resulting_key_figure.code == f"F{proposal.pk}"
    assert proposal.resulting_key_figure.definition == CLEARER


def test_a_change_can_only_concern_a_key_figure_in_use_or_the_one_it_named(
    round_, organisation
):
    # given a key figure in use, a draft and a retired one
    in_use = builders.key_figure(code="M2")
    draft = builders.key_figure(code="M8", status=KeyFigureStatus.DRAFT)
    retired = builders.key_figure(code="M9", status=KeyFigureStatus.RETIRED)

    # a new proposal offers only the one in use
    offered = set(ProposalForm().fields["key_figure"].queryset)
    assert offered == {in_use}

    # and a proposal that named a figure since retired keeps it when edited
    named = ProposalForm(initial={"key_figure": retired.pk})
    assert set(named.fields["key_figure"].queryset) == {in_use, retired}
    assert draft not in set(named.fields["key_figure"].queryset)
