"""The remissrunda: substantive proposals, support and comments, decisions."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse

from guru.followup import consultation
from guru.followup.models import (
    KeyFigure,
    KeyFigureStatus,
    Notification,
    Proposal,
    ProposalKind,
    ProposalStatus,
)
from tests.guru.followup import builders
from tests.guru.followup.conftest import SUBSTANTIVE, proposal_data, proposal_post
from tests.html import dangling_references


def test_a_vague_proposal_is_refused_with_guidance_per_field(round_, organisation):
    with pytest.raises(ValidationError) as caught:
        consultation.proposal_submit(
            round_=round_,
            proposer=organisation["handlaggare"],
            data=proposal_data(
                definition="Kompletteringar",
                calculation="",
                data_source="",
                motivation="Det vore bra att ha.",
            ),
        )
    problems = caught.value.message_dict
    assert set(problems) == {"definition", "calculation", "data_source", "motivation"}
    assert "bra att ha" in problems["motivation"][0]
    assert Proposal.objects.count() == 0


def test_the_form_keeps_the_input_when_a_proposal_is_too_thin(
    round_, organisation, client
):
    client.force_login(organisation["handlaggare"])
    data = proposal_post(motivation="Viktigt.")
    response = client.post(reverse("followup:round", args=[round_.pk]), data)
    assert response.status_code == 422
    assert "Förklara vilken fråga" in response.content.decode()
    assert SUBSTANTIVE["definition"] in response.content.decode()
    assert dangling_references(response.content.decode()) == []


def test_the_proposal_form_tells_each_fields_least_number_of_words_up_front(
    round_, organisation, client
):
    # given an employee about to propose a key figure
    client.force_login(organisation["handlaggare"])

    # when they open the round's form
    page = BeautifulSoup(
        client.get(reverse("followup:round", args=[round_.pk])).content,
        "html.parser",
    )

    # then each field the proposal is refused for when too short says how short
    # is too short before anything is sent, as the refusal would
    told = {
        name: page.select_one(f"#id_{name}_helptext")
        .get_text()
        .endswith(f"Minst {least} ord.")
        for name, least in consultation.MIN_WORDS.items()
    }
    assert told == dict.fromkeys(consultation.MIN_WORDS, True)


def test_others_support_and_comment_during_the_round(round_, organisation):
    proposal = consultation.proposal_submit(
        round_=round_, proposer=organisation["handlaggare"], data=proposal_data()
    )
    assert consultation.proposal_support_toggle(
        proposal=proposal, user=organisation["gd"]
    )
    consultation.proposal_comment(
        proposal=proposal, author=organisation["redaktor"], text="Gärna per ärendeslag."
    )
    assert proposal.supports.count() == 1 and proposal.comments.count() == 1
    with pytest.raises(ValidationError):
        consultation.proposal_support_toggle(
            proposal=proposal, user=organisation["handlaggare"]
        )
    # after the closing date nobody can add to it
    round_.closes_on = datetime.date.today() - datetime.timedelta(days=1)  # noqa: DTZ011
    round_.save()
    with pytest.raises(ValidationError):
        consultation.proposal_comment(
            proposal=proposal, author=organisation["gd"], text="Sent påtänkt."
        )


def test_an_accepted_proposal_becomes_a_draft_key_figure_and_the_proposer_is_told(
    round_, organisation, django_capture_on_commit_callbacks
):
    proposal = consultation.proposal_submit(
        round_=round_, proposer=organisation["handlaggare"], data=proposal_data()
    )
    with django_capture_on_commit_callbacks(execute=True):
        consultation.proposal_decide(
            proposal=proposal,
            status=ProposalStatus.ACCEPTED,
            motivation="Tas in från 2027.",
            user=organisation["controller"],
        )
    figure = KeyFigure.objects.get(code=f"F{proposal.pk}")
    assert figure.status == KeyFigureStatus.DRAFT
    assert figure.name == SUBSTANTIVE["name"]
    assert Notification.objects.get(user=organisation["handlaggare"]).text.endswith(
        "Antagen."
    )
    assert mail.outbox[0].to == ["handlaggare@guru.example.se"]
    assert "Tas in från 2027." in mail.outbox[0].body
    # the link in the e-mail is a whole address, not a path
    address = (
        settings.WAGTAILADMIN_BASE_URL + f"/uppfoljning/remiss/forslag/{proposal.pk}/"
    )
    assert f"Läs mer i Guru: {address}" in mail.outbox[0].body


def test_the_motivation_of_a_decision_keeps_its_line_breaks(
    round_, organisation, client
):
    proposal = consultation.proposal_submit(
        round_=round_, proposer=organisation["handlaggare"], data=proposal_data()
    )
    client.force_login(organisation["controller"])
    client.post(
        reverse("followup:proposal", args=[proposal.pk]),
        {
            "action": "decide",
            "status": ProposalStatus.ACCEPTED,
            "motivation": "Tas in från 2027.\r\nMäts första gången i T1.",
        },
    )

    html = client.get(reverse("followup:proposal", args=[proposal.pk])).text

    assert "Tas in från 2027.<br>Mäts första gången i T1." in html


def test_a_rejection_needs_a_motivation(round_, organisation):
    proposal = consultation.proposal_submit(
        round_=round_, proposer=organisation["handlaggare"], data=proposal_data()
    )
    with pytest.raises(ValidationError):
        consultation.proposal_decide(
            proposal=proposal,
            status=ProposalStatus.REJECTED,
            motivation=" ",
            user=organisation["controller"],
        )
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RECEIVED


def test_a_proposal_rejected_after_acceptance_takes_back_its_draft_key_figure(
    round_, organisation
):
    proposal = consultation.proposal_submit(
        round_=round_, proposer=organisation["handlaggare"], data=proposal_data()
    )
    decide = {"proposal": proposal, "user": organisation["controller"]}
    consultation.proposal_decide(
        status=ProposalStatus.ACCEPTED, motivation="Tas in.", **decide
    )

    # the controller changes the decision
    consultation.proposal_decide(
        status=ProposalStatus.REJECTED, motivation="Finns redan i P1.", **decide
    )

    proposal.refresh_from_db()
    assert proposal.resulting_key_figure is None
    figure = KeyFigure.objects.get(code=f"F{proposal.pk}")
    assert figure.status == KeyFigureStatus.RETIRED, "retired, not deleted"
    # accepted once more, the same draft returns
    consultation.proposal_decide(
        status=ProposalStatus.ACCEPTED, motivation="Ändå.", **decide
    )
    proposal.refresh_from_db()
    assert proposal.resulting_key_figure == figure
    figure.refresh_from_db()
    assert figure.status == KeyFigureStatus.DRAFT


def test_saving_the_same_decision_again_tells_the_proposer_only_once(
    round_, organisation, django_capture_on_commit_callbacks
):
    # given a proposal the controller has accepted
    proposal = consultation.proposal_submit(
        round_=round_, proposer=organisation["handlaggare"], data=proposal_data()
    )
    decide = {"proposal": proposal, "user": organisation["controller"]}
    with django_capture_on_commit_callbacks(execute=True):
        consultation.proposal_decide(
            status=ProposalStatus.ACCEPTED, motivation="Tas in.", **decide
        )

    # when the same decision is saved again, and then a changed one
    with django_capture_on_commit_callbacks(execute=True):
        consultation.proposal_decide(
            status=ProposalStatus.ACCEPTED, motivation="Tas in.", **decide
        )
    after_resave = (len(mail.outbox), Notification.objects.count())
    with django_capture_on_commit_callbacks(execute=True):
        consultation.proposal_decide(
            status=ProposalStatus.REJECTED, motivation="Finns redan.", **decide
        )

    # then only the two real decisions reached the proposer
    assert after_resave == (1, 1)
    assert len(mail.outbox) == 2
    assert Notification.objects.count() == 2
    assert "Avslagen" in mail.outbox[1].body


def test_an_accepted_change_is_a_draft_revision_of_the_figure_it_concerns(
    round_, organisation
):
    # given an active ratio figure with protected health data
    figure = builders.key_figure(code="M2")
    proposal = consultation.proposal_submit(
        round_=round_,
        proposer=organisation["handlaggare"],
        data=proposal_data(
            kind=ProposalKind.CHANGE,
            key_figure=figure,
            name="Korttidssjukfrånvaro",
            perspective=figure.perspective,
        ),
    )
    decide = {"proposal": proposal, "user": organisation["controller"]}

    # when the controller accepts the change
    consultation.proposal_decide(
        status=ProposalStatus.ACCEPTED, motivation="Bättre underlag.", **decide
    )

    # then a draft revision of that figure carries the proposed text and keeps the
    # figure's rules; the figure in use is left as it is until a controller acts
    draft = Proposal.objects.get(pk=proposal.pk).resulting_key_figure
    assert draft.revision_of == figure
    assert draft.status == KeyFigureStatus.DRAFT
    assert (draft.name, draft.definition) == (
        "Korttidssjukfrånvaro",
        SUBSTANTIVE["definition"],
    )
    kept = ("aggregation", "scale", "decimals", "direction", "privacy_class")
    assert [getattr(draft, f) for f in kept] == [getattr(figure, f) for f in kept]
    assert draft.individual_based and draft.reporting_level == figure.reporting_level
    figure.refresh_from_db()
    assert figure.status == KeyFigureStatus.ACTIVE
    assert figure.name == "Sjukfrånvaro"

    # when the acceptance is undone, the draft revision is retired, the figure stays
    consultation.proposal_decide(
        status=ProposalStatus.PREPARING, motivation="Utreds vidare.", **decide
    )
    draft.refresh_from_db()
    figure.refresh_from_db()
    assert draft.status == KeyFigureStatus.RETIRED
    assert figure.status == KeyFigureStatus.ACTIVE
    assert Proposal.objects.get(pk=proposal.pk).resulting_key_figure is None


def test_a_refusal_on_the_proposal_page_answers_422_with_the_reason(
    round_, organisation, client
):
    # given an undecided proposal and its page
    proposal = consultation.proposal_submit(
        round_=round_, proposer=organisation["handlaggare"], data=proposal_data()
    )
    page = reverse("followup:proposal", args=[proposal.pk])

    # when the controller rejects it without a motivation
    client.force_login(organisation["controller"])
    rejected = client.post(
        page, {"action": "decide", "status": ProposalStatus.REJECTED, "motivation": ""}
    )

    # then the page says why, keeps the chosen status and stores nothing
    assert rejected.status_code == 422
    html = rejected.content.decode()
    assert "Motivera varför förslaget avslås." in html
    assert f'value="{ProposalStatus.REJECTED}" selected' in html
    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.RECEIVED

    # and the proposer supporting their own proposal is refused the same way
    client.force_login(organisation["handlaggare"])
    supported = client.post(page, {"action": "support"})
    assert supported.status_code == 422
    assert "Du kan inte stödja ditt eget förslag." in supported.content.decode()
    assert not proposal.supports.exists()


def _rejected_without_motivation(round_, organisation, client):
    """The controller rejects an undecided proposal with the motivation empty."""
    proposal = consultation.proposal_submit(
        round_=round_, proposer=organisation["handlaggare"], data=proposal_data()
    )
    client.force_login(organisation["controller"])
    return client.post(
        reverse("followup:proposal", args=[proposal.pk]),
        {"action": "decide", "status": ProposalStatus.REJECTED, "motivation": ""},
    )


def test_a_rejection_without_motivation_is_told_on_the_motivation_field(
    round_, organisation, client
):
    # given an undecided proposal
    # when the controller rejects it with the motivation empty
    response = _rejected_without_motivation(round_, organisation, client)

    # then the reason stands by the motivation field, not in the page's messages
    html = response.content.decode()
    assert response.status_code == 422
    assert (
        '<div id="id_motivation_error"><p class="field__error">'
        "Motivera varför förslaget avslås.</p></div>"
    ) in html
    assert 'class="messages"' not in html


def test_a_refused_decision_is_summed_up_above_the_decision_form(
    round_, organisation, client
):
    # given an undecided proposal, whose decision form is at the foot of its page
    # when the controller rejects it with the motivation empty
    response = _rejected_without_motivation(round_, organisation, client)

    # then an error summary (where the browser puts focus after a refused post)
    # links to the motivation field, so the reason is not left out of sight
    summary = BeautifulSoup(response.content, "html.parser").select_one(
        "main .error-summary"
    )
    assert summary is not None
    assert summary.select_one('a[href="#id_motivation"]') is not None
    assert "Motivera varför förslaget avslås." in summary.get_text()


def test_the_decisions_motivation_is_told_apart_from_the_proposals_own(
    round_, organisation, client
):
    # given a proposal the controller has decided with a motivation
    proposal = consultation.proposal_submit(
        round_=round_, proposer=organisation["handlaggare"], data=proposal_data()
    )
    consultation.proposal_decide(
        proposal=proposal,
        user=organisation["controller"],
        status=ProposalStatus.PREPARING,
        motivation="Vi tittar på det inför nästa år.",
    )
    client.force_login(organisation["handlaggare"])

    # when the proposer reads the proposal, which has its own "Motivering" too
    page = BeautifulSoup(
        client.get(reverse("followup:proposal", args=[proposal.pk])).content,
        "html.parser",
    )

    # then the decision's reason says that it is the decision's
    notice = page.select_one("main .notice").get_text(" ", strip=True)
    assert notice == "Motivering till beslutet: Vi tittar på det inför nästa år."
