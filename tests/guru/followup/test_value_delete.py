"""Deleting a stored value: confirmed, soft, audited, for those who may edit values."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from guru.accounts.models import Department, Unit
from guru.accounts.roles import Role
from guru.followup import services
from guru.followup.models import FollowUp, FollowUpStatus, Value, ValueChange
from guru.followup.selectors import report_build
from tests.factories import UserFactory
from tests.guru.followup import builders

pytestmark = pytest.mark.django_db

SIZES = {"A": (20, 20), "B": (25, 25)}


@pytest.fixture
def setup(db):
    builders.organisation(SIZES)
    controller = builders.controller()
    period = builders.tertial()
    builders.headcounts(period, SIZES)
    figure = builders.key_figure(
        code="V1",
        name="Andel beslut i tid",
        individual_based=False,
        privacy_class="open",
        direction="higher",
    )
    builders.ratio_values(
        figure, period, {"A": {"T": (30, 40)}, "B": {"T": (45, 50)}}, controller
    )
    value = Value.objects.get(key_figure=figure, unit__code="A-1")
    return figure, period, controller, value


def _cells(figure, period) -> dict[str, str]:
    report = report_build(period=period, key_figures=[figure])
    row = next(row for block in report.blocks for row in block.rows)
    cells = {d.code: c.text for d, c in zip(report.departments, row.cells, strict=True)}
    cells["total"] = row.total.text
    return cells


def test_controller_confirms_and_the_report_then_shows_the_value_as_missing(
    setup, client
):
    # given a stored value that the report shows
    figure, period, controller, value = setup
    assert _cells(figure, period)["A"] == "75,0"
    client.force_login(controller)
    url = reverse("followup:value_delete", args=[value.pk])
    # when the controller opens the confirmation page
    page = client.get(url)
    # then nothing is deleted yet and the page asks
    assert page.status_code == 200
    assert "Ja, ta bort värdet" in page.content.decode()
    assert Value.objects.get(pk=value.pk).deleted_at is None
    # when they confirm
    response = client.post(url)
    # then they are back on the key figure's page and the value is soft-deleted
    assert response.status_code == 302
    assert response.url == reverse("followup:key_figure", args=["V1"]) + (
        "?tertial=2026-T2"
    )
    assert Value.objects.get(pk=value.pk).deleted_at is not None
    # and the report shows the department and the agency total as missing
    cells = _cells(figure, period)
    assert cells["A"] == "–"
    assert cells["total"] == "–"
    assert cells["B"] == "90,0"


def test_deleting_leaves_an_audit_row_with_what_the_value_was(setup, client):
    # given a stored value
    _figure, _period, controller, value = setup
    client.force_login(controller)
    # when the controller deletes it
    client.post(reverse("followup:value_delete", args=[value.pk]))
    # then the audit trail says who deleted what, and when
    change = ValueChange.objects.get(value=value, action="delete")
    assert change.changed_by == controller
    assert Decimal(change.before["numerator"]) == 30
    assert Decimal(change.before["denominator"]) == 40
    assert change.before["deleted"] is False
    assert change.after is None
    assert change.changed_at >= Value.objects.get(pk=value.pk).entered_at
    # and the value's row is still in the database
    assert Value.objects.filter(pk=value.pk).exists()


def test_the_key_figure_page_offers_delete_only_to_those_who_may_edit_values(
    setup, client
):
    # given a controller and an employee
    _figure, _period, controller, value = setup
    employee = UserFactory(
        username="handlaggare-test",
        unit=Unit.objects.get(code="B-1"),
        roles=[Role.HANDLAGGARE],
    )
    page = reverse("followup:key_figure", args=["V1"]) + "?tertial=2026-T2"
    link = reverse("followup:value_delete", args=[value.pk])
    # when each opens the key figure's page
    client.force_login(controller)
    as_controller = client.get(page).content.decode()
    client.force_login(employee)
    as_employee = client.get(page).content.decode()
    # then only the controller sees the delete link
    assert link in as_controller
    assert link not in as_employee


@pytest.mark.parametrize("role", [Role.HANDLAGGARE, Role.AVDELNINGSCHEF])
def test_employees_and_department_heads_cannot_delete_a_value(setup, client, role):
    # given someone who may not edit values, even the head of the value's department
    _figure, _period, _controller, value = setup
    user = UserFactory(
        username="utan-behorighet", unit=Unit.objects.get(code="A-1"), roles=[role]
    )
    Department.objects.filter(code="A").update(head=user)
    client.force_login(user)
    url = reverse("followup:value_delete", args=[value.pk])
    # when they open the page or post to it
    shown = client.get(url)
    posted = client.post(url)
    # then they are refused and nothing changes
    assert shown.status_code == 403
    assert posted.status_code == 403
    assert Value.objects.get(pk=value.pk).deleted_at is None
    assert not ValueChange.objects.filter(action="delete").exists()
    # and the service refuses them too
    with pytest.raises(PermissionDenied):
        services.value_delete(value=value, user=user)


def test_a_value_in_a_locked_tertial_is_not_deleted(setup, client):
    # given a tertial whose follow-up is locked
    _figure, period, controller, value = setup
    FollowUp.objects.create(
        period=period, status=FollowUpStatus.LOCKED, opened_by=controller
    )
    client.force_login(controller)
    # when the controller tries to delete a value in it
    response = client.post(reverse("followup:value_delete", args=[value.pk]))
    # then they are told why and the value stays, without an audit row
    assert response.status_code == 422
    assert "är låst" in response.content.decode()
    assert Value.objects.get(pk=value.pk).deleted_at is None
    assert not ValueChange.objects.filter(action="delete").exists()
    # and the key figure's page does not offer to delete
    page = client.get(reverse("followup:key_figure", args=["V1"]) + "?tertial=2026-T2")
    assert (
        reverse("followup:value_delete", args=[value.pk]) not in page.content.decode()
    )


def test_the_delete_page_of_a_locked_tertial_says_so_and_offers_no_delete(
    setup, client
):
    # given a value in a tertial whose follow-up is published
    _figure, period, controller, value = setup
    FollowUp.objects.create(
        period=period, status=FollowUpStatus.PUBLISHED, opened_by=controller
    )
    client.force_login(controller)
    # when the controller opens the value's delete page
    page = client.get(reverse("followup:value_delete", args=[value.pk]))
    # then it says the tertial is locked and has no button to delete
    html = page.content.decode()
    assert "Tertialet 2026 T2 är låst. Värdet kan inte tas bort." in html
    assert "Ja, ta bort värdet" not in html
    assert "Vill du ta bort" not in html


def test_a_deleted_value_cannot_be_deleted_again(setup, client):
    # given a value that has been deleted
    _figure, _period, controller, value = setup
    services.value_delete(value=value, user=controller)
    client.force_login(controller)
    # when its delete page is opened again
    response = client.get(reverse("followup:value_delete", args=[value.pk]))
    # then it is not found, and the service also refuses a second delete
    assert response.status_code == 404
    with pytest.raises(services.ValidationError):
        services.value_delete(value=value, user=controller)
    assert ValueChange.objects.filter(value=value, action="delete").count() == 1
