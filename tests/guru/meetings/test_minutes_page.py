"""An item's minutes page: the note and a new decision are one form, so whichever
button the note-taker clicks, nothing typed on the page is lost."""

from django.urls import reverse

from guru.meetings import services


def _minutes_url(item) -> str:
    return reverse("meetings:item_minutes", args=[item.pk])


def test_a_decision_typed_beside_the_note_is_saved_with_the_note(
    client, item, secretary
):
    # given the note-taker has typed both a note and a decision
    client.force_login(secretary)

    # when she clicks "Spara anteckningen"
    response = client.post(
        _minutes_url(item),
        {"minutes": "Gruppen diskuterade.", "text": "Fyra fokus fastställs."},
    )

    # then both are in the minutes, and she is back on the meeting
    assert response.status_code == 302
    assert response["Location"] == item.get_absolute_url()
    item.refresh_from_db()
    assert item.minutes == "Gruppen diskuterade."
    assert list(item.decisions.active().values_list("number", "text")) == [
        (1, "Fyra fokus fastställs.")
    ]
    shown = client.get(response["Location"]).text
    assert "Anteckningen är sparad." in shown
    assert "LG 2026-03-27 § 1" in shown


def test_the_decision_button_saves_the_note_typed_beside_it(client, item, secretary):
    # given the note-taker has typed both a note and a decision
    client.force_login(secretary)

    # when she clicks "För till protokollet som beslut"
    response = client.post(
        _minutes_url(item),
        {"decision": "", "minutes": "Gruppen diskuterade.", "text": "Guru införs."},
    )

    # then both are saved, and she stays on the page for the next decision
    assert response.status_code == 302
    assert response["Location"] == _minutes_url(item)
    item.refresh_from_db()
    assert item.minutes == "Gruppen diskuterade."
    assert list(item.decisions.active().values_list("text", flat=True)) == [
        "Guru införs."
    ]
    shown = client.get(response["Location"]).text
    assert "Anteckningen är sparad." in shown
    assert "Beslutet LG 2026-03-27 § 1 är fört till protokollet." in shown


def test_the_note_alone_is_saved_without_a_decision(client, item, secretary):
    client.force_login(secretary)

    response = client.post(_minutes_url(item), {"minutes": "Bara en anteckning."})

    assert response.status_code == 302
    item.refresh_from_db()
    assert item.minutes == "Bara en anteckning."
    assert not item.decisions.exists()


def test_a_decision_without_text_is_refused_beside_the_field_keeping_the_note(
    client, item, secretary
):
    # given a note already saved
    services.minutes_record(item=item, minutes="Sparad anteckning.")
    client.force_login(secretary)

    # when the decision button is clicked with a new note but no decision
    response = client.post(
        _minutes_url(item), {"decision": "", "minutes": "Ny anteckning.", "text": ""}
    )

    # then nothing is saved, the error is beside the decision's field and the
    # typed note is still in its box
    assert response.status_code == 422
    page = response.text
    assert 'id="id_text_error"' in page
    assert "Skriv beslutet." in page
    assert "Ny anteckning.</textarea>" in page
    item.refresh_from_db()
    assert item.minutes == "Sparad anteckning."
    assert not item.decisions.exists()


def test_the_page_is_one_form_with_both_fields(client, item, secretary):
    client.force_login(secretary)

    page = client.get(_minutes_url(item)).text

    form = page[page.index('<form method="post" novalidate') :]
    form = form[: form.index("</form>")]
    assert 'name="minutes"' in form
    assert 'name="text"' in form
    assert "Spara anteckningen" in form
    assert "För till protokollet som beslut" in form


def test_a_post_without_the_note_field_leaves_the_note_as_it_is(
    client, item, secretary
):
    # given a note, and a post that sends a decision only (a page opened before
    # the note and the decision were one form)
    services.minutes_record(item=item, minutes="Sparad anteckning.")
    client.force_login(secretary)

    # when
    response = client.post(_minutes_url(item), {"decision": "", "text": "Beslut."})

    # then the decision is recorded and the note kept
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.minutes == "Sparad anteckning."
    assert item.decisions.active().get().text == "Beslut."
