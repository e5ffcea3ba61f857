"""The key figure page, annotations, the funnel plot and manual entry."""

import math
import re
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from guru.accounts.models import Department
from guru.followup import services
from guru.followup.charts import Z95, Z998, funnel_limits, funnel_position
from guru.followup.models import (
    Annotation,
    FollowUp,
    KeyFigure,
    Period,
    Value,
    ValueChange,
)


def test_funnel_limits_follow_spiegelhalters_binomial_formula():
    p, n = 0.2, 400
    low95, high95 = funnel_limits(p, n, Z95)
    assert math.isclose(high95 - p, 1.959964 * math.sqrt(p * (1 - p) / n))
    low998, high998 = funnel_limits(p, n, Z998)
    assert low998 < low95 < p < high95 < high998
    # the funnel narrows as the group grows
    assert funnel_limits(p, 4000, Z95)[1] < high95


def test_a_small_group_far_from_the_centre_can_still_be_inside_the_funnel():
    assert funnel_position(Decimal(3), Decimal(10), 0.15) == "inom gränserna"
    assert funnel_position(Decimal(300), Decimal(1000), 0.15) == "utanför 99,8 %"


def test_the_page_has_charts_with_data_tables_and_a_funnel_for_rates(demo, client):
    client.force_login(demo["handlaggare"])
    html = client.get(
        reverse("followup:key_figure", args=["V3"]) + "?tertial=2026-T2"
    ).content.decode()
    assert html.count("<svg") >= 3
    assert "chart__limit998" in html and "chart__limit95" in html
    assert (
        "<caption>Andel beslut inom målsatt handläggningstid över tid</caption>" in html
    )


def test_a_head_annotates_their_own_department_and_the_note_shows(demo, client):
    head = demo["avdelningschef"]
    client.force_login(head)
    own = head.department
    response = client.post(
        reverse("followup:annotate", args=["V1"]),
        {"period": "2025 T3", "department": own.pk, "text": "Omorganisation 1 maj"},
    )
    assert response.status_code == 302
    html = client.get(reverse("followup:report", args=[2025, 3])).content.decode()
    assert "Omorganisation 1 maj" in html
    html = client.get(response.url).content.decode()
    assert "Omorganisation 1 maj" in html


def test_a_personnummer_in_a_note_is_masked_on_the_page_and_in_the_report(demo, client):
    # given a head who pastes a personnummer into a note
    head = demo["avdelningschef"]
    client.force_login(head)
    client.post(
        reverse("followup:annotate", args=["V1"]),
        {
            "period": "2025 T3",
            "department": head.department.pk,
            "text": "Sjukskrivning 19850101-2382 sedan mars",
        },
    )
    # when anyone reads the key figure's page and the report
    client.force_login(demo["handlaggare"])
    url = reverse("followup:key_figure", args=["V1"]) + "?tertial=2025-T3"
    page = client.get(url).content.decode()
    report = client.get(reverse("followup:report", args=[2025, 3])).content.decode()
    # then the note is there, but not the number, and it was never stored
    assert "Sjukskrivning [personnummer] sedan mars" in page
    assert "Sjukskrivning [personnummer] sedan mars" in report
    assert "19850101-2382" not in page + report
    assert not Annotation.objects.filter(text__contains="19850101").exists()


def _department_options(html: str) -> list[str]:
    select = re.search(r'<select name="department".*?</select>', html, re.S)
    return re.findall(r"<option[^>]*>([^<]*)</option>", select.group(0))


def test_a_head_is_offered_only_their_own_department_already_chosen(demo, client):
    # given the head of one department and a controller
    head = demo["avdelningschef"]
    url = reverse("followup:key_figure", args=["V1"]) + "?tertial=2026-T2"
    # when each opens the key figure's page
    client.force_login(head)
    as_head = client.get(url).content.decode()
    client.force_login(demo["controller"])
    as_controller = client.get(url).content.decode()
    # then the head is offered their department, chosen, and not the agency
    assert _department_options(as_head) == [head.department.name]
    assert re.search(r"<option[^>]*selected[^>]*>" + head.department.name, as_head)
    # and the controller is offered the agency and every department
    options = _department_options(as_controller)
    assert options[0] == "Hela myndigheten"
    assert len(options) == 1 + Department.objects.filter(is_active=True).count()


