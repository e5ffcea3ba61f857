"""Fixtures for the follow-up: the demo organisation, people and demo figures."""

import datetime

import pytest
import yaml

from guru.accounts.models import Department
from guru.accounts.services import organisation_sync, roles_sync, user_sync
from guru.demo.services import ORGANISATION_FILE
from guru.followup import consultation, services
from guru.followup.models import Perspective

PASSWORD = "losenord-for-test"

# A proposal for a new key figure with everything the consultation form demands.
SUBSTANTIVE = {
    "kind": "new",
    "key_figure": None,
    "name": "Andel ärenden avgjorda utan komplettering",
    "definition": "Avgjorda ärenden där vi inte har begärt in någon komplettering från sökanden under tertialet.",
    "calculation": "Ärenden utan kompletteringsbegäran delat med alla avgjorda ärenden gånger hundra.",
    "data_source": "Ärendesystemet",
    "frequency": "Varje månad",
    "motivation": "Kompletteringar förlänger handläggningen mest. Talet visar om ändringarna i e-tjänsten minskar dem och styr vilka blanketter vi förenklar först.",
}


@pytest.fixture
def organisation(db):
    """The demo organisation and its log-ins (one per role), without the handbook."""
    data = yaml.safe_load(ORGANISATION_FILE.read_text(encoding="utf-8"))
    roles_sync()
    organisation_sync(departments=data["departments"])
    users = {}
    for person in data["users"]:
        users[person["username"]] = user_sync(
            username=person["username"],
            first_name=person["first_name"],
            last_name=person["last_name"],
            unit_code=person["unit"],
            roles=person["roles"],
            email=f"{person['username']}@guru.example.se",
            password=PASSWORD,
        )
        if person.get("heads"):
            Department.objects.filter(code=person["heads"]).update(
                head=users[person["username"]]
            )
    return users


@pytest.fixture
def opened(organisation):
    """An open follow-up of 2026 T3, opened by the demo's controller."""
    follow_up = services.follow_up_open(
        year=2026, tertial=3, user=organisation["controller"]
    )
    return follow_up, organisation


@pytest.fixture
def demo(organisation):
    """The follow-up's demo content on top of the organisation."""
    from guru.followup.demo import followup_demo_load

    followup_demo_load()
    return organisation


def proposal_data(**changes) -> dict:
    """A substantive proposal's data, as the form cleans it, with ``changes``."""
    return {
        **SUBSTANTIVE,
        "perspective": Perspective.objects.get(key="processer"),
        **changes,
    }


@pytest.fixture
def round_(organisation):
    """An open remissrunda, run by the demo's controller, with two weeks left."""
    return consultation.round_open(
        title="Remissrunda 2027",
        closes_on=datetime.date.today() + datetime.timedelta(days=14),  # noqa: DTZ011
        user=organisation["controller"],
    )


def proposal_post(**changes) -> dict:
    """A substantive proposal as the browser posts the form, with ``changes``."""
    return {
        **SUBSTANTIVE,
        "key_figure": "",
        "perspective": Perspective.objects.get(key="processer").pk,
        **changes,
    }
