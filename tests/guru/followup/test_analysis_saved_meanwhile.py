"""A department's analysis saved from two forms at once (two tabs, say): the later
save does not overwrite what the earlier one stored without being told, also when
the earlier save lands while the later one is under way (and likewise the
management group's conclusions)."""

import pytest
from django.urls import reverse

from guru.accounts.models import Department
from guru.followup import services
from guru.followup.models import Analysis, Perspective
from guru.forms import SavedMeanwhile
from tests.concurrency import landing_as_the_service_begins
from tests.guru.followup import builders

SAVED_MEANWHILE = "Någon annan har sparat en ny analys medan du skrev"


def _analysis_form(follow_up) -> tuple[str, dict]:
    """The form of FÖR's analysis, every field as a form opened on nothing saved
    sends it: the boxes and their hidden copies of what was loaded empty."""
    url = reverse("followup:analysis_edit", args=[follow_up.pk, "FÖR"])
    empty = {}
    for perspective in Perspective.objects.all():
        empty[f"{perspective.key}-text"] = ""
        empty[f"{perspective.key}-loaded"] = ""
        empty[f"{perspective.key}-loaded_done"] = "False"
    return url, empty


def _saved_in_one_tab(opened, client, **texts) -> tuple:
    """FÖR's head saves ``texts`` (by perspective key) in one tab; returned are
    the follow-up, the form's address and the form as a tab opened before sends
    it."""
    follow_up, people = opened
    url, empty = _analysis_form(follow_up)
    client.force_login(people["avdelningschef"])
    client.post(url, {**empty, **{f"{k}-text": t for k, t in texts.items()}})
    return follow_up, url, empty


def _texts(follow_up) -> dict[str, str]:
    return {
        a.perspective.key: a.text
        for a in Analysis.objects.filter(follow_up=follow_up, department__code="FÖR")
    }


def test_a_stale_analysis_save_is_refused_and_the_typed_text_kept(opened, client):
    # given a head with the analysis open in two tabs, who saves Ekonomi in one
    follow_up, url, empty = _saved_in_one_tab(
        opened, client, ekonomi="Ekonomin är i balans."
    )

    # when the other tab, opened before that save, saves its own Ekonomi text
    response = client.post(url, {**empty, "ekonomi-text": "Prognosen håller inte."})

    # then it is refused, saying what was saved, and the typed text is kept
    assert response.status_code == 409
    html = response.content.decode()
    assert f"{SAVED_MEANWHILE}: ”Ekonomin är i balans.”" in html
    assert "Prognosen håller inte.</textarea>" in html
    assert _texts(follow_up) == {"ekonomi": "Ekonomin är i balans."}


def test_a_stale_but_unchanged_perspective_leaves_the_saved_analysis_alone(
    opened, client
):
    # given a head who saves Verksamhet in one tab
    follow_up, url, empty = _saved_in_one_tab(opened, client, verksamhet="Målen nås.")

    # when another tab, with Verksamhet still empty there, saves only Ekonomi
    response = client.post(url, {**empty, "ekonomi-text": "Ekonomin är i balans."})

    # then it is saved, and the Verksamhet saved meanwhile is neither emptied
    # nor a reason to refuse
    assert response.status_code == 302
    assert _texts(follow_up) == {
        "ekonomi": "Ekonomin är i balans.",
        "verksamhet": "Målen nås.",
    }


def test_saving_again_after_being_told_of_a_newer_analysis_goes_through(opened, client):
    # given a stale save of Ekonomi that was refused
    follow_up, url, empty = _saved_in_one_tab(
        opened, client, ekonomi="Ekonomin är i balans."
    )
    stale = {**empty, "ekonomi-text": "Prognosen håller inte."}
    refused = client.post(url, stale)
    assert refused.status_code == 409

    # when the form as it came back, now holding the newer text as loaded, is
    # saved again
    html = refused.content.decode()
    assert 'name="ekonomi-loaded" value="Ekonomin är i balans."' in html
    again = {**stale, "ekonomi-loaded": "Ekonomin är i balans."}
    response = client.post(url, again)

    # then the deliberate save goes through
    assert response.status_code == 302
    assert _texts(follow_up) == {"ekonomi": "Prognosen håller inte."}


