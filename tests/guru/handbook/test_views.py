"""What a logged-in employee sees in the handbook, and what others do not."""

import pytest
from django.test import Client
from django.urls import reverse

from guru.handbook.models import GuidancePage


@pytest.fixture
def reader(client, handbook, caseworker):
    client.force_login(caseworker)
    return client


@pytest.mark.parametrize(
    "url", ["/", "/ansokan/", "/ansokan/komplettering/", "/sok/?q=frist", "/konto/"]
)
def test_anonymous_visitors_are_sent_to_the_login_page(client, handbook, url):
    response = client.get(url)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_documents_are_not_served_to_anonymous_visitors(client, handbook):
    document = handbook["komplettering"].attachments.get().document
    response = client.get(document.url)
    assert response.status_code == 302


def test_wrong_password_gives_a_swedish_message_and_keeps_the_username(
    client, caseworker
):
    response = client.post(
        reverse("accounts:login"), {"username": "handlaggare", "password": "fel"}
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "Ange ett korrekt användarnamn och lösenord" in html
    assert 'value="handlaggare"' in html


def test_start_page_shows_search_process_areas_and_recent_pages(reader):
    html = reader.get("/").content.decode()
    assert 'role="search"' in html
    assert "Ansökan" in html and "Beslut" in html
    assert "1 sida" in html
    assert "Senast uppdaterat" in html and "Komplettering av ansökan" in html


def test_guidance_page_has_sections_with_anchors_toc_owner_and_dates(reader):
    html = reader.get("/ansokan/komplettering/").content.decode()
    assert '<h2 id="tidsfrist" tabindex="-1">Tidsfrist för komplettering' in html
    assert '<a href="#tidsfrist">Tidsfrist för komplettering</a>' in html, (
        "table of contents"
    )
    assert "Enheten för handläggarstöd" in html
    assert "Senast granskad" in html and "2026-05-01" in html
    assert "Granskas senast" in html and "Senast ändrad" in html
    assert "Relaterade sidor" in html and "Beslutsmotivering" in html
    assert "Bilagor" in html and "Checklista" in html
    assert 'aria-label="Du är här"' in html, "breadcrumbs"


def test_print_view_has_the_content_without_navigation(reader):
    html = reader.get("/ansokan/komplettering/utskrift/").content.decode()
    assert "Tidsfrist för komplettering" in html
    assert "En utskrift kan bli inaktuell" in html
    assert "site-header" not in html


def test_unknown_page_gives_a_swedish_404(reader):
    response = reader.get("/finns-inte/alls/")
    assert response.status_code == 404
    assert "Sidan finns inte" in response.content.decode()


def test_unpublished_page_is_not_shown_to_readers(reader, handbook):
    handbook["beslutsmotivering"].unpublish()
    assert reader.get("/beslut/beslutsmotivering/").status_code == 404


def test_search_finds_guidance_and_can_be_narrowed_to_a_process_area(reader):
    # when
    everywhere = reader.get("/sok/", {"q": "motivering"}).content.decode()
    in_ansokan = reader.get(
        "/sok/", {"q": "motivering", "omrade": "ansokan"}
    ).content.decode()

    # then
    assert "Beslutsmotivering" in everywhere
    assert (
        '<a href="/beslut/beslutsmotivering/">Beslutsmotivering</a>' not in in_ansokan
    )


def test_empty_search_gives_a_swedish_message(reader):
    html = reader.get("/sok/", {"q": "   "}).content.decode()
    assert "Skriv vad du söker efter." in html


def test_too_long_search_is_refused_with_the_text_kept(reader):
    query = "handläggning " * 20
    html = reader.get("/sok/", {"q": query}).content.decode()
    assert "Sökfrågan får vara högst 200 tecken" in html
    assert query.strip()[:50] in html


def test_search_with_htmx_returns_only_the_results(reader):
    html = reader.get(
        "/sok/", {"q": "komplettering"}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert "<html" not in html
    assert "Komplettering av ansökan" in html


def test_search_escapes_what_the_user_typed(reader):
    html = reader.get("/sok/", {"q": '<script>alert("x")</script>'}).content.decode()
    assert '<script>alert("x")</script>' not in html
    assert "&lt;script&gt;" in html


def test_health_check_answers_without_login(db):
    response = Client().get(reverse("health"))
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_form_posted_without_csrf_token_gets_a_swedish_explanation(db):
    client = Client(enforce_csrf_checks=True)
    response = client.post(
        reverse("accounts:login"), {"username": "a", "password": "b"}
    )
    assert response.status_code == 403
    assert "Formuläret kunde inte skickas" in response.content.decode()


def test_interface_is_swedish(reader):
    html = reader.get("/ansokan/komplettering/").content.decode()
    assert '<html lang="sv">' in html
    assert "Hoppa till innehållet" in html


def test_page_tree_is_start_area_guidance(handbook):
    page = GuidancePage.objects.get(slug="komplettering")
    ancestors = [p.specific_class.__name__ for p in page.get_ancestors()[1:]]
    assert ancestors == ["StartPage", "ProcessAreaPage"]
