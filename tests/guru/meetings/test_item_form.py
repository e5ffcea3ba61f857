"""The agenda item's form: föredragande are chosen with checkboxes."""

import re

from django.urls import reverse


def _presenter_boxes(page: str) -> dict[str, bool]:
    """Each presenter checkbox's value, and whether it is checked."""
    boxes = re.findall(r'<input type="checkbox" name="presenters"[^>]*>', page)
    return {
        re.search(r'value="(\d+)"', box).group(1): " checked" in box for box in boxes
    }


def test_presenters_are_checkboxes_under_their_legend(client, gd, head, meeting):
    client.force_login(gd)

    page = client.get(reverse("meetings:item_create", args=[meeting.pk])).text

    assert '<select name="presenters"' not in page
    assert "<legend>Föredragande</legend>" in page
    boxes = _presenter_boxes(page)
    assert {str(gd.pk), str(head.pk)} <= set(boxes)
    assert not any(boxes.values())


def test_chosen_presenters_stay_chosen_when_the_form_is_refused(
    client, gd, head, secretary, meeting
):
    # given the group's member fills in the item but forgets its title
    client.force_login(gd)

    # when it is sent with two presenters chosen
    response = client.post(
        reverse("meetings:item_create", args=[meeting.pk]),
        {"title": "", "kind": "information", "presenters": [head.pk, secretary.pk]},
    )

    # then it is refused, and exactly those two are still checked
    assert response.status_code == 422
    assert "Fyll i fältet." in response.text
    boxes = _presenter_boxes(response.text)
    assert {pk for pk, checked in boxes.items() if checked} == {
        str(head.pk),
        str(secretary.pk),
    }
    assert not meeting.items.exists()


def test_an_items_presenters_are_checked_when_it_is_edited(client, gd, item, head):
    client.force_login(gd)

    page = client.get(
        reverse("meetings:item_edit", args=[item.meeting_id, item.pk])
    ).text

    boxes = _presenter_boxes(page)
    assert {pk for pk, checked in boxes.items() if checked} == {str(head.pk)}