def _head_notes_new_manager(demo, client, period: str):
    """The demo's head notes "Ny chef" on their department's V1 of ``period``."""
    head = demo["avdelningschef"]
    client.force_login(head)
    return client.post(
        reverse("followup:annotate", args=["V1"]),
        {"period": period, "department": head.department.pk, "text": "Ny chef"},
    )


def test_a_note_is_saved_and_the_page_stays_on_the_tertial(demo, client):
    response = _head_notes_new_manager(demo, client, "2025 T2")
    assert response.status_code == 302
    assert response.url == (
        reverse("followup:key_figure", args=["V1"]) + "?tertial=2025-T2"
    )
    assert Annotation.objects.get(text="Ny chef").period.label == "2025 T2"


def test_a_note_on_a_published_tertial_is_refused_and_the_text_kept(demo, client):
    # given 2026 T2, whose follow-up the demo has published
    # when a head annotates their department's value of that tertial
    response = _head_notes_new_manager(demo, client, "2026 T2")
    # then the page says the tertial is published, keeps the note and stores nothing
    assert response.status_code == 422
    html = response.content.decode()
    assert "Tertialet 2026 T2 är publicerat och låst" in html
    assert 'value="Ny chef"' in html
    assert 'value="2026 T2"' in html
    assert not Annotation.objects.filter(text="Ny chef").exists()


def test_the_service_refuses_a_note_on_a_locked_tertial(demo):
    # given the demo's published 2026 T2
    period = Period.objects.get(year=2026, tertial=2)
    # when a controller, who may annotate anything, adds a note to it
    with pytest.raises(ValidationError) as refused:
        services.annotation_add(
            key_figure=KeyFigure.objects.get(code="V1"),
            period=period,
            department=None,
            text="Rättad källa",
            user=demo["controller"],
        )
    # then it is refused on the tertial, and nothing is stored
    assert "period" in refused.value.message_dict
    assert not Annotation.objects.filter(text="Rättad källa").exists()


@pytest.mark.parametrize(
    ("department", "message"),
    [
        ("", "Välj vilken avdelning anteckningen gäller."),
        ("other", "Du kan bara anteckna värden för avdelningar som du leder."),
    ],
)
def test_a_refused_department_is_a_form_error_and_the_note_is_kept(
    demo, client, department, message
):
    # given a head who chooses the agency or another department
    client.force_login(demo["avdelningschef"])
    if department == "other":
        department = demo["gd"].department.pk
    # when the note is saved
    response = client.post(
        reverse("followup:annotate", args=["V1"]),
        {"period": "2025 T3", "department": department, "text": "Inte min avdelning"},
    )
    # then the page says why, keeps the text and stores nothing
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html
    assert 'value="Inte min avdelning"' in html
    assert not Annotation.objects.filter(text="Inte min avdelning").exists()


def test_someone_who_may_annotate_nothing_is_refused(demo, client):
    client.force_login(demo["handlaggare"])
    response = client.post(
        reverse("followup:annotate", args=["V1"]),
        {"period": "2026 T2", "department": "", "text": "Min anteckning"},
    )
    assert response.status_code == 403
    assert not Annotation.objects.filter(text="Min anteckning").exists()


@pytest.mark.parametrize(
    ("numerator", "denominator", "message"),
    [
        ("12", "0", "Nämnaren är noll."),
        ("tolv", "40", "Skriv ett tal"),
        (
            "1.200",
            "40",
            "Skriv 1200 eller 1,2 – med punkt går det inte att se vilket du menar.",
        ),
        (
            "123456789012345678901",
            "40",
            "Täljaren har för många siffror före decimaltecknet (högst 14).",
        ),
    ],
)
def test_manual_entry_explains_the_problem_and_keeps_the_input(
    demo, client, numerator, denominator, message
):
    client.force_login(demo["controller"])

    data = {
        "key_figure": KeyFigure.objects.get(code="V3").pk,
        "period": "2026 T3",
        "unit": demo["controller"].unit.pk,
        "gender": "T",
        "numerator": numerator,
        "denominator": denominator,
        "status": "preliminar",
    }
    response = client.post(reverse("followup:value_create"), data)
    assert response.status_code == 422
    html = response.content.decode()
    assert message in html
    assert f'value="{numerator}"' in html
    assert not Value.objects.filter(period__year=2026, period__tertial=3).exists()


