"""A tertial from opening to the published PDF and XLSX."""

import datetime
import io
import re
from decimal import Decimal

import pypdfium2
import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse
from openpyxl import load_workbook

from guru.accounts.models import Department
from guru.followup import selectors, services
from guru.followup.models import (
    Analysis,
    FollowUp,
    FollowUpStatus,
    KeyFigure,
    Perspective,
    TextChange,
)
from tests.guru.followup import builders


def test_a_controller_opens_a_tertial_once(opened):
    follow_up, people = opened
    assert follow_up.status == FollowUpStatus.OPEN
    with pytest.raises(ValidationError):
        services.follow_up_open(year=2026, tertial=3, user=people["controller"])
    with pytest.raises(PermissionDenied):
        services.follow_up_open(year=2027, tertial=1, user=people["avdelningschef"])


def test_the_overview_counts_departments_whose_four_analyses_are_klar(opened, client):
    follow_up, people = opened
    head = people["avdelningschef"]
    own = Department.objects.get(code="FÖR")
    client.force_login(head)
    url = reverse("followup:analysis_edit", args=[follow_up.pk, "FÖR"])
    # given three perspectives klar and one still a draft
    data = {}
    for perspective in Perspective.objects.all():
        data[f"{perspective.key}-text"] = f"Vår analys av {perspective.label.lower()}."
        data[f"{perspective.key}-done"] = "on" if perspective.key != "processer" else ""
    assert client.post(url, data).status_code == 302
    page = client.get(reverse("followup:follow_up", args=[follow_up.pk]))
    assert "0 av 6 avdelningar klara" in page.content.decode()
    # when the last one is marked klar
    data["processer-done"] = "on"
    client.post(url, data)
    # then the department counts as done
    page = client.get(reverse("followup:follow_up", args=[follow_up.pk]))
    assert "1 av 6 avdelningar klara" in page.content.decode()
    assert Analysis.objects.filter(department=own, status="done").count() == 4


def test_an_analysis_with_one_wrong_perspective_stores_none_of_them(opened, client):
    # given a head who writes the first perspective and marks the last klar empty
    follow_up, people = opened
    client.force_login(people["avdelningschef"])
    url = reverse("followup:analysis_edit", args=[follow_up.pk, "FÖR"])
    perspectives = list(Perspective.objects.all())
    data = {f"{p.key}-text": "" for p in perspectives}
    data[f"{perspectives[0].key}-text"] = "Första perspektivet går bra."
    data[f"{perspectives[-1].key}-done"] = "on"
    # when the form is saved
    response = client.post(url, data)
    # then nothing is stored, the error is shown and the typed text is kept
    assert response.status_code == 422
    html = response.content.decode()
    assert "En analys som är klar måste ha text." in html
    assert "Första perspektivet går bra." in html
    assert not Analysis.objects.filter(follow_up=follow_up).exists()


def _summary_above_form(response) -> str:
    """The error summary of a refused form page, checked to stand between the
    heading and the form's first fieldset."""
    html = response.content.decode()
    summary = re.search(r'<div class="error-summary"[^>]*>(.*?)</div>', html, re.S)
    assert summary is not None
    assert html.index("<h1>") < summary.start() < html.index("<fieldset")
    return summary.group(1)


def test_an_empty_analysis_marked_klar_is_refused_and_summed_up_above_the_form(
    opened, client
):
    # given a head who writes Ekonomi and marks Verksamhet klar with no text
    follow_up, people = opened
    client.force_login(people["avdelningschef"])
    url = reverse("followup:analysis_edit", args=[follow_up.pk, "FÖR"])
    data = {f"{p.key}-text": "" for p in Perspective.objects.all()}
    data["ekonomi-text"] = "Ekonomin är i balans."
    data["verksamhet-done"] = "on"
    # when the analysis is saved
    response = client.post(url, data)
    # then the page says so at the top, before the form, linking to the field
    assert response.status_code == 422
    summary = _summary_above_form(response)
    assert "Något behöver rättas" in summary
    assert (
        '<a href="#id_verksamhet-text">Verksamhet</a>: '
        "En analys som är klar måste ha text." in summary
    )
    html = response.content.decode()
    # and beside the field too, with what was typed kept and nothing saved
    assert html.count("En analys som är klar måste ha text.") == 2
    assert "Ekonomin är i balans.</textarea>" in html
    assert not Analysis.objects.filter(follow_up=follow_up).exists()


