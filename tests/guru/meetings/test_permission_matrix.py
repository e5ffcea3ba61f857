"""Who sees the group's pages, who edits locked minutes, who publishes news."""

import datetime

import pytest
from django.urls import reverse

from guru.meetings import permissions, services
from guru.meetings.models import Meeting, NewsArticle


@pytest.fixture
def people(gd, head, secretary, administrator, staff):
    return {
        "ledningsgrupp": gd,
        "avdelningschef_i_lg": head,
        "vid_pennan": secretary,
        "administrator": administrator,
        "medarbetare": staff,
    }


def _assignment(title, owner, due=datetime.date(2026, 5, 1), **fields):
    """An assignment ordered by GD with one deliverable, due on a date or at a meeting."""
    deliverable = (
        {"due_meeting": due} if isinstance(due, Meeting) else {"due_date": due}
    )
    return services.assignment_create(
        title=title,
        owner=owner,
        ordered_by=fields.pop("ordered_by", "GD"),
        deliverables=[{"description": title, **deliverable}],
        **fields,
    )


def _status(client, user, url, method="get", data=None):
    client.force_login(user)
    response = getattr(client, method)(url, data or {})
    client.logout()
    return response.status_code


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("ledningsgrupp", 200),
        ("avdelningschef_i_lg", 200),
        ("vid_pennan", 200),  # the note-taker sees the meeting they write for
        ("administrator", 200),
        ("medarbetare", 403),
    ],
)
def test_who_sees_a_meeting(client, people, meeting, who, expected):
    assert _status(client, people[who], meeting.get_absolute_url()) == expected


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("ledningsgrupp", 200),
        ("administrator", 200),
        ("vid_pennan", 403),
        ("medarbetare", 403),
    ],
)
def test_who_sees_all_assignments_and_plans(client, people, who, expected):
    for name in ("meetings:assignments", "meetings:plans", "meetings:overdue"):
        assert _status(client, people[who], reverse(name)) == expected, name


@pytest.mark.parametrize(
    ("who", "expected"),
    [
        ("ledningsgrupp", 200),
        ("administrator", 200),
        ("vid_pennan", 403),  # writes the minutes, but calls no meetings
        ("medarbetare", 403),
    ],
)
def test_who_creates_meetings_assignments_and_plans(client, people, who, expected):
    for name in (
        "meetings:meeting_create",
        "meetings:assignment_create",
        "meetings:plan_create",
    ):
        assert _status(client, people[who], reverse(name)) == expected, name


@pytest.mark.parametrize("who", ["vid_pennan", "medarbetare"])
def test_only_the_group_changes_or_deletes_someone_elses_assignment(
    client, people, head, who
):
    assignment = _assignment("Gruppens", head)
    user = people[who]

    assert (
        _status(client, user, reverse("meetings:assignment_edit", args=[assignment.pk]))
        == 403
    )
    assert (
        _status(
            client,
            user,
            reverse("meetings:assignment_delete", args=[assignment.pk]),
            "post",
        )
        == 403
    )
    assignment.refresh_from_db()
    assert assignment.deleted_at is None


@pytest.mark.parametrize("who", ["ledningsgrupp", "vid_pennan", "administrator"])
def test_justering_turns_editing_into_corrections_and_opens_the_news(
    people, meeting, gd, who
):
    user = people[who]
    # before justering: the minutes are written, not corrected, and no news yet
    assert permissions.can_edit_meeting(user, meeting)
    assert not permissions.can_correct_minutes(user, meeting)
    assert not permissions.can_compose_news(user, meeting)

    services.minutes_lock(meeting=meeting, user=gd)
    meeting.refresh_from_db()

    assert not permissions.can_edit_meeting(user, meeting)
    assert permissions.can_correct_minutes(user, meeting)
    assert permissions.can_compose_news(user, meeting)


@pytest.mark.parametrize("who", ["ledningsgrupp", "vid_pennan", "administrator"])
def test_who_writes_minutes_before_justering(client, people, item, who):
    url = reverse("meetings:item_minutes", args=[item.pk])
    status = _status(client, people[who], url, "post", {"minutes": f"Av {who}"})
    item.refresh_from_db()
    assert (status, item.minutes) == (302, f"Av {who}")


def test_staff_cannot_write_minutes(client, people, item):
    url = reverse("meetings:item_minutes", args=[item.pk])
    assert _status(client, people["medarbetare"], url, "post", {"minutes": "x"}) == 403


@pytest.mark.parametrize(
    "who",
    [
        "ledningsgrupp",
        "avdelningschef_i_lg",
        "vid_pennan",
        "administrator",
        "medarbetare",
    ],
)
def test_nobody_edits_locked_minutes_directly(client, people, meeting, gd, item, who):
    # given locked minutes
    services.minutes_record(item=item, minutes="Justerad text.")
    services.minutes_lock(meeting=meeting, user=gd)

    # when anyone posts new minutes or a decision
    url = reverse("meetings:item_minutes", args=[item.pk])
    _status(client, people[who], url, "post", {"minutes": "Ändrad"})
    _status(client, people[who], url, "post", {"decision": "", "text": "Nytt"})

    # then nothing changed
    item.refresh_from_db()
    assert item.minutes == "Justerad text."
    assert not item.decisions.exists()


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("ledningsgrupp", True),
        ("vid_pennan", True),
        ("administrator", True),
        ("medarbetare", False),
    ],
)
def test_who_records_a_correction_of_locked_minutes(
    client, people, meeting, gd, item, who, allowed
):
    services.minutes_lock(meeting=meeting, user=gd)
    url = reverse("meetings:correction", args=[item.pk])
    status = _status(
        client, people[who], url, "post", {"text": "Rättat", "reason": "Fel"}
    )
    item.refresh_from_db()
    assert (item.minutes == "Rättat") is allowed
    assert item.corrections.exists() is allowed
    assert status == (302 if allowed else 403)


