"""Every column of the follow-up's tables has a header a screen reader can read."""

from django.urls import reverse

from guru.followup.models import FollowUp
from tests.html import empty_column_headers


def test_follow_up_and_import_history_name_every_column(client, demo):
    client.force_login(demo["controller"])
    follow_up = FollowUp.objects.get(period__year=2026, period__tertial=2)
    for url in [
        reverse("followup:follow_up", args=[follow_up.pk]),
        reverse("followup:import_history"),
    ]:
        html = client.get(url).content.decode()
        assert "<th" in html
        assert empty_column_headers(html) == [], url
