"""Which pages a reader may not view is read once per request, and never kept
longer: a restriction, a group or a password counts from the next request."""

import pytest
from django.contrib.sessions.backends.db import SessionStore
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from guru.handbook.permissions import denied_paths

pytestmark = pytest.mark.django_db

PASSED = PageViewRestriction.passed_view_restrictions_session_key


def _restriction_reads(queries) -> int:
    return sum('FROM "wagtailcore_pageviewrestriction"' in q["sql"] for q in queries)


def test_a_guidance_page_view_reads_the_view_restrictions_once_for_its_lists(
    client, handbook, restrict, caseworker
):
    # given a reader kept from the page that the viewed page lists as related
    restrict(handbook["beslutsmotivering"])
    client.force_login(caseworker)

    # when they view the page (its aside, its related pages, the header's notices)
    with CaptureQueriesContext(connection) as captured:
        response = client.get(handbook["komplettering"].url)

    # then the restrictions are read once for all that, and the page's own once
    # for Guru's refusal and Wagtail's check before the page is served
    assert response.status_code == 200
    assert handbook["beslutsmotivering"].title not in response.text
    assert _restriction_reads(captured) == 1 + 1


def test_a_restriction_added_since_counts_in_the_next_request(
    handbook, restrict, caseworker
):
    # given a reader whose denied paths were read in one request
    page = handbook["beslutsmotivering"]
    assert denied_paths(caseworker, SessionStore()) == []

    # when the page is restricted
    restrict(page)

    # then the next request, and an e-mail without a session, see it
    assert denied_paths(caseworker, SessionStore()) == [page.path]
    assert denied_paths(caseworker) == [page.path]


def test_a_password_given_within_the_request_opens_its_page(handbook, caseworker):
    # given a page behind a password, read as denied in this request
    page = handbook["komplettering"]
    restriction = PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.PASSWORD, password="hemligt"
    )
    session = SessionStore()
    session[PASSED] = []
    assert denied_paths(caseworker, session) == [page.path]

    # when the password is given: Wagtail adds it to the list in the session
    session[PASSED].append(restriction.pk)

    # then the same request may view the page
    assert denied_paths(caseworker, session) == []
