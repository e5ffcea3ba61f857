"""Two note-takers on one item's minutes page (two tabs, or the secretary and a
stand-in): the later save does not overwrite a note saved after its page was
loaded, also when that save lands while the later one is under way. What was
typed, the note and a decision beside it, stays on the page."""

import pytest
from django.urls import reverse

from guru.forms import SavedMeanwhile
from guru.meetings import services
from guru.meetings.models import AgendaItem
from tests.concurrency import landing_as_the_service_begins

SAVED_MEANWHILE = "Någon annan har sparat en ny anteckning medan du skrev"


def _minutes_url(item) -> str:
    return reverse("meetings:item_minutes", args=[item.pk])


def _page_loaded_on(note: str, **typed) -> dict:
    """The minutes form as a page loaded when the note was ``note`` sends it."""
    return {"minutes": note, "loaded": note, "text": "", **typed}


def test_a_note_saved_after_the_page_was_loaded_is_not_overwritten(
    client, item, secretary
):
    # given a page loaded on an empty note, and a note saved elsewhere after
    client.force_login(secretary)
    client.get(_minutes_url(item))
    services.minutes_record(item=item, minutes="Gruppen diskuterade budgeten.")

    # when the page saves its own note
    response = client.post(
        _minutes_url(item), _page_loaded_on("", minutes="Prognosen håller.")
    )

    # then it is refused, saying what is stored now, and what was typed is kept
    assert response.status_code == 409
    page = response.text
    assert f"{SAVED_MEANWHILE}: ”Gruppen diskuterade budgeten.”" in page
    assert "Prognosen håller.</textarea>" in page
    item.refresh_from_db()
    assert item.minutes == "Gruppen diskuterade budgeten."


def test_a_decision_typed_beside_a_refused_note_is_kept_and_said_not_recorded(
    client, item, secretary
):
    # given a note saved after the page was loaded
    client.force_login(secretary)
    services.minutes_record(item=item, minutes="Gruppen diskuterade budgeten.")

    # when the page records a decision beside its own note
    response = client.post(
        _minutes_url(item),
        _page_loaded_on(
            "", minutes="Prognosen håller.", text="Budgeten fastställs.", decision=""
        ),
    )

    # then nothing is saved, both texts are on the page, and the page says the
    # decision is not in the minutes yet
    assert response.status_code == 409
    page = response.text
    assert "Prognosen håller.</textarea>" in page
    assert "Budgeten fastställs.</textarea>" in page
    assert 'id="id_text_error"' in page
    assert "Beslutet är inte fört till protokollet" in page
    assert not item.decisions.exists()


def test_a_note_left_as_loaded_does_not_undo_one_saved_meanwhile(
    client, item, secretary
):
    # given a page loaded on an empty note, and a note saved elsewhere after
    client.force_login(secretary)
    services.minutes_record(item=item, minutes="Gruppen diskuterade budgeten.")

    # when the page, its note untouched, records a decision
    response = client.post(
        _minutes_url(item), _page_loaded_on("", text="Budgeten fastställs.")
    )

    # then the decision is recorded and the note saved meanwhile stays
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.minutes == "Gruppen diskuterade budgeten."
    assert item.decisions.active().get().text == "Budgeten fastställs."


def test_saving_again_after_being_told_of_a_newer_note_goes_through(
    client, item, secretary
):
    # given a stale save that was refused
    client.force_login(secretary)
    services.minutes_record(item=item, minutes="Gruppen diskuterade budgeten.")
    stale = _page_loaded_on("", minutes="Prognosen håller.")
    refused = client.post(_minutes_url(item), stale)
    assert refused.status_code == 409

    # when the page as it came back, now holding the newer note as loaded, is
    # saved again
    assert 'name="loaded" value="Gruppen diskuterade budgeten."' in refused.text
    again = {**stale, "loaded": "Gruppen diskuterade budgeten."}
    response = client.post(_minutes_url(item), again)

    # then the deliberate save goes through
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.minutes == "Prognosen håller."


def test_a_note_saved_while_the_request_runs_is_not_overwritten(
    client, item, secretary
):
    # given a saved note, and the page that loaded it
    services.minutes_record(item=item, minutes="Gruppen diskuterade.")
    client.force_login(secretary)
    form = _page_loaded_on(
        "Gruppen diskuterade.", minutes="Prognosen håller.", text="Guru införs."
    )

    # when another note-taker's save lands while this save is under way
    def other_note_taker():
        AgendaItem.objects.filter(pk=item.pk).update(minutes="Budgeten sänks.")

    with landing_as_the_service_begins(other_note_taker):
        response = client.post(_minutes_url(item), form)

    # then this save is refused, telling what was saved, and nothing is lost
    assert response.status_code == 409
    page = response.text
    assert f"{SAVED_MEANWHILE}: ”Budgeten sänks.”" in page
    assert "Prognosen håller.</textarea>" in page
    assert "Guru införs.</textarea>" in page
    assert 'name="loaded" value="Budgeten sänks."' in page
    item.refresh_from_db()
    assert item.minutes == "Budgeten sänks."
    assert not item.decisions.exists()


def test_the_service_refuses_a_note_saved_since_the_page_loaded_it(item):
    # given a page that loaded one note, and another saved after
    services.minutes_record(item=item, minutes="Gruppen diskuterade.")
    services.minutes_record(item=item, minutes="Budgeten sänks.")

    # when the page's note and a decision are saved with what it loaded
    with pytest.raises(SavedMeanwhile) as refused:
        services.minutes_and_decision_record(
            item=item,
            minutes="Prognosen håller.",
            decision="Guru införs.",
            loaded={"minutes": "Gruppen diskuterade."},
        )

    # then neither is saved, and what is stored now is told
    assert refused.value.saved == {"minutes": {"minutes": "Budgeten sänks."}}
    item.refresh_from_db()
    assert item.minutes == "Budgeten sänks."
    assert not item.decisions.exists()