def test_a_head_whose_follow_up_is_locked_while_writing_keeps_the_text(opened, client):
    # given a head writing while the controller publishes the follow-up
    follow_up, people = opened
    client.force_login(people["avdelningschef"])
    url = reverse("followup:analysis_edit", args=[follow_up.pk, "FÖR"])
    client.get(url)
    services.follow_up_publish(
        follow_up=follow_up, user=people["controller"], incomplete_confirmed=True
    )
    data = {f"{p.key}-text": "" for p in Perspective.objects.all()}
    data["ekonomi-text"] = "Ekonomin är i balans, prognosen håller."

    # when the head saves
    response = client.post(url, data)

    # then nothing is stored, the reason is told and the text is kept to copy
    html = response.content.decode()
    assert response.status_code == 409
    assert "låstes och publicerades medan du skrev" in html
    assert "Ekonomin är i balans, prognosen håller." in html
    assert "Du saknar behörighet" not in html
    assert not Analysis.objects.filter(follow_up=follow_up).exists()
    # a head who opens the form afterwards is sent to the follow-up with the reason
    response = client.get(url, follow=True)
    assert "Analysen kan inte ändras" in response.content.decode()
    # and another department's head still gets no access
    client.force_login(people["controller"])
    assert client.post(url, data).status_code == 403


# The analysis form as its department's head, the conclusions form as the group.
TEXT_FORMS = [
    ("followup:analysis_edit", ("FÖR",), "avdelningschef"),
    ("followup:conclusions_edit", (), "gd"),
]


def _links_to(response, url: str) -> bool:
    return bool(
        BeautifulSoup(response.content, "html.parser").select(f'main a[href="{url}"]')
    )


@pytest.mark.parametrize(("name", "args", "writer"), TEXT_FORMS)
def test_the_analysis_and_conclusions_forms_lead_back_to_the_follow_up(
    opened, client, name, args, writer
):
    # given a writer in the follow-up
    follow_up, people = opened
    client.force_login(people[writer])

    # when they open the form
    response = client.get(reverse(name, args=[follow_up.pk, *args]))

    # then they may leave it for the follow-up without saving
    assert response.status_code == 200
    assert _links_to(response, follow_up.get_absolute_url())


@pytest.mark.parametrize(("name", "args", "writer"), TEXT_FORMS)
def test_a_text_refused_as_the_follow_up_was_locked_leads_back_to_it(
    opened, client, name, args, writer
):
    # given a writer whose follow-up is published while they write
    follow_up, people = opened
    client.force_login(people[writer])
    url = reverse(name, args=[follow_up.pk, *args])
    client.get(url)
    services.follow_up_publish(
        follow_up=follow_up, user=people["controller"], incomplete_confirmed=True
    )

    # when they save
    response = client.post(url, {"ekonomi-text": "Prognosen håller."})

    # then the page, which has no button any more, still has a way on
    assert response.status_code == 409
    assert _links_to(response, follow_up.get_absolute_url())


def test_last_tertials_actions_come_first_in_the_next_follow_up(opened, client):
    follow_up, people = opened
    gd = people["gd"]
    # given an action decided in 2026 T3
    services.action_create(
        follow_up=follow_up,
        perspective=Perspective.objects.get(key="processer"),
        title="Förenkla blanketten för komplettering",
        owner=people["avdelningschef"],
        due_on=datetime.date(2099, 3, 1),
        user=gd,
    )
    services.conclusion_save(
        follow_up=follow_up,
        perspective=Perspective.objects.get(key="ekonomi"),
        text="Ekonomin är i balans.",
        user=gd,
    )
    # when the next tertial is opened
    following = services.follow_up_open(year=2027, tertial=1, user=people["controller"])
    client.force_login(gd)
    html = client.get(
        reverse("followup:follow_up", args=[following.pk])
    ).content.decode()
    # then the action's status is shown before the departments' analyses
    assert html.index("Förenkla blanketten") < html.index("Avdelningarnas analyser")


