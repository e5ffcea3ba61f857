"""What several parts of a page view need is read once per page object: the
ancestors, the view restrictions, the routed page's owner and parent; and
Wagtail's answers stay the same."""

import pytest
from django.db import connection
from django.http import Http404
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from wagtail.models import Page, PageViewRestriction

from guru.handbook.models import GuidancePage, ProcessAreaPage, page_ancestors

pytestmark = pytest.mark.django_db


def _ids(restrictions) -> set[int]:
    return {r.pk for r in restrictions}


def _wagtails(page) -> set[int]:
    return _ids(Page.get_view_restrictions(page))


def test_the_restrictions_are_wagtails_for_a_page_and_an_alias(handbook, restrict):
    # given a page restricted in its area, and an alias of it in the other area,
    # which is restricted too
    page = handbook["komplettering"]
    other_area = handbook["beslutsmotivering"].get_parent()
    alias = page.create_alias(parent=other_area, update_slug="komplettering-alias")
    restrict(page.get_parent())
    restrict(other_area)
    PageViewRestriction.objects.create(
        page=page, restriction_type=PageViewRestriction.LOGIN
    )

    # then Guru's restrictions are Wagtail's, for the page and its alias (the
    # source's own restriction, the alias's own ancestors)
    for each in (page, GuidancePage.objects.get(pk=alias.pk)):
        fresh = GuidancePage.objects.get(pk=each.pk)
        assert _ids(fresh.get_view_restrictions()) == _wagtails(fresh)
    assert len(_wagtails(GuidancePage.objects.get(pk=alias.pk))) == 2


def test_the_restrictions_and_ancestors_are_read_once_per_page_object(
    handbook, restrict
):
    restrict(handbook["komplettering"])
    page = GuidancePage.objects.get(pk=handbook["komplettering"].pk)

    with CaptureQueriesContext(connection) as first:
        assert len(page.get_view_restrictions()) == 1
        ancestors = page.ancestor_pages
    with CaptureQueriesContext(connection) as again:
        assert len(page.get_view_restrictions()) == 1
        assert page_ancestors(page) == ancestors

    assert len(first) == 2  # the ancestors, the restrictions
    assert len(again) == 0
    assert ancestors == list(page.get_ancestors())
    # a queryset made from them reads them again
    assert page.get_view_restrictions().filter(page=page).count() == 1


def test_a_moved_page_object_reads_its_ancestors_again(handbook):
    page = GuidancePage.objects.get(pk=handbook["komplettering"].pk)
    before = page_ancestors(page)
    other_area = handbook["beslutsmotivering"].get_parent()

    page.move(other_area, pos="last-child")
    page.refresh_from_db()

    assert page_ancestors(page) != before
    assert page_ancestors(page)[-1].pk == other_area.pk
    assert _ids(page.get_view_restrictions()) == _wagtails(page)


def test_routing_reads_the_guidance_page_with_its_owner_and_parent(handbook):
    page = handbook["komplettering"]
    area = page.get_parent().specific
    request = RequestFactory().get(page.url)

    routed = area.route(request, [page.slug]).page
    with CaptureQueriesContext(connection) as queries:
        owner_unit, owner_person = routed.owner_unit, routed.owner_person
        parent = routed.get_parent()

    assert type(routed) is GuidancePage and routed.pk == page.pk
    assert len(queries) == 0
    assert owner_unit.pk == page.owner_unit_id
    assert owner_person is not None and owner_person.pk == page.owner_person_id
    assert parent is area
    assert area.route(request, [page.slug, "utskrift"]).page == routed


def test_a_child_of_another_type_is_still_routed_by_wagtail(handbook):
    # given a plain Wagtail page under a process area (Guru's types never put it
    # there, but the tree allows it)
    area = ProcessAreaPage.objects.get(pk=handbook["komplettering"].get_parent().pk)
    plain = area.add_child(instance=Page(title="Vanlig sida", slug="vanlig"))
    area.refresh_from_db()
    request = RequestFactory().get("/")

    assert area.route(request, ["vanlig"]).page == plain
    with pytest.raises(Http404):
        area.route(request, ["finns-inte"])
