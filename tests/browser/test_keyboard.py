"""Guru's main flows with the keyboard alone, in a real browser.

What axe cannot see (WCAG 2.1.1, 2.1.2, 2.4.3, 2.4.7, 3.2.1/3.2.2, 4.1.3): every
control is reached with Tab and Shift+Tab and worked with Enter, Space, arrow
keys and Escape; focus always shows; no control keeps focus; after an htmx swap
focus goes to the new field, status message or content, never back to <body>;
and a status message that appears without a page load has role=status. No test
here clicks or fills once logged in: keys only.
"""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import Page, expect

from guru.assistant.engine import engine_current
from guru.feedback.models import Comment, HelpfulVote
from guru.followup import services as followup
from guru.followup.models import Analysis, AnalysisStatus, Value
from guru.meetings.models import Meeting
from tests.browser.conftest import comment_period_open, log_in
from tests.guru.followup.conftest import PASSWORD, demo, organisation  # noqa: F401

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

QUESTION = "Vilken tidsfrist gäller för komplettering?"
GUIDANCE = "/ansokan/komplettering/"
# Enough for the longest page here to be walked round once.
MAX_STOPS = 250

# What has focus (its name: aria-label, label or text), and whether it shows: an
# outline or a box-shadow ring (the site's focus style is both), with a size.
FOCUSED = """() => {
    const e = document.activeElement;
    if (!e || e === document.body) return null;
    const style = getComputedStyle(e);
    const box = e.getBoundingClientRect();
    const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
    return {
        tag: e.tagName.toLowerCase(),
        id: e.id,
        role: e.getAttribute("role") || "",
        name: (e.getAttribute("aria-label") || (e.labels && e.labels.length
                ? e.labels[0].innerText : e.innerText) || "")
            .trim().replace(/\\s+/g, " ").slice(0, 60),
        ring: outline || style.boxShadow !== "none",
        sized: box.width > 0 && box.height > 0,
        html: e.outerHTML.slice(0, 160),
    };
}"""


def _focused(page: Page) -> dict | None:
    return page.evaluate(FOCUSED)


def _assert_shows_focus(stop: dict | None) -> None:
    assert stop is not None, "focus was lost to <body>"
    assert stop["ring"], f"no visible focus on {stop['html']}"
    assert stop["sized"], f"focus on an element without a size: {stop['html']}"


def _press_until(page: Page, matches, key: str = "Tab") -> dict:
    """Press ``key`` until the focused element satisfies ``matches``; every stop
    on the way must show its focus. Returns the stop."""
    for _ in range(MAX_STOPS):
        page.keyboard.press(key)
        stop = _focused(page)
        if stop is None:  # the browser's own chrome, between last and first
            continue
        _assert_shows_focus(stop)
        if matches(stop):
            return stop
    pytest.fail(f"{key} never reached the element", pytrace=False)


def _named(name: str):
    return lambda stop: stop["name"] == name


def _with_id(element_id: str):
    return lambda stop: stop["id"] == element_id


def _walk_round(page: Page, key: str) -> list[dict]:
    """Every stop from the page's start round to the same stop again: a keyboard
    trap would never come back (WCAG 2.1.2)."""
    page.keyboard.press(key)
    first = _focused(page)
    _assert_shows_focus(first)
    stops = [first]
    for _ in range(MAX_STOPS):
        page.keyboard.press(key)
        stop = _focused(page)
        if stop is None:
            continue
        if stop["html"] == first["html"]:
            return stops
        _assert_shows_focus(stop)
        stops.append(stop)
    pytest.fail(f"{key} did not come round: a trap near {stops[-1]['html']}")


def _skip_to_content(page: Page, url: str) -> None:
    """Open ``url`` and take the skip link, as a keyboard user starts a page."""
    page.goto(url)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")


def _start_as(page: Page, base_url: str, username: str, path: str) -> None:
    log_in(page, base_url, username, PASSWORD)
    _skip_to_content(page, base_url + path)


@pytest.fixture
def on_guidance_page(live_server, browser_page, handbook, caseworker, editor):
    """A Handläggare on a guidance page that takes comments, Doris ready."""
    comment_period_open()
    engine_current()
    log_in(browser_page, live_server.url, "handlaggare", "losenord-for-test")
    browser_page.goto(live_server.url + GUIDANCE)
    return browser_page