def _published_pdf(follow_up) -> tuple[pypdfium2.PdfDocument, str]:
    """The published PDF and its text; the stored file is closed again."""
    with follow_up.pdf.open("rb") as handle:
        pdf = pypdfium2.PdfDocument(handle.read())
    text = "".join(pdf[i].get_textpage().get_text_range() for i in range(len(pdf)))
    return pdf, text


def test_published_follow_up_is_a_pdf_with_pages_and_an_xlsx_with_withheld_cells(
    demo, client
):
    # given the demo's open tertial follow-up (2026 T2 is published by the demo)
    controller = demo["controller"]
    FollowUp.objects.filter(period__year=2026, period__tertial=2).update(
        status=FollowUpStatus.OPEN
    )
    follow_up = FollowUp.objects.get(period__year=2026, period__tertial=2)
    # when the controller locks and publishes it
    services.follow_up_publish(
        follow_up=follow_up, user=controller, incomplete_confirmed=True
    )
    follow_up.refresh_from_db()
    # then it is published and the figures are locked
    assert follow_up.status == FollowUpStatus.PUBLISHED
    with pytest.raises(ValidationError):
        services.value_set(
            key_figure=KeyFigure.objects.get(code="V1"),
            period=follow_up.period,
            unit=controller.unit,
            value=Decimal(1),
            user=controller,
        )
    # and the PDF renders to pages that are not blank
    pdf, text = _published_pdf(follow_up)
    assert len(pdf) >= 3
    image = pdf[0].render(scale=1).to_pil().convert("L")
    assert image.getextrema()[0] < 100  # there is dark ink (text) on the page
    assert "Tertialuppföljning 2026 T2" in text
    assert "Frisknärvaro" in text and "Gemensam slutsats" in text
    assert re.search(r"\d+ av 6 avdelningar klara", text)
    # and the XLSX has every perspective, with ".." where the report withholds
    client.force_login(demo["handlaggare"])
    response = client.get(reverse("followup:download", args=[follow_up.pk, "xlsx"]))
    workbook = load_workbook(io.BytesIO(b"".join(response.streaming_content)))
    assert workbook.sheetnames == [
        *(p.label for p in Perspective.objects.all()),
        "Alla värden",
    ]
    every = list(workbook["Alla värden"].iter_rows(values_only=True))
    assert len(every) > 9 * 12 * 7
    hr_rows = [r for r in every if r[3] == "HR-avdelningen" and r[0] == "M2"]
    assert hr_rows and all(r[5] == ".." for r in hr_rows)
    staff = list(workbook["Medarbetare"].iter_rows(values_only=True))
    assert any(".." in row for row in staff[1:])


def test_a_personnummer_in_an_analysis_is_masked(opened):
    follow_up, people = opened
    analysis = builders.head_analysis(
        follow_up, people, "Ärendet gällde 19811218-9876 och tog lång tid."
    )
    assert "19811218-9876" not in analysis.text


def test_the_analysis_form_tells_a_figures_light_by_shape_and_word(opened, client):
    # beside the text the department's figures had their light as a coloured
    # bar only, which not everyone can tell apart (WCAG 1.4.1); the report
    # tells it by shape and word too
    follow_up, people = opened
    own = Department.objects.get(code="FÖR")
    figure = builders.key_figure(
        code="E9",
        name="Budgetutfall",
        perspective=Perspective.objects.get(key="ekonomi"),
        direction="higher",
        individual_based=False,
        privacy_class="open",
        reporting_level="department",
    )
    figure.targets.update(value=Decimal(95))
    services.value_set(
        key_figure=figure,
        period=follow_up.period,
        user=people["controller"],
        department=own,
        numerator=Decimal(40),
        denominator=Decimal(100),
    )
    client.force_login(people["avdelningschef"])

    html = client.get(
        reverse("followup:analysis_edit", args=[follow_up.pk, "FÖR"])
    ).content.decode()

    cell = re.search(r'<td class="num cell--rod">(.*?)</td>', html).group(1)
    assert cell.startswith("40,0")
    assert '<span class="light-mark" aria-hidden="true">■</span>' in cell
    assert '<span class="visually-hidden"> (rött)</span>' in cell


