"""Guru's pages are not kept in the browser's cache; responses that say how
they may be cached keep their own say."""

import pytest
from django.http import HttpResponse
from django.test import RequestFactory

from guru.middleware import NoBrowserCacheMiddleware

pytestmark = pytest.mark.django_db


def test_a_guidance_page_for_a_logged_in_user_is_not_stored(
    client, handbook, caseworker
):
    client.force_login(caseworker)

    response = client.get("/ansokan/komplettering/")

    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert "private" in response["Cache-Control"]


def test_a_response_with_its_own_cache_control_keeps_it():
    def view(request):
        response = HttpResponse("data: hej\n\n")
        response["Cache-Control"] = "no-cache"
        return response

    response = NoBrowserCacheMiddleware(view)(RequestFactory().get("/"))

    assert response["Cache-Control"] == "no-cache"
