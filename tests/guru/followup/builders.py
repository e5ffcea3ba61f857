"""Small builders for follow-up tests: an organisation, a key figure, values,
an action decided in a follow-up."""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError

from guru.accounts.models import Department, Unit
from guru.accounts.roles import Role
from guru.followup.models import (
    Headcount,
    KeyFigure,
    Perspective,
    Target,
    Value,
)
from guru.followup.services import (
    action_create,
    analysis_save,
    follow_up_open,
    period_get,
)
from tests.factories import DepartmentFactory, UnitFactory, UserFactory


def organisation(sizes: dict[str, tuple[int, int]]) -> dict:
    """One department with one unit per entry: code -> (women, men)."""
    departments = {}
    for code in sizes:
        department = DepartmentFactory(code=code, name=f"Avdelning {code}")
        UnitFactory(code=f"{code}-1", name=f"Enhet {code}", department=department)
        departments[code] = department
    return departments


def headcounts(period, sizes: dict[str, tuple[int, int]]) -> None:
    for code, (women, men) in sizes.items():
        Headcount.objects.update_or_create(
            unit=Unit.objects.get(code=f"{code}-1"),
            period=period,
            defaults={"women": women, "men": men},
        )


def key_figure(code="M2", **fields) -> KeyFigure:
    defaults = {
        "name": "Sjukfrånvaro",
        "perspective": Perspective.objects.get(key="medarbetare"),
        "definition": "Sjukfrånvaro som andel av arbetstiden.",
        "aggregation": "ratio",
        "scale": Decimal(100),
        "decimals": 1,
        "direction": "lower",
        "individual_based": True,
        "privacy_class": "health",
        "reporting_level": "unit",
    }
    defaults.update(fields)
    figure = KeyFigure.objects.create(code=code, **defaults)
    Target.objects.create(key_figure=figure, year=2026, value=Decimal("3.5"))
    return figure


def ratio_values(figure, period, rates: dict[str, dict[str, tuple]], user) -> None:
    """rates: unit-owning department code -> gender -> (numerator, denominator)."""
    for code, by_gender in rates.items():
        unit = Unit.objects.get(code=f"{code}-1")
        for gender, (numerator, denominator) in by_gender.items():
            Value.objects.create(
                key_figure=figure,
                period=period,
                department=unit.department,
                unit=unit,
                gender=gender,
                numerator=Decimal(numerator),
                denominator=Decimal(denominator),
                value=Decimal(numerator) / Decimal(denominator) * 100,
                entered_by=user,
            )


def controller(unit_code: str = "A-1"):
    """A controller placed in an existing unit (no stray department is created)."""
    return UserFactory(
        username="controller-test",
        unit=Unit.objects.get(code=unit_code),
        roles=[Role.CONTROLLER],
    )


def head_analysis(follow_up, people, text, *, key="medarbetare", done=False):
    """The head of FÖR saves the department's analysis of one perspective."""
    return analysis_save(
        follow_up=follow_up,
        department=Department.objects.get(code="FÖR"),
        perspective=Perspective.objects.get(key=key),
        text=text,
        done=done,
        user=people["avdelningschef"],
    )


def action_form(people, due_on: str) -> dict:
    """A new action as the follow-up page's form posts it, due on ``due_on``."""
    return {
        "perspective": Perspective.objects.get(key="processer").pk,
        "title": "Förenkla blanketten för komplettering",
        "owner": people["avdelningschef"].pk,
        "due_on": due_on,
    }


def tertial(year=2026, number=2):
    return period_get(year=year, tertial=number)


__all__ = ["KeyFigure", "Unit", "ValidationError"]


def decided_action(people: dict, title="Förenkla blanketten för komplettering"):
    """An action the management group (``people["gd"]``) decided in the follow-up
    of 2026 T3, owned by ``people["avdelningschef"]``: its assignment mirrors it."""
    follow_up = follow_up_open(year=2026, tertial=3, user=people["controller"])
    return action_create(
        follow_up=follow_up,
        perspective=Perspective.objects.get(key="processer"),
        title=title,
        owner=people["avdelningschef"],
        due_on=datetime.date(2099, 3, 1),
        user=people["gd"],
    )
