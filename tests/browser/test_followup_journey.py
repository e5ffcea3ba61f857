"""A tertial in a real browser: opened, imported, analysed, concluded, published."""

import datetime

import pytest
from playwright.sync_api import expect

from guru.followup.models import ConsultationRound, FollowUp, FollowUpStatus, Value
from tests.browser.conftest import log_in
from tests.guru.followup.conftest import PASSWORD, demo, organisation  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.usefixtures("demo"),
]

CSV = "\n".join(
    [
        "nyckeltal;tertial;organisation;kön;värde;täljare;nämnare;status;källa;kommentar",
        "V1;2026 T3;FÖR-N;T;9;;;preliminär;Ärendesystemet;",
        "V1;2026 T3;FÖR-S;T;7;;;preliminär;Ärendesystemet;",
        "V3;2026 T3;FÖR-N;T;;310;352;preliminär;;",
        "E1;2026 T3;FÖR;T;;9800;10000;preliminär;;",
    ]
)


def _log_out(page) -> None:
    page.get_by_role("button", name="Logga ut").click()


def test_a_tertial_from_import_to_published_pdf(
    live_server,
    browser_page,
    screenshot,
    tmp_path,
):
    page = browser_page
    base = live_server.url
    upload = tmp_path / "tertial3.csv"
    upload.write_text(CSV, encoding="utf-8")

    # a controller opens the tertial and imports the figures
    log_in(page, base, "controller", PASSWORD)
    page.goto(f"{base}/uppfoljning/")
    page.get_by_label("År").fill("2026")
    page.get_by_label("Tertial").select_option("3")
    page.get_by_role("button", name="Öppna uppföljning").click()
    expect(page.get_by_text("Uppföljningen är öppnad.")).to_be_visible()
    page.goto(f"{base}/uppfoljning/import/")
    page.get_by_label("Fil (CSV eller XLSX)").set_input_files(str(upload))
    page.get_by_role("button", name="Kontrollera filen").click()
    expect(page.get_by_text("Rader i filen: 4. Nya värden: 4")).to_be_visible()
    page.get_by_role("button", name="Genomför importen").click()
    expect(page.get_by_text("Importen är genomförd")).to_be_visible()
    assert Value.objects.filter(period__year=2026, period__tertial=3).count() == 4
    page.goto(f"{base}/uppfoljning/tertial/2026/3/")
    expect(page.get_by_role("heading", name="Tertialrapport 2026 T3")).to_be_visible()
    screenshot("followup-report")
    _log_out(page)

    # the head of FÖR writes the department's analysis beside its figures
    follow_up = FollowUp.objects.get(period__year=2026, period__tertial=3)
    log_in(page, base, "avdelningschef", PASSWORD)
    page.goto(f"{base}/uppfoljning/{follow_up.pk}/")
    page.get_by_role("link", name="Skriv analys").click()
    for legend in ["Verksamhet", "Ekonomi", "Medarbetare", "Processer"]:
        section = page.locator("fieldset", has_text=legend)
        section.get_by_label("Analys").fill(f"Vår bild av {legend.lower()} i T3.")
        section.get_by_label("Klar").check()
    page.get_by_role("button", name="Spara analysen").click()
    expect(page.get_by_text("1 av 6 avdelningar klara")).to_be_visible()
    _log_out(page)

    # the management group records a conclusion and an action
    log_in(page, base, "gd", PASSWORD)
    page.goto(f"{base}/uppfoljning/{follow_up.pk}/")
    page.get_by_role("link", name="Skriv gemensamma slutsatser").click()
    page.locator("fieldset", has_text="Ekonomi").get_by_label("Gemensam slutsats").fill(
        "Ekonomin är i balans inför årsskiftet."
    )
    page.get_by_role("button", name="Spara slutsatserna").click()
    page.get_by_label("Perspektiv").select_option(label="Processer")
    page.get_by_role("textbox", name="Åtgärd", exact=True).fill(
        "Följ upp e-tjänstens nya steg"
    )
    page.get_by_label("Ansvarig").select_option(label="Anders Wik")
    page.get_by_label("Klart senast").fill("2099-03-31")
    page.get_by_role("button", name="Registrera åtgärd").click()
    expect(page.get_by_text("Åtgärden är registrerad.")).to_be_visible()
    _log_out(page)

    # the controller locks and publishes; the PDF is there to download
    log_in(page, base, "controller", PASSWORD)
    page.goto(f"{base}/uppfoljning/{follow_up.pk}/")
    # five departments have no analysis yet: the page says so, and publishing
    # anyway takes the controller's confirmation
    expect(page.get_by_text("Uppföljningen är inte komplett")).to_be_visible()
    page.get_by_label("Jag vet att uppgifter saknas och vill publicera ändå").check()
    page.get_by_role("button", name="Lås och publicera ändå").click()
    expect(page.get_by_text("Uppföljningen är låst och publicerad.")).to_be_visible()
    screenshot("followup-published")
    pdf_link = page.get_by_role("link", name="Ladda ner PDF")
    response = page.request.get(base + pdf_link.get_attribute("href"))
    assert response.ok
    assert response.body().startswith(b"%PDF")
    follow_up.refresh_from_db()
    assert follow_up.status == FollowUpStatus.PUBLISHED


