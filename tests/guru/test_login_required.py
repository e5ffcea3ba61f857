"""Guru is an intranet: every URL without arguments asks anonymous visitors to log in."""

import pytest
from django.urls import (
    NoReverseMatch,
    URLPattern,
    URLResolver,
    get_resolver,
    reverse,
)

# Open without a log-in: the log-in itself, the way back to a lost password and
# the site's icon.
PUBLIC = {
    "health",
    "favicon",
    "accounts:login",
    "accounts:logout",
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_complete",
}


def _named_urls(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver):
            namespace = f"{prefix}{entry.namespace}:" if entry.namespace else prefix
            yield from _named_urls(entry, namespace)
        elif isinstance(entry, URLPattern) and entry.name:
            yield f"{prefix}{entry.name}"


def _argument_free_guru_urls():
    names = set()
    for name in _named_urls():
        if name.startswith("wagtail") or name in PUBLIC:
            continue
        try:
            reverse(name)
        except NoReverseMatch:  # needs arguments
            continue
        names.add(name)
    return sorted(names)


def test_the_walk_finds_guru_urls():
    assert {"search", "accounts:profile"} <= set(_argument_free_guru_urls())


@pytest.mark.django_db
@pytest.mark.parametrize("name", _argument_free_guru_urls())
def test_anonymous_visitor_is_sent_to_log_in(client, name):
    response = client.get(reverse(name))
    assert response.status_code == 302, name
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_the_icon_browsers_ask_for_is_the_svg_icon_without_a_log_in(client):
    response = client.get("/favicon.ico")

    assert response.status_code == 301
    assert response["Location"].endswith("/guru/favicon.svg")
