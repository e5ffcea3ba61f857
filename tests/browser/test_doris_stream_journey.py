"""Doris's generated answer streamed into the panel in a real browser: the
extractive answer and its source come at once, then the model's text arrives and
replaces it once its citation has been checked."""

import re

import pytest
from playwright.sync_api import expect

from guru.assistant.engine import engine_current, engine_forget
from guru.assistant.models import Generation, Question
from tests.browser.conftest import ask_in_panel, log_in
from tests.guru.assistant.fake_chat import FakeChat

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PASSWORD = "losenord-for-test"
QUESTION = "Hur lång tid har sökanden på sig för komplettering?"
GENERATED = "Sökanden har fjorton dagar på sig att komplettera ansökan"


@pytest.fixture
def chat(settings):
    engine_forget()
    fake = FakeChat()
    fake.use(settings, timeout=5)
    yield fake
    fake.close()
    engine_forget()


def test_generated_answer_streams_into_the_panel_with_its_source(
    live_server, browser_page, screenshot, handbook, caseworker, chat
):
    page = browser_page
    engine_current()
    # given a model that answers slowly, word by word, citing the first section
    chat.reply = f"{GENERATED} [1]."
    chat.piece_delay = 0.3
    log_in(page, live_server.url, "handlaggare", PASSWORD)
    page.goto(f"{live_server.url}/ansokan/komplettering/")

    # when the caseworker asks in the panel
    answer = ask_in_panel(page, QUESTION)

    # then the extractive answer is shown while the model's text arrives
    expect(answer.locator(".doris-answer__text")).to_contain_text(
        "Sökanden har 14 dagar på sig."
    )
    draft = answer.locator(".doris-answer__draft")
    expect(draft).to_contain_text("Sökanden har fjorton")
    expect(answer.locator(".doris-answer__generation")).to_have_attribute(
        "aria-busy", "true"
    )
    screenshot("doris-panel-streaming")

    # and once complete and checked, the generated answer with its source link
    expect(answer).to_contain_text("Formulerat av en språkmodell", timeout=15_000)
    expect(answer.locator(".doris-answer__text")).to_have_text(f"{GENERATED}.")
    expect(answer.locator(".doris-answer__generation")).to_have_count(0)
    source = answer.get_by_role("link", name=re.compile("Tidsfrist för komplettering"))
    expect(source).to_have_attribute("href", re.compile(r"#tidsfrist$"))
    expect(answer.get_by_role("button", name="Ja, svaret hjälpte")).to_be_visible()
    screenshot("doris-panel-generated")
    question = Question.objects.get()
    assert question.generation == Generation.GENERATED
    assert question.answer_text == f"{GENERATED}."

    # when the same is asked on the Doris page (a plain form, marked by the script)
    chat.piece_delay = 0.05
    page.goto(f"{live_server.url}/doris/")
    page.get_by_label("Din fråga", exact=True).fill(QUESTION)
    page.locator("form.doris-form--page").get_by_role("button", name="Fråga").click()

    # then that answer is streamed and checked too
    answer = page.locator("main").get_by_role("article", name="Svar från Doris")
    expect(answer).to_contain_text("Formulerat av en språkmodell", timeout=15_000)
    expect(answer.locator(".doris-answer__text")).to_have_text(f"{GENERATED}.")
    assert Question.objects.filter(generation=Generation.GENERATED).count() == 2
