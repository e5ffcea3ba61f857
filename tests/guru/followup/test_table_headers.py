"""Every column of the follow-up's tables has a header a screen reader can read."""

from bs4 import BeautifulSoup
from django.urls import reverse

from guru.followup.models import FollowUp
from tests.html import empty_column_headers


def test_follow_up_and_import_history_name_every_column(client, demo):
    client.force_login(demo["controller"])
    follow_up = FollowUp.objects.get(period__year=2026, period__tertial=2)
    for url in [
        reverse("followup:follow_up", args=[follow_up.pk]),
        reverse("followup:import_history"),
    ]:
        html = client.get(url).content.decode()
        assert "<th" in html
        assert empty_column_headers(html) == [], url


def test_over_time_heads_the_own_department_with_its_code(client, demo):
    # a full department name made the narrow table beside the chart scroll
    client.force_login(demo["controller"])
    url = reverse("followup:key_figure", args=["E1"]) + "?tertial=2026-T2"
    html = client.get(url).content.decode()
    own = demo["controller"].unit.department
    assert f'<th scope="col" class="num" title="{own.name}">{own.code}</th>' in html
    assert f'<th scope="col" class="num" title="{own.name}">{own.name}</th>' not in html


def test_a_cells_light_is_told_by_a_shape_and_a_word_not_by_colour_alone(client, demo):
    # WCAG 1.4.1: the green, yellow and red of a department's cell
    client.force_login(demo["controller"])
    html = client.get("/uppfoljning/tertial/2026/2/").content.decode()
    soup = BeautifulSoup(html, "lxml")
    lit = soup.select("td.cell--gron, td.cell--gul, td.cell--rod")
    assert lit
    expected = {"gron": ("●", "grönt"), "gul": ("▲", "gult"), "rod": ("■", "rött")}
    for cell in lit:
        light = next(c for c in cell["class"] if c.startswith("cell--"))[6:]
        shape, word = expected[light]
        assert cell.select_one(".light-mark").get_text() == shape
        assert cell.select_one(".visually-hidden").get_text() == f" ({word})"
    assert "● grönt, ▲ gult, ■ rött" in html