def test_skip_link_is_first_shows_and_moves_focus_to_the_content(on_guidance_page):
    page = on_guidance_page

    page.keyboard.press("Tab")
    stop = _focused(page)
    _assert_shows_focus(stop)
    assert stop["name"] == "Hoppa till innehållet"
    box = page.locator(".skip-link").bounding_box()
    assert box["y"] >= 0 and box["height"] > 0  # on screen, not just in the DOM

    page.keyboard.press("Enter")
    assert _focused(page)["id"] == "innehall"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.closest('main') !== null")


def test_a_guidance_page_walks_round_both_ways_with_focus_always_shown(
    on_guidance_page,
):
    page = on_guidance_page

    forward = _walk_round(page, "Tab")
    page.goto(page.url)
    backward = _walk_round(page, "Shift+Tab")

    names = [stop["name"] for stop in forward]
    for control in ["Hoppa till innehållet", "Sök", "Ja", "Nej", "Fråga Doris"]:
        assert control in names
    assert "Skicka synpunkt" in names
    # the same stops both ways (a date field has several stops inside it)
    assert sorted(s["html"] for s in forward) == sorted(s["html"] for s in backward)


def test_follow_button_keeps_focus_when_it_toggles(on_guidance_page):
    page = on_guidance_page

    _press_until(page, _named("Bevaka"))
    page.keyboard.press("Enter")

    button = page.get_by_role("button", name=re.compile("sluta bevaka"))
    expect(button).to_be_focused()
    expect(button).to_have_attribute("aria-pressed", "true")
    _assert_shows_focus(_focused(page))


def test_ask_doris_in_the_panel_and_follow_the_source(on_guidance_page):
    page = on_guidance_page

    # the panel is the page's last stop: Shift+Tab from the start reaches it
    _press_until(page, _named("Fråga Doris"), key="Shift+Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Din fråga till Doris")).to_be_focused()
    page.keyboard.type(QUESTION)
    page.keyboard.press("Enter")

    # the answer arrives in a live region; focus stays in the question box
    answer = page.get_by_role("article", name="Svar från Doris")
    expect(answer).to_be_visible(timeout=30_000)
    assert page.locator("#doris-panel-result[aria-live=polite]").count() == 1
    expect(page.get_by_label("Din fråga till Doris")).to_be_focused()

    # Tab reaches the answer's source link next, after the "Fråga" button
    _press_until(page, lambda stop: stop["name"].startswith("Komplettering av"))

    # a thumbs-down from the keyboard: focus goes to the thanks, which is a status
    _press_until(page, _named("Nej, svaret hjälpte inte"))
    page.keyboard.press("Space")
    thanks = answer.get_by_role("status")
    expect(thanks).to_have_text("Tack för ditt svar!")
    expect(thanks).to_be_focused()
    _assert_shows_focus(_focused(page))

    # Escape closes the panel and gives focus back to its toggle
    page.keyboard.press("Escape")
    expect(page.locator("#doris-panel")).not_to_have_attribute("open", "")
    assert _focused(page)["name"] == "Fråga Doris"

    # opened again, the answer is still there; its source link follows with Enter
    page.keyboard.press("Enter")
    _press_until(page, lambda stop: stop["name"].startswith("Komplettering av"))
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#tidsfrist$"))


def test_ask_doris_on_her_page_and_reach_the_answer(live_server, on_guidance_page):
    page = on_guidance_page
    _skip_to_content(page, f"{live_server.url}/doris/")

    _press_until(page, _with_id("doris-page-q"))
    page.keyboard.type(QUESTION)
    page.keyboard.press("Enter")

    # the page comes back with the answer, and focus is on it
    answer = page.get_by_role("article", name="Svar från Doris")
    expect(answer).to_be_visible(timeout=30_000)
    expect(answer).to_be_focused()
    page.keyboard.press("Tab")
    assert _focused(page)["name"].startswith("Komplettering av")


def test_vote_no_then_say_what_was_missing(on_guidance_page):
    page = on_guidance_page
    helpful = page.get_by_role("group", name="Var sidan till hjälp?")

    _press_until(page, _named("Nej"))
    page.keyboard.press("Space")

    # focus goes to the new "Vad saknades?" box, not back to <body>
    missing = page.get_by_label("Vad saknades? (valfritt)")
    expect(missing).to_be_focused()
    expect(helpful.get_by_role("status")).to_have_text("Tack för ditt svar!")
    page.keyboard.type("Ett exempel på ett brev.")
    _press_until(page, _named("Skicka"))
    page.keyboard.press("Enter")

    # the thanks is a status message and takes focus; Tab goes on from there
    thanks = page.get_by_role("group", name="Var sidan till hjälp?").get_by_role(
        "status"
    )
    expect(thanks).to_have_text("Tack för ditt svar!")
    expect(thanks).to_be_focused()
    vote = HelpfulVote.objects.get()
    assert (vote.helpful, vote.missing) == (False, "Ett exempel på ett brev.")
    _press_until(page, _named("Ja"), key="Shift+Tab")  # back up in the box


