"""Doris end to end in a real browser: ask, follow the source, thumbs down,
the editor sees it and writes an answer, and the next asking gets that answer."""

import re

import pytest
from playwright.sync_api import expect

from guru.assistant.engine import engine_current
from guru.assistant.models import CuratedAnswer, Question
from tests.browser.conftest import ask_in_panel, log_in

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "losenord-for-test"
QUESTION = "Vilken tidsfrist gäller för komplettering?"
CURATED = "Sökanden har 14 dagar på sig att komplettera; fristen kan förlängas."


def test_ask_follow_source_thumbs_down_editor_answers_ask_again(
    live_server, browser_page, screenshot, handbook, caseworker, editor
):
    page = browser_page
    engine_current()  # the server's first question should not pay for loading
    guidance_url = f"{live_server.url}/ansokan/komplettering/"

    # given a caseworker on a guidance page asks Doris in the panel
    log_in(page, live_server.url, "handlaggare", PASSWORD)
    page.goto(guidance_url)
    answer = ask_in_panel(page, QUESTION)
    expect(answer).to_contain_text("Källa:")
    expect(answer).to_contain_text("Sidan granskades senast")
    screenshot("doris-panel-answer")

    # when they give a thumbs-down with a comment
    comment = answer.get_by_label("Kommentar (valfritt)")
    comment.fill("Svaret saknar antalet dagar.")
    # (Enter in a one-line box once clicked "Ja" for them, comment and all)
    comment.press("Enter")
    answer.get_by_role("button", name="Nej, svaret hjälpte inte").click()
    expect(answer.get_by_role("status")).to_have_text("Tack för ditt svar!")

    # and follow the source link, they land on the section
    answer.get_by_role("link", name=re.compile("Tidsfrist för komplettering")).click()
    page.wait_for_url(re.compile(r"/ansokan/komplettering/#tidsfrist$"))
    expect(page.locator("#tidsfrist")).to_be_visible()
    question = Question.objects.get()
    assert question.helpful is False
    assert question.feedback_comment == "Svaret saknar antalet dagar."
    page.get_by_role("button", name="Logga ut").click()

    # when an editor finds the question in the dashboard and writes an answer
    log_in(page, live_server.url, "redaktor", PASSWORD)
    page.get_by_role("link", name="Doris-logg").click()
    expect(page.get_by_role("heading", name="Doris för redaktionen")).to_be_visible()
    row = page.get_by_role("row", name=re.compile(QUESTION))
    expect(row).to_contain_text(
        "Komplettering av ansökan › Tidsfrist för komplettering"
    )
    expect(row).to_contain_text("Nej: Svaret saknar antalet dagar.")
    screenshot("doris-dashboard")
    row.get_by_role("link", name=QUESTION).click()
    curated = page.get_by_role("region", name="Skriv ett svar")
    curated.get_by_label("Avsnitt").select_option(
        label="Komplettering av ansökan › Tidsfrist för komplettering"
    )
    curated.get_by_label("Svar").fill(CURATED)
    curated.get_by_role("button", name="Spara svaret").click()
    expect(page.get_by_text("Svaret är sparat.")).to_be_visible()
    assert CuratedAnswer.objects.get().anchor == "tidsfrist"
    page.get_by_role("button", name="Logga ut").click()

    # then the caseworker asking again gets the editor's answer with the source
    log_in(page, live_server.url, "handlaggare", PASSWORD)
    page.goto(guidance_url)
    expect(page.locator("#doris-panel .badge")).to_have_text("1")  # told in Guru
    answer = ask_in_panel(page, QUESTION)
    expect(answer).to_contain_text(CURATED)
    expect(answer).to_contain_text("Svar från redaktionen")
    expect(
        answer.get_by_role("link", name=re.compile("Tidsfrist för komplettering"))
    ).to_have_attribute("href", re.compile(r"/ansokan/komplettering/#tidsfrist$"))
    screenshot("doris-curated-answer")


def test_without_javascript_the_panel_is_a_plain_form(
    live_server, browser, handbook, caseworker
):
    engine_current()
    context = browser.new_context(locale="sv-SE", java_script_enabled=False)
    page = context.new_page()
    try:
        log_in(page, live_server.url, "handlaggare", PASSWORD)
        page.goto(f"{live_server.url}/ansokan/komplettering/")
        page.locator("#doris-panel > summary").click()
        page.get_by_label("Din fråga till Doris").fill(QUESTION)
        page.get_by_role("button", name="Fråga", exact=True).click()
        page.wait_for_url(re.compile(r"/doris/$"))
        expect(page.get_by_role("article", name="Svar från Doris")).to_contain_text(
            "Källa:"
        )
    finally:
        context.close()