@pytest.mark.parametrize(
    ("who", "allowed"),
    [("ledningsgrupp", True), ("avdelningschef_i_lg", False), ("vid_pennan", False)],
)
def test_only_the_named_adjuster_locks(client, people, meeting, who, allowed):
    _status(client, people[who], reverse("meetings:lock", args=[meeting.pk]), "post")
    meeting.refresh_from_db()
    assert meeting.is_locked is allowed


@pytest.mark.parametrize(
    ("who", "allowed"),
    [
        ("ledningsgrupp", True),
        ("administrator", True),
        ("vid_pennan", False),  # composes and edits, but does not publish
        ("medarbetare", False),
    ],
)
def test_who_publishes_news(client, people, meeting, gd, secretary, who, allowed):
    services.minutes_lock(meeting=meeting, user=gd)
    article = services.news_compose(meeting=meeting, user=secretary)
    url = reverse("meetings:news_publish", args=[article.pk])
    _status(client, people[who], url, "post")
    article.refresh_from_db()
    assert article.is_published is allowed


def test_drafts_are_hidden_from_staff_and_published_news_is_not(
    client, people, meeting, gd, secretary
):
    services.minutes_lock(meeting=meeting, user=gd)
    article = services.news_compose(meeting=meeting, user=secretary)
    url = article.get_absolute_url()
    assert _status(client, people["medarbetare"], url) == 404
    assert _status(client, people["vid_pennan"], url) == 200
    services.news_publish(article=article, user=gd)
    assert _status(client, people["medarbetare"], url) == 200
    assert NewsArticle.objects.published().count() == 1


def test_owners_see_and_report_on_their_own_assignment_only(
    client, people, staff, head
):
    own = _assignment("Eget", staff)
    other = _assignment("Annat", head)
    assert _status(client, staff, own.get_absolute_url()) == 200
    assert _status(client, staff, other.get_absolute_url()) == 403
    url = reverse("meetings:assignment_status", args=[own.pk])
    assert _status(client, staff, url, "post", {"status": "pagar"}) == 302
    own.refresh_from_db()
    assert own.status == "pagar"


def test_the_note_taker_reads_the_assignments_their_meeting_lists(
    client, people, meeting, later_meeting, staff, head
):
    given = _assignment(
        "Given på mötet",
        head,
        datetime.date(2026, 9, 1),
        ordered_by="LG",
        agenda_item=services.agenda_item_create(
            meeting=meeting, title="Punkt", kind="beslut"
        ),
    )
    reported = _assignment("Redovisas på mötet", head, later_meeting)
    # comes up at the first meeting after its date
    dated = _assignment("Redovisas till ett datum", head, datetime.date(2026, 4, 1))
    elsewhere = _assignment(
        "Inget med mötena att göra", head, datetime.date(2026, 9, 1)
    )
    secretary = people["vid_pennan"]
    assert _status(client, secretary, given.get_absolute_url()) == 200
    assert _status(client, secretary, reported.get_absolute_url()) == 200
    assert _status(client, secretary, dated.get_absolute_url()) == 200
    assert _status(client, secretary, elsewhere.get_absolute_url()) == 403
    # someone outside the meetings still sees none of them
    assert _status(client, staff, given.get_absolute_url()) == 403
    assert _status(client, staff, reported.get_absolute_url()) == 403
    assert _status(client, staff, dated.get_absolute_url()) == 403


def test_an_owner_outside_the_group_sees_the_origin_without_a_dead_link(
    client, gd, staff, item
):
    assignment = _assignment(
        "Från mötet",
        staff,
        datetime.date(2026, 9, 1),
        ordered_by="LG",
        agenda_item=item,
    )
    link = f'href="{item.get_absolute_url()}"'

    client.force_login(staff)
    page = client.get(assignment.get_absolute_url()).content.decode()
    assert assignment.source_text in page and link not in page
    assert client.get(item.get_absolute_url()).status_code == 403

    client.force_login(gd)
    assert link in client.get(assignment.get_absolute_url()).content.decode()


def test_a_deactivated_note_taker_or_owner_keeps_no_access(meeting, secretary, staff):
    assignment = _assignment("Eget", staff)
    secretary.is_active = staff.is_active = False

    # their access comes from being named, not from a permission Django checks
    assert not permissions.can_view_meeting(secretary, meeting)
    assert not permissions.can_edit_meeting(secretary, meeting)
    assert not permissions.can_view_assignment(staff, assignment)
    assert not permissions.can_update_assignment_status(staff, assignment)


@pytest.mark.parametrize(
    ("who", "before", "after"),
    [
        ("ledningsgrupp", 200, 200),
        ("administrator", 200, 200),
        ("vid_pennan", 200, 403),  # edits the draft; after publishing, the group
        ("medarbetare", 403, 403),
    ],
)
def test_who_edits_news_before_and_after_publishing(
    client, people, meeting, gd, secretary, who, before, after
):
    services.minutes_lock(meeting=meeting, user=gd)
    article = services.news_compose(meeting=meeting, user=secretary)
    url = reverse("meetings:news_edit", args=[article.pk])
    assert _status(client, people[who], url) == before

    services.news_publish(article=article, user=gd)

    assert _status(client, people[who], url) == after
    posted = {"title": "Ändrad", "lead": "Ingress", "body": "", "pen": ""}
    _status(client, people[who], url, "post", posted)
    article.refresh_from_db()
    assert (article.title == "Ändrad") is (after == 200)