def test_edited_analyses_and_conclusions_keep_their_history(opened):
    # an edit overwrote the text and an emptied conclusion was deleted,
    # leaving no trail of what the follow-up had said
    follow_up, people = opened
    head, gd = people["avdelningschef"], people["gd"]
    own = Department.objects.get(code="FÖR")
    ekonomi = Perspective.objects.get(key="ekonomi")

    def analysis(text, done):
        services.analysis_save(
            follow_up=follow_up,
            department=own,
            perspective=ekonomi,
            text=text,
            done=done,
            user=head,
        )

    analysis("Första versionen.", False)
    analysis("Andra versionen.", True)
    analysis("Andra versionen.", True)  # saved again unchanged: no trail
    services.conclusion_save(
        follow_up=follow_up, perspective=ekonomi, text="Slutsats ett.", user=gd
    )
    services.conclusion_save(follow_up=follow_up, perspective=ekonomi, text="", user=gd)

    trail = [
        (
            c.kind,
            c.department,
            c.text_before,
            c.text_after,
            c.status_after,
            c.changed_by,
        )
        for c in TextChange.objects.filter(follow_up=follow_up, perspective=ekonomi)
    ]
    assert trail == [
        ("analysis", own, "", "Första versionen.", "draft", head),
        ("analysis", own, "Första versionen.", "Andra versionen.", "done", head),
        ("conclusion", None, "", "Slutsats ett.", "", gd),
        ("conclusion", None, "Slutsats ett.", "", "", gd),
    ]
    assert not follow_up.conclusions.exists()


@pytest.mark.parametrize(
    ("username", "reads_draft"),
    [
        ("handlaggare", False),
        ("avdelningschef", True),  # the head who writes it
        ("controller", True),
        ("gd", True),  # the management group
        ("admin", True),
    ],
)
def test_a_draft_analysis_is_read_only_by_its_writer_and_the_management(
    opened, client, username, reads_draft
):
    # given a draft in one perspective and a klar analysis in another
    follow_up, people = opened
    builders.head_analysis(follow_up, people, "Utkast om personalomsättningen.")
    builders.head_analysis(
        follow_up, people, "Ekonomin är i balans.", key="ekonomi", done=True
    )
    # when someone opens the follow-up
    client.force_login(people[username])
    html = client.get(
        reverse("followup:follow_up", args=[follow_up.pk])
    ).content.decode()
    # then the klar analysis is there for all, the draft only for its readers
    assert "Ekonomin är i balans." in html
    assert ("Utkast om personalomsättningen." in html) == reads_draft
    assert ("Analysen är inte klar ännu." in html) != reads_draft


def test_a_perspective_without_analyses_says_so_once_instead_of_an_empty_list(
    opened, client
):
    # given one analysis, in ekonomi, and none in the other perspectives
    follow_up, people = opened
    builders.head_analysis(
        follow_up, people, "Ekonomin är i balans.", key="ekonomi", done=True
    )
    # when a caseworker opens the follow-up
    client.force_login(people["handlaggare"])
    html = client.get(
        reverse("followup:follow_up", args=[follow_up.pk])
    ).content.decode()
    # then the three perspectives without one say so, and no list is left empty
    assert html.count("Inga analyser ännu.") == 3
    assert '<dl class="analyses"></dl>' not in html
    assert html.count('<dl class="analyses">') == 1


def test_the_published_pdf_has_no_draft_analysis(opened):
    # given a draft analysis when the follow-up is published
    follow_up, people = opened
    builders.head_analysis(follow_up, people, "Utkast om personalomsättningen.")
    # when it is published
    services.follow_up_publish(
        follow_up=follow_up, user=people["controller"], incomplete_confirmed=True
    )
    # then the PDF, which everyone may download, says the analysis is not ready
    follow_up.refresh_from_db()
    _, text = _published_pdf(follow_up)
    assert "Analysen är inte klar ännu." in text
    assert "personalomsättningen" not in text


def _all_analyses_klar(follow_up, people):
    for department in Department.objects.filter(is_active=True):
        for perspective in Perspective.objects.all():
            Analysis.objects.create(
                follow_up=follow_up,
                department=department,
                perspective=perspective,
                text="Allt enligt plan.",
                status="done",
                updated_by=people["controller"],
            )


