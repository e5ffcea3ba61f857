"""A follow-up being published, raced by a save of the same tertial from a
second real database connection: the save waits on the follow-up's row, which
the publishing holds, and then finds it published and is refused. Nothing
lands in the published tertial, and a second publishing does not run again.

On PostgreSQL only: without row locks (SQLite) there is nothing to race."""

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError

from guru.accounts.models import Department
from guru.followup import imports, services
from guru.followup.models import (
    Action,
    Analysis,
    Annotation,
    FollowUp,
    FollowUpStatus,
    ImportStatus,
    Period,
    Perspective,
    Value,
    ValueChange,
)
from tests.concurrency import on_postgresql, racing_a_held_transaction
from tests.guru.followup import builders

pytestmark = [on_postgresql, pytest.mark.django_db(transaction=True)]


def _published_while(follow_up, save):
    """``save`` from another connection while the follow-up's publishing holds
    its transaction open."""

    def publish():
        services.follow_up_publish(
            follow_up=FollowUp.objects.get(pk=follow_up.pk),
            user=follow_up.opened_by,
            incomplete_confirmed=True,
        )

    return racing_a_held_transaction(publish, save)


def _refused_after_waiting(race, message: str) -> None:
    """The save waited on the publishing, then was refused with ``message``."""
    assert race.waited, f"the save did not wait on the publishing: {race}"
    assert isinstance(race.error, ValidationError), race
    assert any(message in told for told in race.error.messages), race.error


def _an_import(controller, tertial: int = 3):
    """A previewed import of one value of 2026 T3, the follow-up's tertial (or
    of another ``tertial``)."""
    row = f"M2;2026 T{tertial};{controller.unit.code};T;;4,5;120;preliminär;;"
    content = (";".join(imports.COLUMNS) + "\n" + row + "\n").encode()
    return imports.values_import_preview(
        filename=f"t{tertial}.csv", content=content, user=controller
    ).batch


def _value(follow_up, controller, figure) -> Value:
    return services.value_set(
        key_figure=figure,
        period=follow_up.period,
        user=controller,
        unit=controller.unit,
        numerator=Decimal("4.5"),
        denominator=Decimal(120),
    )


def _changed_by_hand(figure, period, controller):
    """The controller's value of ``figure`` in ``period`` set to 6 / 120 by hand."""
    return lambda: services.value_set(
        key_figure=figure,
        period=period,
        user=controller,
        unit=controller.unit,
        numerator=Decimal(6),
        denominator=Decimal(120),
    )


def test_a_value_set_as_the_follow_up_is_published_waits_and_is_refused(opened):
    # given a controller entering a value of 2026 T3, whose follow-up is open
    follow_up, people = opened
    controller = people["controller"]
    figure = builders.key_figure()

    # when the value is saved while the follow-up is being published
    race = _published_while(
        follow_up,
        lambda: _value(follow_up, controller, figure),
    )

    # then it waits for the publishing, finds the tertial locked and stores nothing
    _refused_after_waiting(race, "Tertialet 2026 T3 är låst.")
    assert not Value.objects.exists()


def test_a_value_deleted_as_the_follow_up_is_published_waits_and_stays(opened):
    # given a value of 2026 T3, whose follow-up is open
    follow_up, people = opened
    controller = people["controller"]
    value = _value(follow_up, controller, builders.key_figure())

    # when it is deleted while the follow-up is being published
    race = _published_while(
        follow_up, lambda: services.value_delete(value=value, user=controller)
    )

    # then the deletion waits, is refused and the published value stays
    _refused_after_waiting(race, "Tertialet 2026 T3 är låst.")
    value.refresh_from_db()
    assert value.deleted_at is None


def test_a_note_added_as_the_follow_up_is_published_waits_and_is_refused(opened):
    # given a head writing a note on 2026 T3, whose follow-up is open
    follow_up, people = opened
    head = people["avdelningschef"]
    figure = builders.key_figure()

    # when the note is saved while the follow-up is being published
    race = _published_while(
        follow_up,
        lambda: services.annotation_add(
            key_figure=figure,
            period=follow_up.period,
            department=head.department,
            text="Ny chef",
            user=head,
        ),
    )

    # then it waits, is refused and no note is added to the published tertial
    _refused_after_waiting(race, "Tertialet 2026 T3 är publicerat och låst.")
    assert not Annotation.objects.exists()


def test_analyses_saved_as_the_follow_up_is_published_wait_and_are_refused(opened):
    # given the head of FÖR writing the department's analysis in the open follow-up
    follow_up, people = opened
    ekonomi = Perspective.objects.get(key="ekonomi")

    # when it is saved while the follow-up is being published
    race = _published_while(
        follow_up,
        lambda: services.analyses_save(
            follow_up=follow_up,
            department=Department.objects.get(code="FÖR"),
            entries=[(ekonomi, "Prognosen håller.", True)],
            user=people["avdelningschef"],
        ),
    )

    # then it waits, finds the follow-up closed and stores nothing
    _refused_after_waiting(race, "Uppföljningen är låst.")
    assert isinstance(race.error, services.FollowUpClosed)
    assert not Analysis.objects.exists()