def test_vote_yes_keeps_focus_on_the_pressed_button(on_guidance_page):
    page = on_guidance_page

    _press_until(page, _named("Ja"))
    page.keyboard.press("Enter")

    yes = page.get_by_role("group", name="Var sidan till hjälp?").get_by_role(
        "button", name="Ja"
    )
    expect(yes).to_have_attribute("aria-pressed", "true")
    expect(yes).to_be_focused()
    _assert_shows_focus(_focused(page))
    # the focus ring, not the pressed state's blue outline, so focus can be told
    outline = page.evaluate("getComputedStyle(document.activeElement).outlineColor")
    assert outline == "rgb(255, 191, 71)"


def test_write_a_comment_and_hear_that_it_was_sent(on_guidance_page):
    page = on_guidance_page

    # an empty comment: focus goes to the box, which says what is wrong
    _press_until(page, _named("Skicka synpunkt"))
    page.keyboard.press("Enter")
    body = page.get_by_label("Din synpunkt")
    expect(body).to_be_focused()
    expect(body).to_have_attribute("aria-invalid", "true")

    page.keyboard.type("Fristen bör stå först i avsnittet.")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Gäller avsnitt")).to_be_focused()
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Gäller avsnitt")).to_have_value("tidsfrist")
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")

    # the whole comment section is swapped: focus goes to a status message
    sent = page.locator("#synpunkter").get_by_role("status")
    expect(sent).to_have_text("Tack! Din synpunkt är skickad och syns i listan.")
    expect(sent).to_be_focused()
    comment = Comment.objects.get()
    assert comment.section_anchor == "tidsfrist"

    # "Ändra" opens the comment for editing with focus in its text
    _press_until(page, _named("Ändra"))
    page.keyboard.press("Enter")
    edit = page.locator(f"#synpunkt-{comment.pk} textarea")
    expect(edit).to_be_focused()
    expect(edit).to_have_value("Fristen bör stå först i avsnittet.")


# Runs when the swap's own JavaScript task ends, before the browser can deliver
# the next key press: records whether the new comment box then has focus and
# whether htmx has already wired the new form (it then carries htmx's data).
RECORD_WHEN_SWAP_ENDS = """() => {
    window.afterSwap = null;
    document.addEventListener("htmx:afterSwap", () => queueMicrotask(() => {
        const box = document.getElementById("id_body");
        window.afterSwap = {
            focused: document.activeElement === box,
            wired: Boolean(box && box.form && box.form["htmx-internal-data"]),
        };
    }), {once: true});
}"""


def test_a_swapped_form_is_ready_before_the_next_key(on_guidance_page):
    # With htmx's default 20 ms settle delay, the new form got its focus and
    # its hx-post only after a timer: keys typed fast (or on a slow machine)
    # went elsewhere, and Enter in that window posted the form without htmx.
    page = on_guidance_page
    page.evaluate(RECORD_WHEN_SWAP_ENDS)

    _press_until(page, _named("Skicka synpunkt"))
    page.keyboard.press("Enter")

    page.wait_for_function("window.afterSwap !== null")
    assert page.evaluate("window.afterSwap") == {"focused": True, "wired": True}


def test_the_area_filter_tells_the_new_count_in_a_lasting_status(
    live_server, on_guidance_page
):
    # given search results, and the status region they are told in
    page = on_guidance_page
    _skip_to_content(page, f"{live_server.url}/sok/?q=motivering")
    page.evaluate("window.statusRegion = document.getElementById('search-status')")

    # when the area is chosen with the arrow keys (htmx fetches new results)
    _press_until(page, _with_id("id_omrade"))
    page.keyboard.press("ArrowDown")

    # then the same region, never replaced, holds the new count; focus stays put
    status = page.get_by_role("status").filter(has_text="för ”motivering”")
    expect(status).to_have_text(re.compile(r"^\d+ träff(ar)? för ”motivering”$"))
    assert page.evaluate(
        "window.statusRegion === document.getElementById('search-status')"
    )
    expect(page.locator("#id_omrade")).to_be_focused()


