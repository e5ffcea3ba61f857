"""What a guidance page costs in SQL queries, however many links it has.

Wagtail expands each rich-text value on its own, one look-up per linked model per
value; the guidance page expands its intro and all its sections together
(``guru.handbook.rich_text_bulk``), and reads its attachments with their
documents.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.documents import get_document_model
from wagtail.rich_text import RichText, expand_db_html

from guru.handbook.models import GuidancePage, GuidancePageAttachment
from guru.handbook.rich_text_bulk import expand_db_html_many

# A guidance page with links in its intro and six of its sections, and two
# attachments, as the fixture's caseworker sees it: 62 queries when each rich-text
# value was expanded on its own and each attachment read its document; 40 while
# the view restrictions were read twice, the ancestors four times, the page's
# owner unit and person and its site each on their own, and routing read each
# page and then its specific form.
MAX_QUERIES = 31


def _links(page_link: str, document_link: str, number: int) -> str:
    return "".join(
        f"<p>Se {page_link}avsnittet {i}</a> och {document_link}bilagan</a>.</p>"
        for i in range(number)
    )


def _set_sections(page, *, linked_sections: int, sections: int = 10) -> None:
    """Give the page ``sections`` sections, the first ``linked_sections`` of which
    link to another guidance page (at a section) and to a document."""
    other = GuidancePage.objects.exclude(pk=page.pk).first()
    document = get_document_model().objects.first()
    page_link = f'<a linktype="page" id="{other.pk}" anchor="krav-pa-motivering">'
    document_link = f'<a linktype="document" id="{document.pk}">'
    page = GuidancePage.objects.get(pk=page.pk)
    page.intro = _links(page_link, document_link, 1)
    page.body = [
        (
            "section",
            {
                "heading": f"Avsnitt {i}",
                "anchor": f"avsnitt-{i}",
                "body": RichText(
                    _links(page_link, document_link, 1)
                    if i < linked_sections
                    else "<p>Inga länkar.</p>"
                ),
            },
        )
        for i in range(sections)
    ]
    page.save_revision().publish(skip_permission_checks=True)


@pytest.fixture
def reader(client, caseworker):
    client.force_login(caseworker)
    return client


def _queries(client, url: str) -> int:
    client.get(url)  # the first visit records it; a later one updates it
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return len(queries)


@pytest.mark.django_db
def test_a_guidance_page_with_many_links_stays_within_its_queries(
    reader, handbook, django_assert_max_num_queries
):
    page = handbook["komplettering"]
    _set_sections(page, linked_sections=6)
    attachment = page.attachments.get()
    GuidancePageAttachment.objects.create(page=page, document=attachment.document)
    reader.get(page.url)

    with django_assert_max_num_queries(MAX_QUERIES):
        response = reader.get(page.url)

    html = response.content.decode()
    assert html.count('beslutsmotivering/#krav-pa-motivering">avsnittet') == 6 + 1
    assert html.count(f'href="{attachment.document.url}"') == 6 + 1 + 2


@pytest.mark.django_db
@pytest.mark.parametrize("suffix", ["", "utskrift/"])
def test_queries_do_not_grow_with_the_links_on_the_page(reader, handbook, suffix):
    page = handbook["komplettering"]
    url = page.url + suffix

    _set_sections(page, linked_sections=2)
    with_two = _queries(reader, url)
    _set_sections(page, linked_sections=10)
    with_ten = _queries(reader, url)

    assert with_ten == with_two


@pytest.mark.django_db
def test_expanding_together_gives_what_wagtail_gives_for_each(handbook):
    page = handbook["beslutsmotivering"]
    document = get_document_model().objects.first()
    sources = [
        f'<p><a linktype="page" id="{page.pk}">sidan</a> och '
        f'<a linktype="page" id="{page.pk}" anchor="krav-pa-motivering">avsnittet</a>'
        f' och <a linktype="document" id="{document.pk}">bilagan</a></p>',
        "",
        '<p><a href="https://www.riksdagen.se">riksdagen</a>, '
        '<a href="mailto:a@b.se">e-post</a>, <a href="#ovan">ovan</a>, '
        '<a name="ankare">ankare</a></p>',
        '<p><a linktype="page" id="999999">borttagen</a>, '
        '<a linktype="document" id="999999">borttagen</a>, '
        '<a linktype="okand" id="1">okänd</a>, '
        f'<a linktype="page" id="{page.pk}" anchor="Fel ankare">fel</a></p>',
        "<p>Ingen länk &amp; <b>fetstil</b>.</p>",
    ]

    assert expand_db_html_many(sources) == [expand_db_html(s) for s in sources]
