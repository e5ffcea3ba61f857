"""A page that Wagtail's view restrictions keep from a reader is not listed for that
reader either: not in its area, on the start page, or beside other pages."""

import pytest


@pytest.fixture
def secret(handbook, restrict):
    page = handbook["beslutsmotivering"]
    restrict(page)
    return page


@pytest.mark.parametrize(
    "url",
    [
        "/",  # Senast uppdaterat
        "/beslut/",  # the area's list, with the summary
        "/ansokan/komplettering/",  # Relaterade sidor
    ],
)
def test_a_restricted_page_is_not_listed_for_a_reader_outside_its_groups(
    client, secret, caseworker, editor, url
):
    client.force_login(caseworker)
    response = client.get(url)
    assert response.status_code == 200
    assert secret.title not in response.text
    assert secret.summary not in response.text

    client.force_login(editor)
    assert secret.title in client.get(url).text


def test_the_start_page_does_not_count_pages_a_reader_may_not_view(
    client, secret, caseworker
):
    client.force_login(caseworker)
    html = client.get("/").text
    assert "0 sidor" in html and "1 sida" in html


def test_a_restricted_sibling_is_not_listed_beside_a_page(
    client, handbook, restrict, caseworker, editor
):
    # given a second page in the area, restricted
    page = handbook["komplettering"]
    sibling = page.copy(
        update_attrs={"title": "Hemlig rutin", "slug": "hemlig-rutin"},
        keep_live=True,
    )
    restrict(sibling)
    client.force_login(caseworker)

    # then the first page's "Mer i Ansökan" does not name it
    html = client.get(page.url).text
    assert "Mer i Ansökan" in html
    assert "Hemlig rutin" not in html
    client.force_login(editor)
    assert "Hemlig rutin" in client.get(page.url).text


def test_a_reader_outside_the_groups_gets_gurus_no_access_page(
    client, secret, caseworker
):
    client.force_login(caseworker)

    for url in (secret.url, secret.url + "utskrift/"):
        response = client.get(url)
        assert response.status_code == 403, url
        assert "Du saknar behörighet" in response.text
        assert secret.summary not in response.text


def test_the_pages_groups_read_a_restricted_page(client, secret, editor):
    client.force_login(editor)
    response = client.get(secret.url)
    assert response.status_code == 200 and secret.summary in response.text


def test_an_anonymous_visitor_is_sent_to_gurus_log_in_page(client, secret):
    response = client.get(secret.url)
    assert response.status_code == 302
    assert response["Location"].startswith("/konto/logga-in/")

    # and so is one that Wagtail's own check would meet, behind the middleware
    from wagtail.wagtail_hooks import require_wagtail_login

    redirect = require_wagtail_login(next=secret.url)
    assert redirect["Location"].startswith("/konto/logga-in/?next=")


def test_a_password_restriction_still_asks_for_the_password(
    client, handbook, caseworker
):
    from wagtail.models import PageViewRestriction

    page = handbook["beslutsmotivering"]
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="hemligt"
    )
    client.force_login(caseworker)

    response = client.get(page.url)

    assert response.status_code == 200
    assert 'name="password"' in response.text
    assert page.summary not in response.text