def test_a_form_sent_with_errors_comes_back_with_focus_on_its_summary(
    live_server, browser_page, caseworker
):
    # given the log-in form, sent without htmx with a wrong password
    page = browser_page
    page.goto(f"{live_server.url}/konto/logga-in/")
    page.get_by_label("Användarnamn").fill("handlaggare")
    page.get_by_label("Lösenord").fill("fel-losenord")
    page.keyboard.press("Enter")

    # then the page shown again has focus on its error summary, which is read out
    summary = page.locator(".error-summary")
    expect(summary).to_have_attribute("role", "alert")
    expect(summary).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label("Användarnamn")).to_be_focused()


def test_an_ordinary_page_load_leaves_focus_alone_even_with_a_message(
    live_server, on_guidance_page, settings
):
    # given a search refused by the rate limit: a GET page with an error summary
    settings.GURU_SEARCHES_PER_MINUTE = 0
    page = on_guidance_page

    # when it is opened
    page.goto(f"{live_server.url}/sok/?q=frist")
    page.wait_for_load_state("load")

    # then the message shows, but focus stays where a page load puts it
    expect(page.locator(".error-summary")).to_contain_text("Vänta en minut")
    assert _focused(page) is None


@pytest.mark.usefixtures("demo")
def test_enter_a_value_by_hand(live_server, browser_page):
    page = browser_page
    _start_as(page, live_server.url, "controller", "/uppfoljning/varden/ny/")

    _press_until(page, _with_id("id_key_figure"))
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Tertial")).to_be_focused()
    page.keyboard.type("2026 T3")
    _press_until(page, _with_id("id_unit"))  # V1 is reported per unit
    page.keyboard.press("ArrowDown")
    _press_until(page, _with_id("id_value"))
    page.keyboard.type("12")
    _press_until(page, _named("Spara värde"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("Värdet är sparat.")
    assert Value.objects.filter(period__year=2026, period__tertial=3).exists()


@pytest.mark.usefixtures("demo")
def test_write_a_department_analysis(live_server, browser_page, organisation):  # noqa: F811
    page = browser_page
    follow_up = followup.follow_up_open(
        year=2026, tertial=3, user=organisation["controller"]
    )
    _start_as(
        page,
        live_server.url,
        "avdelningschef",
        f"/uppfoljning/{follow_up.pk}/analys/FÖR/",
    )

    first = page.get_by_label("Analys").first
    _press_until(page, lambda stop: stop["tag"] == "textarea")
    expect(first).to_be_focused()
    page.keyboard.type("Fler ärenden än väntat; handläggningstiden höll.")
    page.keyboard.press("Tab")
    done = page.get_by_label("Klar").first
    expect(done).to_be_focused()
    page.keyboard.press("Space")
    expect(done).to_be_checked()
    _press_until(page, _named("Spara analysen"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("Analysen är sparad.")
    analysis = Analysis.objects.get(follow_up=follow_up, text__startswith="Fler")
    assert analysis.status == AnalysisStatus.DONE


@pytest.mark.usefixtures("demo")
def test_register_a_meeting_of_the_management_group(live_server, browser_page):
    page = browser_page
    _start_as(page, live_server.url, "gd", "/ledning/moten/nytt/")

    # each part of the date and time in turn (their order follows the browser's
    # language): ArrowUp on an empty part sets it to its first value, 1 January
    _press_until(page, _with_id("id_starts_at"))
    while _focused(page)["id"] == "id_starts_at":
        page.keyboard.press("ArrowUp")
        page.keyboard.press("Tab")
    _press_until(page, _with_id("id_place"))
    page.keyboard.type("Rum Mälaren")
    _press_until(page, lambda stop: stop["name"].startswith("Greta Dahl"))
    participants = page.get_by_role("group", name="Deltagare")
    page.keyboard.press("Space")
    expect(participants.get_by_role("checkbox", checked=True)).to_have_count(1)
    _press_until(page, _with_id("id_note_taker"))
    page.keyboard.press("ArrowDown")
    _press_until(page, _named("Spara mötet"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("status")).to_contain_text("Mötet är skapat")
    meeting = Meeting.objects.get(place="Rum Mälaren")
    starts = timezone.localtime(meeting.starts_at)
    assert (starts.month, starts.day) == (1, 1)
    assert meeting.participants.count() == 1
