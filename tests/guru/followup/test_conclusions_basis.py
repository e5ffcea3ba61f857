"""The conclusions form shows, per perspective, what the conclusions rest on: the
departments' analyses and the agency's figures, as the follow-up's page shows
them, so that the management group need not leave the form to read them."""

from bs4 import BeautifulSoup
from django.urls import reverse

from guru.accounts.models import Department
from guru.followup.models import FollowUp, FollowUpStatus, KeyFigure
from tests.guru.followup import builders


def _perspective_sections(response) -> dict[str, str]:
    """The text of each perspective's fieldset on the form, by its legend."""
    page = BeautifulSoup(response.content, "html.parser")
    return {
        fieldset.legend.get_text(strip=True): fieldset.get_text(" ", strip=True)
        for fieldset in page.select("main form fieldset")
    }


def test_the_conclusions_form_shows_each_perspectives_analyses_beside_it(
    opened, client
):
    # given FÖR's analysis of Ekonomi marked klar and of Verksamhet a draft
    follow_up, people = opened
    builders.head_analysis(
        follow_up, people, "Ekonomin är i balans.", key="ekonomi", done=True
    )
    builders.head_analysis(follow_up, people, "Målen nås nästan.", key="verksamhet")

    # when the director-general opens the form for the joint conclusions
    client.force_login(people["gd"])
    response = client.get(reverse("followup:conclusions_edit", args=[follow_up.pk]))

    # then each perspective shows its own analyses, folded, a draft marked so
    assert response.status_code == 200
    sections = _perspective_sections(response)
    department = Department.objects.get(code="FÖR").name
    assert f"{department} Ekonomin är i balans." in sections["Ekonomi"]
    assert "Målen nås nästan." not in sections["Ekonomi"]
    assert f"{department} utkast Målen nås nästan." in sections["Verksamhet"]
    assert "Inga analyser ännu." in sections["Processer"]
    page = BeautifulSoup(response.content, "html.parser")
    assert page.select("main form fieldset details summary")


def test_the_conclusions_form_shows_the_agencys_figures_per_perspective(demo, client):
    # given the demo's follow-up of 2026 T2, open again for the conclusions
    follow_up = FollowUp.objects.get(period__year=2026, period__tertial=2)
    follow_up.status = FollowUpStatus.OPEN
    follow_up.save()

    # when the director-general opens the form for the joint conclusions
    client.force_login(demo["gd"])
    response = client.get(reverse("followup:conclusions_edit", args=[follow_up.pk]))

    # then each perspective lists its key figures with the agency's result
    figure = KeyFigure.objects.filter(perspective__key="ekonomi").first()
    sections = _perspective_sections(response)
    assert figure.name in sections["Ekonomi"]
    assert figure.name not in sections["Verksamhet"]
    assert "Myndigheten" in sections["Ekonomi"]
