"""Deleting a guidance page through Wagtail's admin keeps what readers said."""

from django.urls import reverse
from wagtail.models import Page

from guru.accounts.roles import Role
from guru.feedback import services as feedback
from guru.feedback.models import HelpfulVote
from tests.factories import UserFactory


def test_a_page_readers_voted_on_is_not_deleted_and_the_admin_is_told_why(
    client, handbook, caseworker, units
):
    # given a page a reader found unhelpful
    page = handbook["komplettering"]
    feedback.vote_cast(page=page, user=caseworker, helpful=False, missing="Exempel")
    admin = UserFactory(
        username="admin", unit=units["RÄTT-HS"], roles=[Role.ADMINISTRATOR]
    )
    client.force_login(admin)

    # when an administrator deletes it
    response = client.post(
        reverse("wagtailadmin_pages:delete", args=[page.pk]), follow=True
    )

    # then the page and the vote are kept, with the reason and the way out
    assert response.status_code == 200
    assert Page.objects.filter(pk=page.pk).exists()
    assert HelpfulVote.objects.filter(page=page).count() == 1
    html = response.content.decode()
    assert "kan inte raderas" in html and "Avpublicera" in html
    assert response.redirect_chain[-1][0] == reverse(
        "wagtailadmin_pages:unpublish", args=[page.pk]
    )


def test_a_page_nobody_commented_on_can_still_be_deleted(client, handbook, units):
    page = handbook["komplettering"]
    admin = UserFactory(
        username="admin", unit=units["RÄTT-HS"], roles=[Role.ADMINISTRATOR]
    )
    client.force_login(admin)
    client.post(reverse("wagtailadmin_pages:delete", args=[page.pk]))
    assert not Page.objects.filter(pk=page.pk).exists()