def test_the_report_tables_fit_a_1280_pixel_screen(live_server, browser_page):
    page = browser_page
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server.url, "controller", PASSWORD)
    page.goto(f"{live_server.url}/uppfoljning/tertial/2026/2/")

    widths = page.eval_on_selector_all(
        ".table-scroll", "els => els.map(e => [e.scrollWidth, e.clientWidth])"
    )
    # one table per perspective and the actions from the last tertial, none
    # scrolling sideways
    assert len(widths) == 5
    assert all(scroll <= client for scroll, client in widths), widths


def test_on_a_phone_wide_tables_scroll_inside_the_page(live_server, browser_page):
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server.url, "controller", PASSWORD)
    follow_up = FollowUp.objects.get(period__year=2026, period__tertial=2)
    for path in [f"/uppfoljning/{follow_up.pk}/", "/uppfoljning/tertial/2026/2/"]:
        page.goto(live_server.url + path)
        # the page itself never scrolls sideways; a wide table scrolls in its box
        assert page.evaluate("document.documentElement.scrollWidth") <= 390, path
        assert (
            page.locator("main table").count()
            == page.locator("main .table-scroll > table").count()
        )


# The parts of a caption's text as laid out, and the box its table scrolls in.
CAPTION_AND_BOX = """caption => {
    const range = document.createRange();
    range.selectNodeContents(caption);
    const box = caption.closest(".table-scroll").getBoundingClientRect();
    return {
        lines: [...range.getClientRects()].map(r => [r.left, r.right]),
        box: [box.left, box.right],
    };
}"""

# Whether the element, scrolled into view from the top of the page as the
# browser does for a keyboard user (to the nearest edge; at once, not smoothly),
# lies partly under the "Fråga Doris" button.
UNDER_DORIS = """element => {
    window.scrollTo({top: 0, behavior: "instant"});
    element.scrollIntoView({block: "nearest", inline: "nearest", behavior: "instant"});
    const a = element.getBoundingClientRect();
    const b = document.querySelector(".doris-aside").getBoundingClientRect();
    return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}"""


def test_on_a_phone_the_actions_tables_are_readable_in_full(live_server, browser_page):
    # given the management group's follow-up of 2026 T2, with last tertial's
    # actions, on a phone
    page = browser_page
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server.url, "gd", PASSWORD)
    follow_up = FollowUp.objects.get(period__year=2026, period__tertial=2)

    # when the page is read
    page.goto(f"{live_server.url}/uppfoljning/{follow_up.pk}/")

    # then the table's caption wraps inside the table's box, none of it cut off
    caption = page.locator("caption", has_text="Beslutade åtgärder från förra")
    laid_out = caption.evaluate(CAPTION_AND_BOX)
    left, right = laid_out["box"]
    assert all(left <= a and b <= right for a, b in laid_out["lines"]), laid_out
    # and no cell nor control of the tables, brought into view, is left under
    # the floating "Fråga Doris" button
    cells = page.locator("main .table-scroll").locator("td, th, select, input, button")
    covered = [
        cells.nth(i).inner_text() or cells.nth(i).get_attribute("name")
        for i in range(cells.count())
        if cells.nth(i).evaluate(UNDER_DORIS)
    ]
    assert not covered, covered


def test_a_controller_reopens_a_remissrunda_whose_last_day_has_passed(
    live_server, browser_page
):
    page = browser_page
    today = datetime.date.today()  # noqa: DTZ011 - a calendar date
    round_ = ConsultationRound.objects.get()
    ConsultationRound.objects.filter(pk=round_.pk).update(
        closes_on=today - datetime.timedelta(days=1)
    )
    later = (today + datetime.timedelta(days=10)).isoformat()

    log_in(page, live_server.url, "controller", PASSWORD)
    page.goto(f"{live_server.url}{round_.get_absolute_url()}")
    expect(page.get_by_text("Remissrundan är stängd.")).to_be_visible()
    page.get_by_role("link", name="Öppna igen").click()
    page.get_by_label("Sista dag för förslag").fill(later)
    page.get_by_role("button", name="Öppna igen").click()

    expect(page.get_by_text("Remissrundan är öppen igen.")).to_be_visible()
    expect(page.get_by_text(f"Öppen till och med {later}.")).to_be_visible()
    expect(page.get_by_text("Öppnad igen")).to_be_visible()
    expect(page.get_by_role("button", name="Skicka förslaget")).to_be_visible()
