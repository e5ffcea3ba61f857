"""The follow-up page shows the trail of changes of analyses and conclusions,
to whoever may read the text, drafts only to whom drafts are shown."""

import functools

import pytest
from django.urls import reverse

from guru.accounts.models import Department
from guru.followup import services
from guru.followup.models import Perspective


@pytest.fixture
def opened(organisation):
    follow_up = services.follow_up_open(
        year=2026, tertial=3, user=organisation["controller"]
    )
    return follow_up, organisation


def _page(client, user, follow_up) -> str:
    client.force_login(user)
    html = client.get(
        reverse("followup:follow_up", args=[follow_up.pk])
    ).content.decode()
    return html


def test_a_conclusions_changes_are_shown_under_it_also_once_it_is_removed(
    opened, client
):
    # given a conclusion written, rewritten and then emptied by the management group
    follow_up, people = opened
    ekonomi = Perspective.objects.get(key="ekonomi")
    for text in (
        "Prognosen håller.\nBudgeten <b>räcker</b>.",
        "Prognosen håller inte.",
        "",
    ):
        services.conclusion_save(
            follow_up=follow_up, perspective=ekonomi, text=text, user=people["gd"]
        )
    # when an employee reads the follow-up page
    html = _page(client, people["handlaggare"], follow_up)
    # then the conclusion's three changes are listed, with who and what
    assert "Ingen slutsats ännu." in html
    assert "<summary>Ändringshistorik (3)</summary>" in html
    assert html.count("Greta Dahl: ") == 3
    assert "Greta Dahl: Togs bort" in html
    assert "Greta Dahl: Skrevs" in html
    # and the earlier text, its line break kept and its markup shown as text
    assert (
        "<blockquote>Prognosen håller.<br>Budgeten &lt;b&gt;räcker&lt;/b&gt;."
        "</blockquote>" in html
    )
    # and the words that changed, told in words as well as by strike-through
    assert (
        '<ins><span class="visually-hidden">tillagt: </span>håller inte.</ins>' in html
    )
    assert "<b>räcker</b>" not in html


def test_an_analysis_shows_its_changes_but_a_draft_only_to_whom_drafts_are_shown(
    opened, client
):
    # given a head who wrote a draft and then a klar analysis
    follow_up, people = opened
    own = Department.objects.get(code="FÖR")
    ekonomi = Perspective.objects.get(key="ekonomi")

    save = functools.partial(
        services.analysis_save,
        follow_up=follow_up,
        department=own,
        perspective=ekonomi,
        user=people["avdelningschef"],
    )

    save(text="Utkastets första tanke.", done=False)
    save(text="Ekonomin är i balans.", done=True)

    # when an employee reads the page
    html = _page(client, people["handlaggare"], follow_up)
    # then they see the change that made it klar, without the draft's text
    assert "Ekonomin är i balans." in html
    assert "<summary>Ändringshistorik (1)</summary>" in html
    assert "Anders Wik: Markerades klar, texten ändrades" in html
    assert "Texten före var ett utkast som du inte kan läsa." in html
    assert "Utkastets första tanke" not in html

    # when the management group, who read every draft, reads it
    html = _page(client, people["gd"], follow_up)
    # then both changes are there, the draft's text and what changed in it
    assert "<summary>Ändringshistorik (2)</summary>" in html
    assert "Anders Wik: Skrevs som utkast" in html
    assert "<blockquote>Utkastets första tanke.</blockquote>" in html
    assert '<del><span class="visually-hidden">borttaget: </span>' in html

    # when the head turns it back into a draft
    save(text="Ekonomin är i balans, men prognosen är osäker.", done=False)
    html = _page(client, people["handlaggare"], follow_up)
    # then the employee sees neither the draft nor its trail, the klar text included
    assert "Analysen är inte klar ännu." in html
    assert "Ändringshistorik" not in html
    assert "Ekonomin är i balans" not in html
