"""Someone already logged in who opens a page their role does not reach."""

from django.urls import reverse


def test_a_caseworker_who_opens_the_admin_is_told_no_access_not_sent_in_a_loop(
    client, caseworker
):
    client.force_login(caseworker)

    response = client.get("/admin/", follow=True)

    assert len(response.redirect_chain) < 3, response.redirect_chain
    assert response.status_code == 403
    assert "Du saknar behörighet" in response.content.decode()


def test_a_logged_in_user_sent_to_the_log_in_page_still_goes_on(client, caseworker):
    client.force_login(caseworker)
    response = client.get(reverse("accounts:login") + "?next=/uppfoljning/")
    assert response.status_code == 302 and response["Location"] == "/uppfoljning/"