def test_an_incomplete_follow_up_is_published_only_once_the_gaps_are_confirmed(
    opened, client
):
    # given a follow-up with one draft analysis and nothing else written
    follow_up, people = opened
    builders.head_analysis(follow_up, people, "Utkast om personalomsättningen.")
    client.force_login(people["controller"])
    page_url = reverse("followup:follow_up", args=[follow_up.pk])
    publish_url = reverse("followup:publish", args=[follow_up.pk])
    # then the page says what is missing before anyone publishes
    html = client.get(page_url).content.decode()
    assert "24 analyser är inte klara:" in html
    assert "Medarbetare (utkast)" in html
    # when the controller publishes without confirming
    response = client.post(publish_url)
    # then nothing is published and the page asks for the confirmation
    assert response.status_code == 422
    html = response.content.decode()
    assert "Uppföljningen är inte komplett: 24 analyser är inte klara" in html
    assert "Jag vet att uppgifter saknas och vill publicera ändå" in html
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.OPEN
    # and the service refuses it too, whoever calls it
    with pytest.raises(services.FollowUpIncomplete):
        services.follow_up_publish(follow_up=follow_up, user=people["controller"])
    # when they tick the box
    response = client.post(publish_url, {"confirm_incomplete": "on"})
    # then it is published
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.PUBLISHED


def test_missing_values_are_named_by_figure_and_department(opened):
    # given every analysis klar, and a figure only one department has reported
    follow_up, people = opened
    _all_analyses_klar(follow_up, people)
    figure = builders.key_figure(
        code="V1",
        aggregation="sum",
        individual_based=False,
        privacy_class="open",
        reporting_level="department",
    )
    reported = Department.objects.get(code="FÖR")
    services.value_set(
        key_figure=figure,
        period=follow_up.period,
        department=reported,
        value=Decimal(12),
        user=people["controller"],
    )
    # when the gaps are listed
    gaps = selectors.follow_up_gaps(follow_up)
    # then only the values are missing, by department
    others = Department.objects.filter(is_active=True).exclude(pk=reported.pk)
    assert gaps.analyses == []
    assert [(f.code, sorted(places)) for f, places in gaps.values] == [
        ("V1", sorted(d.name for d in others))
    ]
    with pytest.raises(services.FollowUpIncomplete):
        services.follow_up_publish(follow_up=follow_up, user=people["controller"])


def test_a_complete_follow_up_is_published_in_one_step(opened, client):
    # given every department's four analyses klar, and no figure missing
    follow_up, people = opened
    _all_analyses_klar(follow_up, people)
    client.force_login(people["controller"])
    html = client.get(
        reverse("followup:follow_up", args=[follow_up.pk])
    ).content.decode()
    assert "inte komplett" not in html
    assert "Jag vet att uppgifter saknas" not in html
    # when the controller publishes
    response = client.post(reverse("followup:publish", args=[follow_up.pk]))
    # then it is published at once
    assert response.status_code == 302
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.PUBLISHED


def _conclusions_form(follow_up) -> tuple[str, dict]:
    """The conclusions form's address, and its fields all empty."""
    url = reverse("followup:conclusions_edit", args=[follow_up.pk])
    empty = {
        f"{p.key}-{name}": ""
        for p in Perspective.objects.all()
        for name in ("text", "loaded")
    }
    return url, empty


def test_two_in_the_management_group_writing_at_once_lose_nothing(opened, client):
    # given the director general and a department head in the group open the form
    follow_up, people = opened
    url, empty = _conclusions_form(follow_up)
    client.force_login(people["avdelningschef"])
    client.get(url)
    # when the department head saves a conclusion on Ekonomi first
    client.post(url, {**empty, "ekonomi-text": "Prognosen håller."})
    # and the director general, whose form had Ekonomi empty, saves Verksamhet
    client.force_login(people["gd"])
    response = client.post(url, {**empty, "verksamhet-text": "Målen nås."})

    # then both conclusions are kept
    assert response.status_code == 302
    texts = {c.perspective.key: c.text for c in follow_up.conclusions.all()}
    assert texts == {"ekonomi": "Prognosen håller.", "verksamhet": "Målen nås."}

    # and one who changes a conclusion another has changed meanwhile is told
    response = client.post(
        url,
        {
            **empty,
            "ekonomi-text": "Prognosen håller inte.",
            "verksamhet-text": "Målen nås.",
            "verksamhet-loaded": "Målen nås.",
        },
    )
    html = response.content.decode()
    assert response.status_code == 409
    assert "Någon annan har sparat en ny slutsats medan du skrev" in html
    assert "Prognosen håller inte." in html
    assert follow_up.conclusions.get(perspective__key="ekonomi").text == (
        "Prognosen håller."
    )
    # saving again, having seen the other text, is deliberate and goes through
    again = {
        **empty,
        "ekonomi-text": "Prognosen håller inte.",
        "ekonomi-loaded": "Prognosen håller.",
        "verksamhet-text": "Målen nås.",
        "verksamhet-loaded": "Målen nås.",
    }
    assert client.post(url, again).status_code == 302
    assert follow_up.conclusions.get(perspective__key="ekonomi").text == (
        "Prognosen håller inte."
    )