def test_an_analysis_marked_klar_meanwhile_is_not_turned_back_into_a_draft(
    opened, client
):
    # given Ekonomi saved as a draft, then marked klar from another tab
    follow_up, url, empty = _saved_in_one_tab(
        opened, client, ekonomi="Ekonomin är i balans."
    )
    loaded = {
        **empty,
        "ekonomi-text": "Ekonomin är i balans.",
        "ekonomi-loaded": "Ekonomin är i balans.",
    }
    client.post(url, {**loaded, "ekonomi-done": "on"})

    # when the first tab, which loaded the draft, saves a new text as a draft
    response = client.post(url, {**loaded, "ekonomi-text": "Ekonomin är stabil."})

    # then it is refused, and the analysis stays klar with its text
    assert response.status_code == 409
    told = f"{SAVED_MEANWHILE}: ”Ekonomin är i balans.”, markerad som klar."
    assert told in response.content.decode()
    analysis = Analysis.objects.get(follow_up=follow_up, perspective__key="ekonomi")
    assert (analysis.text, analysis.status) == ("Ekonomin är i balans.", "done")


def test_the_service_refuses_an_analysis_saved_since_the_form_loaded_it(opened):
    # given a form that loaded Ekonomi's draft, and a save from elsewhere after
    follow_up, people = opened
    builders.head_analysis(follow_up, people, "Ekonomin är i balans.", key="ekonomi")
    loaded = {"ekonomi": {"text": "Ekonomin är i balans.", "done": False}}
    builders.head_analysis(
        follow_up, people, "Prognosen är sänkt.", key="ekonomi", done=True
    )

    # when the form's text is saved with what it loaded
    with pytest.raises(SavedMeanwhile) as refused:
        services.analyses_save(
            follow_up=follow_up,
            department=Department.objects.get(code="FÖR"),
            entries=[(Perspective.objects.get(key="ekonomi"), "Allt är bra.", False)],
            loaded=loaded,
            user=people["avdelningschef"],
        )

    # then it is refused with what is stored now, which stays
    assert refused.value.saved == {
        "ekonomi": {"text": "Prognosen är sänkt.", "done": True}
    }
    assert _texts(follow_up) == {"ekonomi": "Prognosen är sänkt."}


def test_an_analysis_saved_while_the_request_runs_is_not_overwritten(opened, client):
    # given Ekonomi saved, and the form that loaded it
    follow_up, people = opened
    builders.head_analysis(follow_up, people, "Ekonomin är i balans.", key="ekonomi")
    url, empty = _analysis_form(follow_up)
    client.force_login(people["avdelningschef"])
    form = {
        **empty,
        "ekonomi-loaded": "Ekonomin är i balans.",
        "ekonomi-text": "Prognosen håller inte.",
    }

    # when another tab's save lands while this save is under way
    def other_tab():
        Analysis.objects.filter(follow_up=follow_up).update(text="Prognosen är sänkt.")

    with landing_as_the_service_begins(other_tab):
        response = client.post(url, form)

    # then this save is refused with the same message, and what was typed is kept
    assert response.status_code == 409
    html = response.content.decode()
    assert f"{SAVED_MEANWHILE}: ”Prognosen är sänkt.”" in html
    assert "Prognosen håller inte.</textarea>" in html
    assert 'name="ekonomi-loaded" value="Prognosen är sänkt."' in html
    assert _texts(follow_up) == {"ekonomi": "Prognosen är sänkt."}


def test_a_conclusion_saved_while_the_request_runs_is_not_overwritten(opened, client):
    # given the group's Ekonomi conclusion, and the form that loaded it
    follow_up, people = opened
    ekonomi = Perspective.objects.get(key="ekonomi")
    services.conclusion_save(
        follow_up=follow_up, perspective=ekonomi, text="I balans.", user=people["gd"]
    )
    client.force_login(people["gd"])
    form = {f"{p.key}-text": "" for p in Perspective.objects.all()}
    form.update({f"{p.key}-loaded": "" for p in Perspective.objects.all()})
    form.update({"ekonomi-loaded": "I balans.", "ekonomi-text": "Underskott."})

    # when another member's save lands while this save is under way
    def other_member():
        follow_up.conclusions.update(text="Prognosen är sänkt.")

    with landing_as_the_service_begins(other_member):
        url = reverse("followup:conclusions_edit", args=[follow_up.pk])
        response = client.post(url, form)

    # then this save is refused, telling what was saved, and the text is kept
    assert response.status_code == 409
    html = response.content.decode()
    told = "Någon annan har sparat en ny slutsats medan du skrev: ”Prognosen är sänkt.”"
    assert told in html
    assert "Underskott.</textarea>" in html
    assert follow_up.conclusions.get().text == "Prognosen är sänkt."
