"""Who may do what in the follow-up, as a matrix over the demo's log-ins."""

import pytest
from django.urls import reverse

from guru.accounts.models import Department
from guru.followup import permissions
from guru.followup.models import FollowUp, FollowUpStatus, Value

PEOPLE = ["handlaggare", "controller", "avdelningschef", "gd"]


@pytest.fixture
def open_follow_up(demo):
    follow_up = FollowUp.objects.get(period__year=2026, period__tertial=2)
    follow_up.status = FollowUpStatus.OPEN
    follow_up.save()
    return follow_up


def _pages(follow_up):
    """(url, method, who gets in); everyone else gets 403."""
    return [
        (reverse("followup:index"), "get", set(PEOPLE)),
        (reverse("followup:report", args=[2026, 2]), "get", set(PEOPLE)),
        (reverse("followup:key_figure", args=["M1"]), "get", set(PEOPLE)),
        (reverse("followup:follow_up", args=[follow_up.pk]), "get", set(PEOPLE)),
        (reverse("followup:import"), "get", {"controller"}),
        (reverse("followup:import_history"), "get", {"controller"}),
        (reverse("followup:value_create"), "get", {"controller"}),
        (
            reverse(
                "followup:value_delete",
                args=[Value.objects.filter(period=follow_up.period).first().pk],
            ),
            "get",
            {"controller"},
        ),
        (
            reverse("followup:import_template", args=[2026, 2, "csv"]),
            "get",
            {"controller"},
        ),
        (
            reverse("followup:analysis_edit", args=[follow_up.pk, "FÖR"]),
            "get",
            {"avdelningschef"},
        ),
        (
            reverse("followup:analysis_edit", args=[follow_up.pk, "REG"]),
            "get",
            set(),
        ),
        (
            reverse("followup:conclusions_edit", args=[follow_up.pk]),
            "get",
            {"controller", "avdelningschef", "gd"},
        ),
        (reverse("followup:publish", args=[follow_up.pk]), "post", {"controller"}),
    ]


def test_every_page_lets_in_exactly_the_roles_it_should(open_follow_up, demo, client):
    failures = []
    for url, method, allowed in _pages(open_follow_up):
        for username in PEOPLE:
            client.force_login(demo[username])
            response = getattr(client, method)(url)
            let_in = response.status_code in (200, 302)
            if let_in != (username in allowed):
                failures.append((url, username, response.status_code))
            if method == "post" and let_in:
                open_follow_up.refresh_from_db()
    assert failures == []


def test_a_department_head_edits_only_their_own_departments_analysis(
    open_follow_up, demo
):
    head = demo["avdelningschef"]
    for department in Department.objects.all():
        allowed = permissions.can_edit_analysis(head, open_follow_up, department)
        assert allowed == (department.code == "FÖR"), department.code


def test_nobody_edits_an_analysis_once_the_follow_up_is_published(open_follow_up, demo):
    open_follow_up.status = FollowUpStatus.PUBLISHED
    head = demo["avdelningschef"]
    own = Department.objects.get(code="FÖR")
    assert not permissions.can_edit_analysis(head, open_follow_up, own)
    assert not permissions.can_record_conclusions(demo["gd"], open_follow_up)


@pytest.mark.parametrize(
    ("username", "sees_raw"),
    [
        ("controller", True),
        ("avdelningschef", False),
        ("gd", False),
        ("handlaggare", False),
    ],
)
def test_raw_hr_figures_only_for_controllers(demo, client, username, sees_raw):
    client.force_login(demo[username])
    html = client.get(
        reverse("followup:key_figure", args=["M2"]) + "?tertial=2026-T2"
    ).content.decode()
    assert ("HR-KOMP" in html) == sees_raw
    assert ("visas bara för controller" in html) != sees_raw


def test_annotations_are_for_controllers_and_the_departments_own_head(demo):
    own, other = Department.objects.get(code="FÖR"), Department.objects.get(code="REG")
    allowed = {
        username: (
            permissions.can_annotate(demo[username], own),
            permissions.can_annotate(demo[username], other),
            permissions.can_annotate(demo[username], None),  # the agency's value
        )
        for username in PEOPLE
    }

    assert allowed == {
        "handlaggare": (False, False, False),
        "controller": (True, True, True),
        "avdelningschef": (True, False, False),
        "gd": (False, False, False),
    }


def test_a_head_without_the_analysis_permission_writes_no_analysis(demo):
    head = demo["avdelningschef"]
    assert [d.code for d in permissions.editable_departments(head)] == ["FÖR"]

    head.groups.clear()
    head = type(head).objects.get(pk=head.pk)  # permissions are cached per object

    assert permissions.editable_departments(head) == []


def test_a_deactivated_account_manages_and_annotates_nothing(demo):
    controller, head = demo["controller"], demo["avdelningschef"]
    own = Department.objects.get(code="FÖR")
    controller.is_active = head.is_active = False

    assert not permissions.can_manage(controller)
    assert not permissions.can_view_raw_hr(controller)
    assert not permissions.can_annotate(controller, None)
    # heading a department is not a permission Django checks: Guru must
    assert not permissions.can_annotate(head, own)
