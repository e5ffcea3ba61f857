"""A follow-up published while a note, a value or a text is being saved: the
save takes the follow-up's row as publishing does and then checks it, so
nothing slips into a tertial once its publishing has begun, and what was typed
is kept on the page."""

from decimal import Decimal

import pytest
from django.urls import reverse

from guru.followup import imports, services
from guru.followup.models import (
    Action,
    Analysis,
    Annotation,
    FollowUp,
    ImportStatus,
    Perspective,
    Value,
)
from tests.concurrency import landing_as_the_service_begins
from tests.guru.followup import builders


def _posted_while_published(client, follow_up, url: str, data: dict | None = None):
    """``client`` posts ``data`` to ``url``; the controller who opened the
    follow-up publishes it from another request as the post's service begins."""

    def publish():
        services.follow_up_publish(
            follow_up=FollowUp.objects.get(pk=follow_up.pk),
            user=follow_up.opened_by,
            incomplete_confirmed=True,
        )

    with landing_as_the_service_begins(publish):
        return client.post(url, data or {})


def _refused_keeping(response, message: str, typed: str) -> None:
    """The form came back refused with ``message``, and ``typed`` still in it."""
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html
    assert f'value="{typed}"' in html


def test_a_second_publishing_landing_meanwhile_is_refused(opened, client):
    # given a controller who publishes the open follow-up
    follow_up, people = opened
    controller = people["controller"]
    client.force_login(controller)
    url = reverse("followup:publish", args=[follow_up.pk])

    # when a publishing from another tab lands while this one is under way
    response = _posted_while_published(
        client, follow_up, url, {"confirm_incomplete": "on"}
    )

    # then this one is refused instead of publishing it a second time
    html = client.get(response.url).content.decode()
    assert "Uppföljningen är redan publicerad." in html
    assert "Uppföljningen är låst och publicerad." not in html


def test_a_note_is_refused_when_the_tertial_is_published_meanwhile(opened, client):
    # given a head writing a note on 2026 T3, whose follow-up is open
    follow_up, people = opened
    head = people["avdelningschef"]
    client.force_login(head)

    # when the follow-up is published as the note is being saved
    response = _posted_while_published(
        client,
        follow_up,
        reverse("followup:annotate", args=[builders.key_figure().code]),
        {"period": "2026 T3", "department": head.department.pk, "text": "Ny chef"},
    )

    # then the note is refused on the tertial and kept on the page
    _refused_keeping(response, "Tertialet 2026 T3 är publicerat och låst", "Ny chef")
    assert not Annotation.objects.exists()


def test_a_value_is_refused_when_the_tertial_is_published_meanwhile(opened, client):
    # given a controller entering a value of 2026 T3, whose follow-up is open
    follow_up, people = opened
    controller = people["controller"]
    client.force_login(controller)
    figure = builders.key_figure()

    # when the follow-up is published as the value is being saved
    response = _posted_while_published(
        client,
        follow_up,
        reverse("followup:value_create"),
        {
            "key_figure": figure.pk,
            "period": "2026 T3",
            "unit": controller.unit.pk,
            "gender": "T",
            "numerator": "4,5",
            "denominator": "120",
            "status": "preliminar",
        },
    )

    # then the value is refused, what was typed is kept and nothing is stored
    _refused_keeping(response, "Tertialet 2026 T3 är låst.", "4,5")
    assert not Value.objects.exists()


def test_a_value_is_not_deleted_when_the_tertial_is_published_meanwhile(opened, client):
    # given a value of 2026 T3, whose follow-up is open
    follow_up, people = opened
    controller = people["controller"]
    value = services.value_set(
        key_figure=builders.key_figure(),
        period=follow_up.period,
        user=controller,
        unit=controller.unit,
        numerator=Decimal("4.5"),
        denominator=Decimal(120),
    )
    client.force_login(controller)

    # when the follow-up is published as the value is being deleted
    response = _posted_while_published(
        client, follow_up, reverse("followup:value_delete", args=[value.pk])
    )

    # then the deletion is refused and the published value stays
    assert response.status_code == 422
    assert "Tertialet 2026 T3 är låst." in response.content.decode()
    value.refresh_from_db()
    assert value.deleted_at is None


