"""The handbook's search box on Doris's engine: sections, snippets, areas, typos."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.fixture
def reader(client, handbook, caseworker):
    client.force_login(caseworker)
    return client


def test_search_lists_ranked_sections_with_highlighted_snippets(reader, handbook):
    html = reader.get("/sok/", {"q": "föreskrifter motivering"}).content.decode()
    page = handbook["beslutsmotivering"]
    first = html.index('<ol class="search-results"')
    assert html.index(f'href="{page.url}#krav-pa-motivering"', first) == html.index(
        "<h3><a", first
    ) + len("<h3><a ")
    assert "Beslutsmotivering › Krav på motivering" in html
    assert "<mark>föreskrifter</mark>" in html


def test_search_filters_by_process_area(reader, handbook):
    everywhere = reader.get("/sok/", {"q": "motivering"}).content.decode()
    in_ansokan = reader.get(
        "/sok/", {"q": "motivering", "omrade": "ansokan"}
    ).content.decode()
    assert "Beslutsmotivering ›" in everywhere
    assert "Beslutsmotivering ›" not in in_ansokan


def test_misspelt_search_offers_menade_du(reader):
    html = reader.get("/sok/", {"q": "kompletering"}).content.decode()
    assert "Menade du" in html
    assert "komplettering</a>?" in html


def test_search_snippets_escape_page_text(reader, handbook, editor):
    page = handbook["komplettering"].specific
    page.body.append(
        (
            "section",
            {
                "heading": "Skript",
                "anchor": "skript",
                "body": "<p>Skriv aldrig &lt;script&gt;alert(1)&lt;/script&gt; i brev.</p>",
            },
        )
    )
    page.save_revision().publish()
    from guru.assistant.services import index_page_changed

    index_page_changed(page_id=page.pk)
    html = reader.get("/sok/", {"q": "script alert brev"}).content.decode()
    assert "<script>alert(1)" not in html
    assert "&lt;" in html


def test_search_rate_limit_says_so_in_swedish_and_keeps_the_query(reader, settings):
    # given a limit of two searches a minute
    settings.GURU_SEARCHES_PER_MINUTE = 2
    reader.get("/sok/", {"q": "motivering"})
    reader.get("/sok/", {"q": "motivering"}, HTTP_HX_REQUEST="true")

    # when the third search comes, as a page and with htmx
    page = reader.get("/sok/", {"q": "frist"})
    swapped = reader.get("/sok/", {"q": "frist"}, HTTP_HX_REQUEST="true")

    # then both say to wait, the page keeps the typed words, and nothing is found
    assert page.status_code == 429
    assert swapped.status_code == 200
    for html in (page.content.decode(), swapped.content.decode()):
        assert "Vänta en minut" in html
        assert "träffar för" not in html
    assert 'value="frist"' in page.content.decode()


def test_search_rate_limit_is_per_user(client, handbook, caseworker, editor, settings):
    settings.GURU_SEARCHES_PER_MINUTE = 1
    client.force_login(caseworker)
    client.get("/sok/", {"q": "motivering"})
    client.force_login(editor)
    assert client.get("/sok/", {"q": "motivering"}).status_code == 200


def test_filtering_by_area_tells_the_new_count_to_the_status_region(reader):
    # given the search page, with its lasting status region
    page = reader.get("/sok/", {"q": "motivering"}).content.decode()
    assert '<p id="search-status" class="visually-hidden" role="status">' in page

    # when the area filter asks htmx for new results
    swapped = reader.get(
        "/sok/", {"q": "motivering", "omrade": "ansokan"}, HTTP_HX_REQUEST="true"
    ).content.decode()

    # then the answer fills that region with the new count, out of band
    oob = swapped.index('hx-swap-oob="innerHTML:#search-status"')
    assert "träff" in swapped[oob:] and "för ”motivering”" in swapped[oob:]


def test_an_empty_query_sent_with_htmx_gets_the_message_in_the_results(reader):
    # when the search form is sent with htmx and nothing typed
    swapped = reader.get(
        "/sok/", {"q": "  ", "omrade": ""}, HTTP_HX_REQUEST="true"
    ).content.decode()

    # then the swapped part says what to do (the form outside it is not redrawn)
    assert "Skriv vad du söker efter." in swapped
    assert 'role="alert"' in swapped


def test_a_search_made_on_the_page_names_itself_in_the_tab_title(reader):
    # htmx sets the document's title from a <title> in the answer
    html = reader.get("/sok/", {"q": "frist"}, HTTP_HX_REQUEST="true").content.decode()
    assert "<title>Sökresultat för ”frist” – Guru</title>" in html

    page = reader.get("/sok/", {"q": "frist"}).content.decode()
    assert page.count("<title>") == 1
    assert "<title>Sökresultat för ”frist” – Guru</title>" in page