def test_manual_entry_stores_a_ratio_with_its_audit_row(demo, client):
    client.force_login(demo["controller"])

    client.post(
        reverse("followup:value_create"),
        {
            "key_figure": KeyFigure.objects.get(code="V3").pk,
            "period": "2026 T3",
            "unit": demo["controller"].unit.pk,
            "gender": "T",
            "numerator": "45",
            "denominator": "50",
            "status": "preliminar",
            "note": "Från den manuella listan",
        },
    )
    value = Value.objects.get(period__year=2026, period__tertial=3)
    assert value.value == Decimal("90.0000")
    assert ValueChange.objects.get(value=value).action == "create"


def _ratio_entry(controller, numerator: str, denominator: str) -> dict:
    return {
        "key_figure": KeyFigure.objects.get(code="V3").pk,
        "period": "2026 T3",
        "unit": controller.unit.pk,
        "gender": "T",
        "numerator": numerator,
        "denominator": denominator,
        "status": "preliminar",
    }


def test_manual_entry_rounds_half_up_to_the_four_decimals_the_column_keeps(
    demo, client
):
    # given a controller who types more decimals than the database keeps
    controller = demo["controller"]
    client.force_login(controller)
    # when the value is saved
    client.post(
        reverse("followup:value_create"), _ratio_entry(controller, "45,12345", "50")
    )
    # then it is stored rounded half up, and the change history says the same
    value = Value.objects.get(period__year=2026, period__tertial=3)
    assert value.numerator == Decimal("45.1235")
    assert ValueChange.objects.get(value=value).after["numerator"] == "45.1235"
    # and the key figure's page shows it
    page = client.get(reverse("followup:key_figure", args=["V3"]) + "?tertial=2026-T3")
    assert page.status_code == 200


def test_a_number_that_rounds_past_fourteen_digits_is_refused(demo, client):
    # given a denominator that gets a fifteenth digit when rounded to four decimals
    controller = demo["controller"]
    client.force_login(controller)
    # when it is saved
    response = client.post(
        reverse("followup:value_create"),
        _ratio_entry(controller, "45", "99999999999999,99996"),
    )
    # then it is refused with a Swedish message and nothing is stored
    assert response.status_code == 422
    assert "Nämnaren har för många siffror" in response.content.decode()
    assert not Value.objects.filter(period__year=2026, period__tertial=3).exists()


def test_over_time_writes_figures_and_codes_as_the_report_does(demo, client):
    # the table beside the line chart wrote 4283 where the report writes
    # 4 283, and ".." (sekretess) for a value that is only missing
    head = demo["avdelningschef"]
    # one unit's value gone from a published tertial (as before its lock):
    # the department and the agency are then missing there
    one = Value.objects.filter(
        key_figure__code="V3",
        period__year=2026,
        period__tertial=1,
        department=head.department,
    )[:1].get()
    Value.objects.filter(pk=one.pk).update(deleted_at=timezone.now())
    client.force_login(head)

    html = client.get(
        reverse("followup:key_figure", args=["E3"]) + "?tertial=2026-T2"
    ).content.decode()
    row = re.search(r'<th scope="row">2026 T2</th>(.*?)</tr>', html).group(1)
    assert re.fullmatch(r'(<td class="num">\d\xa0\d{3}</td>){2}', row), row

    html = client.get(
        reverse("followup:key_figure", args=["V3"]) + "?tertial=2026-T2"
    ).content.decode()
    row = re.search(r'<th scope="row">2026 T1</th>(.*?)</tr>', html).group(1)
    assert row == '<td class="num">–</td><td class="num">–</td>'


