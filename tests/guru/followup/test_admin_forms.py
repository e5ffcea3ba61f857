"""Key figures and targets in Wagtail's admin: decimals with a comma, a target's tertial.

Django gives a decimal a number input, and Chromium's number input drops a
typed comma: a target typed "3,5" was saved as 35. The admin's decimals are
text boxes that read (and show) numbers the Swedish way.
"""

from decimal import Decimal

from django.urls import reverse

from guru.followup.models import Target
from tests.guru.followup import builders


def _post(target: Target, value: str) -> dict:
    return {
        "key_figure": target.key_figure_id,
        "year": target.year,
        "tertial": "",
        "value": value,
        "band_high": "",
    }


def test_a_target_is_a_text_box_that_takes_a_decimal_comma(organisation, client):
    figure = builders.key_figure()
    target = figure.targets.get()
    client.force_login(organisation["controller"])
    url = reverse("wagtailsnippets_followup_target:edit", args=[target.pk])

    html = client.get(url).content.decode()
    assert 'type="number" name="value"' not in html
    assert 'name="value" value="3,5" inputmode="decimal"' in html

    response = client.post(url, _post(target, "3,2"))
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.value == Decimal("3.2")


def test_an_ambiguous_target_is_refused_with_how_to_write_it(organisation, client):
    figure = builders.key_figure()
    target = figure.targets.get()
    client.force_login(organisation["controller"])
    url = reverse("wagtailsnippets_followup_target:edit", args=[target.pk])

    response = client.post(url, _post(target, "1.200"))

    assert "Skriv 1200 eller 1,2" in response.content.decode()
    target.refresh_from_db()
    assert target.value == Decimal("3.5")


def test_a_key_figures_decimals_are_text_boxes(organisation, client):
    figure = builders.key_figure(yellow_tolerance=Decimal("12.5"))
    client.force_login(organisation["controller"])
    html = client.get(
        reverse("wagtailsnippets_followup_keyfigure:edit", args=[figure.pk])
    ).content.decode()

    for name in ("scale", "yellow_tolerance", "min_value", "max_value"):
        assert f'type="number" name="{name}"' not in html
    assert 'name="yellow_tolerance" value="12,5"' in html


def test_a_targets_tertial_is_one_of_three_or_the_whole_year(organisation, client):
    # a tertial 5 was saved, and the target then applied to no tertial at all
    target = builders.key_figure().targets.get()
    client.force_login(organisation["controller"])
    url = reverse("wagtailsnippets_followup_target:edit", args=[target.pk])

    html = client.get(url).content.decode()
    assert "Key figure" not in html and ">Nyckeltal" in html
    assert '<option value="" selected>Hela året</option>' in html
    assert "---------" not in html

    client.post(url, {**_post(target, "3,5"), "tertial": "5"})
    target.refresh_from_db()
    assert target.tertial is None
    response = client.post(url, {**_post(target, "3,5"), "tertial": "2"})
    assert response.status_code == 302
    target.refresh_from_db()
    assert target.tertial == 2


def test_a_headcounts_fields_are_named_in_swedish(organisation, client):
    client.force_login(organisation["controller"])
    html = client.get(
        reverse("wagtailsnippets_followup_headcount:add")
    ).content.decode()
    assert ">Enhet<" in html and ">Tertial<" in html
    assert ">Unit<" not in html and ">Period<" not in html