def test_a_conclusions_conflict_is_summed_up_above_the_form_and_the_text_kept(
    opened, client
):
    # given a conclusion on Ekonomi that one in the group saved
    follow_up, people = opened
    url, empty = _conclusions_form(follow_up)
    client.force_login(people["avdelningschef"])
    client.post(url, {**empty, "ekonomi-text": "Prognosen håller."})
    # when another, whose form had Ekonomi empty, saves their own text there
    client.force_login(people["gd"])
    response = client.post(url, {**empty, "ekonomi-text": "Prognosen håller inte."})
    # then the page says so at the top, before the form, linking to the field
    assert response.status_code == 409
    summary = _summary_above_form(response)
    assert "Någon annan har sparat en ny slutsats medan du skrev" in summary
    assert '<a href="#id_ekonomi-text">Ekonomi</a>' in summary
    html = response.content.decode()
    # and beside the field too, with what they typed kept and nothing saved
    assert html.count("Någon annan har sparat en ny slutsats medan du skrev") == 2
    assert "Prognosen håller inte.</textarea>" in html
    assert follow_up.conclusions.get(perspective__key="ekonomi").text == (
        "Prognosen håller."
    )


def test_a_conclusion_of_several_lines_saved_again_unchanged_is_no_conflict(
    opened, client
):
    # given a conclusion of two lines, saved from the form as a browser sends it:
    # each line break as CR LF, in the box and in the hidden copy of what was loaded
    follow_up, people = opened
    url, empty = _conclusions_form(follow_up)
    client.force_login(people["gd"])
    two_lines = "Prognosen håller.\r\nRisken är låg."
    assert client.post(url, {**empty, "ekonomi-text": two_lines}).status_code == 302
    assert follow_up.conclusions.get().text == "Prognosen håller.\nRisken är låg."

    # when the form is saved again with another conclusion added
    response = client.post(
        url,
        {
            **empty,
            "ekonomi-text": two_lines,
            "ekonomi-loaded": two_lines,
            "verksamhet-text": "Målen nås.",
        },
    )

    # then nobody else is said to have saved meanwhile
    assert response.status_code == 302
    texts = {c.perspective.key: c.text for c in follow_up.conclusions.all()}
    assert texts == {
        "ekonomi": "Prognosen håller.\nRisken är låg.",
        "verksamhet": "Målen nås.",
    }


def test_the_management_group_keeps_its_text_when_the_follow_up_is_locked_meanwhile(
    opened, client
):
    follow_up, people = opened
    client.force_login(people["gd"])
    url = reverse("followup:conclusions_edit", args=[follow_up.pk])
    client.get(url)
    services.follow_up_publish(
        follow_up=follow_up, user=people["controller"], incomplete_confirmed=True
    )

    response = client.post(url, {"ekonomi-text": "Prognosen håller."})

    html = response.content.decode()
    assert response.status_code == 409
    assert "låstes och publicerades medan du skrev" in html
    assert "Prognosen håller." in html
    assert not follow_up.conclusions.exists()
    response = client.get(url, follow=True)
    assert "Slutsatserna kan inte ändras" in response.content.decode()
    # and one outside the management group still gets no access
    client.force_login(people["handlaggare"])
    assert client.post(url, {"ekonomi-text": "x"}).status_code == 403