def test_raw_values_are_written_the_swedish_way_with_every_decimal(demo, client):
    # the raw table wrote a numerator 1568747 (no thousands grouped) and
    # rounded a numerator's decimals away (310,5 read 311)
    value = Value.objects.filter(
        key_figure__code="E3", period__year=2026, period__tertial=2
    ).first()
    Value.objects.filter(pk=value.pk).update(
        numerator=Decimal("1568747.5"), denominator=Decimal(400)
    )
    client.force_login(demo["controller"])

    html = client.get(
        reverse("followup:key_figure", args=["E3"]) + "?tertial=2026-T2"
    ).content.decode()

    assert '<td class="num">1\xa0568\xa0747,5</td><td class="num">400</td>' in html
    html = client.get(
        reverse("followup:value_delete", args=[value.pk])
    ).content.decode()
    assert "täljare 1\xa0568\xa0747,5, nämnare 400" in html


def _tertial_offered(client) -> str:
    html = client.get(reverse("followup:value_create")).content.decode()
    return re.search(r'<input[^>]*name="period"[^>]*>', html).group(0)


def test_manual_entry_offers_the_open_follow_ups_tertial(opened, client):
    # given the follow-up of 2026 T3, open
    _follow_up, people = opened
    client.force_login(people["controller"])
    # when the controller opens the form to enter a value
    # then its tertial is already that of the open follow-up
    assert 'value="2026 T3"' in _tertial_offered(client)


def test_manual_entry_without_an_open_follow_up_offers_the_next_tertial(demo, client):
    # given the demo, whose follow-ups of 2026 T1 and T2 are published
    client.force_login(demo["controller"])
    # when the controller opens the form to enter a value
    # then its tertial is the one to be followed up next, not a locked one
    assert 'value="2026 T3"' in _tertial_offered(client)


def test_a_tertial_that_cannot_be_read_is_refused_and_kept_as_typed(demo, client):
    client.force_login(demo["controller"])
    response = client.post(
        reverse("followup:value_create"),
        {**_ratio_entry(demo["controller"], "45", "50"), "period": "hösten 26"},
    )
    assert response.status_code == 422
    html = response.content.decode()
    assert "Skriv tertialet som 2026 T2." in html
    assert 'value="hösten 26"' in html


def _note_form(html: str) -> str:
    """The note form on the key figure's page ("" when the page has none)."""
    form = re.search(
        r'<form[^>]*action="[^"]*/anteckning/"[^>]*>.*?</form>', html, re.S
    )
    return form.group(0) if form else ""


def test_the_note_form_offers_a_tertial_that_still_takes_notes(demo, client):
    # given the demo, whose latest tertials with values (2026 T1, T2) are
    # published, and whose 2025 T3 has no follow-up yet
    client.force_login(demo["avdelningschef"])
    # when a head opens the key figure's page at its latest tertial
    html = client.get(reverse("followup:key_figure", args=["V1"])).content.decode()
    # then the page shows that tertial, but the note form offers 2025 T3
    assert "Per avdelning 2026 T2" in html
    period = re.search(r'<input[^>]*name="period"[^>]*>', _note_form(html)).group(0)
    assert 'value="2025 T3"' in period
    # and a note saved with what the form offers is stored
    response = _head_notes_new_manager(demo, client, "2025 T3")
    assert response.status_code == 302


def test_the_note_form_offers_the_tertial_on_view_when_it_takes_notes(demo, client):
    client.force_login(demo["avdelningschef"])
    url = reverse("followup:key_figure", args=["V1"]) + "?tertial=2025-T2"
    html = client.get(url).content.decode()
    period = re.search(r'<input[^>]*name="period"[^>]*>', _note_form(html)).group(0)
    assert 'value="2025 T2"' in period


def test_without_a_tertial_that_takes_notes_the_page_says_why_instead(demo, client):
    # given every tertial with values published
    for period in Period.objects.filter(follow_up__isnull=True):
        FollowUp.objects.create(
            period=period, opened_by=demo["controller"], status="published"
        )
    # when a head, who may annotate, opens the key figure's page
    client.force_login(demo["avdelningschef"])
    html = client.get(reverse("followup:key_figure", args=["V1"])).content.decode()
    # then there is no note form, but a sentence saying why
    assert _note_form(html) == ""
    assert "Alla tertial med värden är publicerade och låsta" in html