@pytest.mark.parametrize(
    ("name", "args", "writer", "told"),
    [
        (
            "followup:analysis_edit",
            ("FÖR",),
            "avdelningschef",
            "Analysen är inte sparad",
        ),
        ("followup:conclusions_edit", (), "gd", "Slutsatserna är inte sparade"),
    ],
)
def test_a_text_saved_as_the_follow_up_is_published_is_kept_and_told_why(
    opened, client, name, args, writer, told
):
    # given a writer in the open follow-up, with the form as it was loaded
    follow_up, people = opened
    client.force_login(people[writer])
    form = {f"{p.key}-text": "" for p in Perspective.objects.all()}
    form.update({f"{p.key}-loaded": "" for p in Perspective.objects.all()})
    form["ekonomi-text"] = "Prognosen håller."

    # when the follow-up is published as the text is being saved
    response = _posted_while_published(
        client, follow_up, reverse(name, args=[follow_up.pk, *args]), form
    )

    # then the page says it was locked while they wrote, not that they may not
    assert response.status_code == 409
    html = response.content.decode()
    assert told in html
    assert "låstes och publicerades medan du skrev" in html
    assert "Prognosen håller.</textarea>" in html
    assert not Analysis.objects.exists()
    assert not follow_up.conclusions.exists()


def _an_import_of_the_open_tertial(controller):
    """A previewed import of one value of 2026 T3, the follow-up's tertial."""
    builders.key_figure()
    row = f"M2;2026 T3;{controller.unit.code};T;;4,5;120;preliminär;;"
    content = (";".join(imports.COLUMNS) + "\n" + row + "\n").encode()
    return imports.values_import_preview(
        filename="t3.csv", content=content, user=controller
    ).batch


def test_an_import_is_not_committed_when_the_tertial_is_published_meanwhile(
    opened, client
):
    # given an import of 2026 T3 previewed while its follow-up was open
    follow_up, people = opened
    controller = people["controller"]
    batch = _an_import_of_the_open_tertial(controller)
    client.force_login(controller)

    # when the follow-up is published as the import is being committed
    response = _posted_while_published(
        client, follow_up, reverse("followup:import_preview", args=[batch.pk])
    )

    # then the import is refused and nothing is stored
    html = response.content.decode()
    assert "Ett tertial i filen har låsts sedan förhandsgranskningen." in html
    assert not Value.objects.exists()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PREVIEW


def test_an_import_is_not_undone_when_the_tertial_is_published_meanwhile(
    opened, client
):
    # given an import of 2026 T3 committed while its follow-up was open
    follow_up, people = opened
    controller = people["controller"]
    batch = imports.values_import_commit(
        batch=_an_import_of_the_open_tertial(controller), user=controller
    )
    client.force_login(controller)

    # when the follow-up is published as the import is being undone
    response = _posted_while_published(
        client, follow_up, reverse("followup:import_undo", args=[batch.pk])
    )

    # then the undo is refused and the published value stays
    assert "Tertialet är låst." in client.get(response.url).content.decode()
    assert Value.objects.get().deleted_at is None
    batch.refresh_from_db()
    assert batch.status == ImportStatus.COMMITTED


def test_an_action_recorded_as_the_follow_up_is_published_is_kept_and_told_why(
    opened, client
):
    # given the management group recording an action in the open follow-up
    follow_up, people = opened
    client.force_login(people["gd"])

    # when the follow-up is published as the action is being recorded
    response = _posted_while_published(
        client,
        follow_up,
        reverse("followup:action_create", args=[follow_up.pk]),
        builders.action_form(people, "2099-03-01"),
    )

    # then the page says it was locked while they wrote, and keeps what they typed
    assert response.status_code == 409
    html = response.content.decode()
    assert "Åtgärden är inte registrerad" in html
    assert "låstes och publicerades medan du skrev" in html
    assert 'value="Förenkla blanketten för komplettering"' in html
    assert 'value="2099-03-01"' in html
    assert not Action.objects.exists()
    # and the page shows the follow-up as it is now, published
    assert '<span class="badge">Publicerad</span>' in html
