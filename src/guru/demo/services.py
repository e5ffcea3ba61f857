"""Loading Guru's demo content: organisation, one log-in per role, the handbook."""

from dataclasses import dataclass
from pathlib import Path

import yaml
from django.db import transaction

from guru.accounts.models import Department, User
from guru.accounts.services import organisation_sync, roles_sync, user_sync
from guru.assistant.demo import assistant_demo_load
from guru.changes.demo import demo_history_load
from guru.documents.demo import documents_demo_load
from guru.feedback.demo import feedback_demo_load
from guru.followup.demo import followup_demo_load
from guru.handbook.services import ImportReport, handbook_import
from guru.meetings.demo import meetings_demo_load

DEMO_DIR = Path(__file__).resolve().parent
ORGANISATION_FILE = DEMO_DIR / "organisation.yaml"
HANDBOOK_DIR = DEMO_DIR / "handbook"


@dataclass
class DemoReport:
    users: list[User]
    handbook: ImportReport


@transaction.atomic
def demo_load(*, password: str) -> DemoReport:
    """Load (or refresh) all demo content; running it twice changes nothing."""
    data = yaml.safe_load(ORGANISATION_FILE.read_text(encoding="utf-8"))
    roles_sync()
    organisation_sync(departments=data["departments"])
    users = []
    for person in data["users"]:
        user = user_sync(
            username=person["username"],
            first_name=person["first_name"],
            last_name=person["last_name"],
            unit_code=person["unit"],
            title=person.get("title", ""),
            roles=person["roles"],
            email=f"{person['username']}@guru.example.se",
            password=password,
        )
        if person.get("heads"):
            Department.objects.filter(code=person["heads"]).update(head=user)
        users.append(user)
    handbook = handbook_import(directory=HANDBOOK_DIR)
    demo_history_load()
    feedback_demo_load()
    followup_demo_load()
    documents_demo_load()
    users += meetings_demo_load(password=password)
    assistant_demo_load()
    return DemoReport(users=users, handbook=handbook)