def test_enter_sends_the_question_and_shift_enter_starts_a_new_line(
    live_server, browser_page, handbook, caseworker
):
    page = browser_page
    engine_current()
    log_in(page, live_server.url, "handlaggare", PASSWORD)
    page.goto(f"{live_server.url}/ansokan/komplettering/")
    page.locator("#doris-panel > summary").click()
    box = page.get_by_label("Din fråga till Doris")

    # Enter in an empty box sends nothing
    box.press("Enter")
    expect(page.get_by_role("article", name="Svar från Doris")).to_have_count(0)

    # Shift+Enter keeps writing on a new line; Enter then sends the question
    box.type("Vilken tidsfrist gäller")
    box.press("Shift+Enter")
    box.type("för komplettering?")
    expect(box).to_have_value("Vilken tidsfrist gäller\nför komplettering?")
    box.press("Enter")

    answer = page.get_by_role("article", name="Svar från Doris")
    expect(answer).to_be_visible(timeout=30_000)
    expect(answer).to_contain_text("Källa:")
    assert page.url.endswith("/ansokan/komplettering/")  # asked in the panel


def test_escape_closes_the_panel_and_returns_to_its_toggle(
    live_server, browser_page, handbook, caseworker
):
    page = browser_page
    log_in(page, live_server.url, "handlaggare", PASSWORD)
    page.goto(f"{live_server.url}/ansokan/komplettering/")
    toggle = page.locator("#doris-panel > summary")
    toggle.click()
    box = page.get_by_label("Din fråga till Doris")
    box.fill("Något jag vill fråga sen")

    box.press("Escape")

    expect(box).to_be_hidden()
    expect(toggle).to_be_focused()
    toggle.press("Enter")  # opening it again keeps what was typed
    expect(box).to_have_value("Något jag vill fråga sen")


@pytest.mark.parametrize("width", [390, 1280])
def test_the_closed_panel_leaves_the_end_of_the_page_readable(
    live_server, browser_page, handbook, caseworker, width
):
    page = browser_page
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, live_server.url, "handlaggare", PASSWORD)
    page.goto(f"{live_server.url}/ansokan/komplettering/")

    page.evaluate("window.scrollTo(0, document.documentElement.scrollHeight)")

    # the floating toggle must not lie over the footer's last line of text
    toggle = page.locator("#doris-panel > summary").bounding_box()
    last_line = page.locator(".site-footer p").last.bounding_box()
    assert toggle and last_line
    assert last_line["y"] + last_line["height"] <= toggle["y"], (last_line, toggle)


def test_searching_for_a_section_keeps_what_the_editor_has_typed(
    live_server, browser_page, client, handbook, caseworker, editor
):
    # given a question Doris could not answer, and an editor on its page who has
    # typed a wording, an answer of two lines and a reply
    client.force_login(caseworker)
    client.post("/doris/", {"fraga": "Vad ska motiveringen ange?"})
    question = Question.objects.get()
    page = browser_page
    log_in(page, live_server.url, "redaktor", PASSWORD)
    page.goto(f"{live_server.url}/doris/redaktion/fraga/{question.pk}/")
    variant = page.get_by_role("region", name="Lägg till som formulering")
    curated = page.get_by_role("region", name="Skriv ett svar")
    reply = page.get_by_role("region", name="Svara utan att lära Doris")
    variant.get_by_label("Formulering").fill("Vem undertecknar ett avslag?")
    curated.get_by_label("Svar").fill("Beslutsfattaren.\nSe delegationsordningen.")
    reply.get_by_label("Svar till den som frågade").fill("Fråga din chef.")

    # when they search for the section with other words
    page.get_by_label("Sök avsnitt som svarar på frågan").fill(
        "tidsfrist komplettering"
    )
    page.get_by_role("button", name="Sök avsnitt").click()

    # then the sections found are offered, and what they typed is still there
    expect(page.get_by_label("Sök avsnitt som svarar på frågan")).to_have_value(
        "tidsfrist komplettering"
    )
    expect(curated.get_by_label("Avsnitt")).to_contain_text(
        "Komplettering av ansökan › Tidsfrist för komplettering"
    )
    expect(variant.get_by_label("Formulering")).to_have_value(
        "Vem undertecknar ett avslag?"
    )
    expect(curated.get_by_label("Svar")).to_have_value(
        "Beslutsfattaren.\nSe delegationsordningen."
    )
    expect(reply.get_by_label("Svar till den som frågade")).to_have_value(
        "Fråga din chef."
    )
