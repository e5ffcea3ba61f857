"""Pages with more than one search form name each of them."""

import pytest

from tests.html import unnamed_landmarks

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("path", ["/", "/sok/?q=motivering", "/dokumentrum/"])
def test_every_search_landmark_has_a_name_of_its_own(
    client, handbook, caseworker, path
):
    client.force_login(caseworker)
    html = client.get(path).content.decode()
    assert html.count('role="search"') >= 2  # the header's and the page's own
    assert unnamed_landmarks(html) == []