def test_conclusions_saved_as_the_follow_up_is_published_wait_and_are_refused(
    opened,
):
    # given the management group writing a conclusion in the open follow-up
    follow_up, people = opened
    ekonomi = Perspective.objects.get(key="ekonomi")

    # when it is saved while the follow-up is being published
    race = _published_while(
        follow_up,
        lambda: services.conclusions_save(
            follow_up=follow_up,
            entries=[(ekonomi, "Prognosen håller.")],
            user=people["gd"],
        ),
    )

    # then it waits, finds the follow-up closed and stores nothing
    _refused_after_waiting(race, "Uppföljningen är låst.")
    assert isinstance(race.error, services.FollowUpClosed)
    assert not follow_up.conclusions.exists()


def test_an_action_recorded_as_the_follow_up_is_published_waits_and_is_refused(
    opened,
):
    # given the management group recording an action in the open follow-up
    follow_up, people = opened

    # when it is recorded while the follow-up is being published
    race = _published_while(
        follow_up,
        lambda: services.action_create(
            follow_up=follow_up,
            perspective=Perspective.objects.get(key="processer"),
            title="Förenkla blanketten för komplettering",
            owner=people["avdelningschef"],
            due_on=datetime.date(2099, 3, 1),
            user=people["gd"],
        ),
    )

    # then it waits, finds the follow-up closed and records nothing
    _refused_after_waiting(race, "Uppföljningen är låst.")
    assert isinstance(race.error, services.FollowUpClosed)
    assert not Action.objects.exists()


def test_an_import_committed_as_the_follow_up_is_published_waits_and_is_refused(
    opened,
):
    # given an import of 2026 T3 previewed while its follow-up was open
    follow_up, people = opened
    controller = people["controller"]
    builders.key_figure()
    batch = _an_import(controller)

    # when it is committed while the follow-up is being published
    race = _published_while(
        follow_up, lambda: imports.values_import_commit(batch=batch, user=controller)
    )

    # then it waits, is refused and stores nothing
    _refused_after_waiting(
        race, "Ett tertial i filen har låsts sedan förhandsgranskningen."
    )
    assert not Value.objects.exists()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PREVIEW


def test_an_import_undone_as_the_follow_up_is_published_waits_and_is_refused(
    opened,
):
    # given an import of 2026 T3 committed while its follow-up was open
    follow_up, people = opened
    controller = people["controller"]
    builders.key_figure()
    batch = imports.values_import_commit(batch=_an_import(controller), user=controller)

    # when it is undone while the follow-up is being published
    race = _published_while(
        follow_up, lambda: imports.values_import_undo(batch=batch, user=controller)
    )

    # then it waits, is refused and the published value stays
    _refused_after_waiting(race, "Tertialet är låst.")
    assert Value.objects.get().deleted_at is None
    batch.refresh_from_db()
    assert batch.status == ImportStatus.COMMITTED


def test_a_second_publishing_waits_for_the_first_and_is_refused(opened):
    # given the controller publishing the open follow-up
    follow_up, _people = opened

    # when a second publishing (another tab) starts while the first is under way
    race = _published_while(
        follow_up,
        lambda: services.follow_up_publish(
            follow_up=follow_up, user=follow_up.opened_by, incomplete_confirmed=True
        ),
    )

    # then it waits for the first, finds it published and publishes nothing again
    _refused_after_waiting(race, "Uppföljningen är redan publicerad.")
    assert FollowUp.objects.get().status == FollowUpStatus.PUBLISHED


def test_an_import_undone_as_its_value_is_changed_waits_and_is_refused(organisation):
    # given an import committed in 2026 T2, a tertial without a follow-up yet
    controller = organisation["controller"]
    figure = builders.key_figure()
    batch = imports.values_import_commit(
        batch=_an_import(controller, tertial=2), user=controller
    )
    imported = Value.objects.get()

    # when it is undone while its value is being changed by hand
    race = racing_a_held_transaction(
        _changed_by_hand(figure, imported.period, controller),
        lambda: imports.values_import_undo(batch=batch, user=controller),
    )

    # then the undo waits for the change, finds it and leaves the value as changed
    assert race.waited, race
    assert isinstance(race.error, ValidationError), race
    assert "Värden från importen har ändrats efteråt." in race.error.messages[0]
    imported.refresh_from_db()
    assert (imported.numerator, imported.deleted_at) == (Decimal(6), None)


def test_an_import_committed_as_its_value_is_changed_waits_and_records_the_change(
    organisation,
):
    # given a value of 2026 T2 (a tertial without a follow-up yet) entered by hand,
    # and an import of another figure for it previewed
    controller = organisation["controller"]
    figure = builders.key_figure()
    entered = services.value_set(
        key_figure=figure,
        period=Period.objects.get_or_create(year=2026, tertial=2)[0],
        user=controller,
        unit=controller.unit,
        numerator=Decimal(5),
        denominator=Decimal(120),
    )
    batch = _an_import(controller, tertial=2)

    # when it is committed while the value is being changed by hand
    race = racing_a_held_transaction(
        _changed_by_hand(figure, entered.period, controller),
        lambda: imports.values_import_commit(batch=batch, user=controller),
    )

    # then the import waits for the change and its history says what it replaced
    assert race.waited, race
    assert race.error is None, race
    change = ValueChange.objects.get(action="import")
    assert Decimal(change.before["numerator"]) == 6
    assert Decimal(change.after["numerator"]) == Decimal("4.5")
