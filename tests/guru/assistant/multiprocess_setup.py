"""Set-up steps the multi-process test runs in its own database (manage.py shell)."""

from pathlib import Path

FIXTURES = Path(__file__).resolve().parents[1] / "handbook" / "fixtures" / "good"
PASSWORD = "losenord-for-test"


def setup() -> None:
    from guru.accounts.roles import Role
    from guru.accounts.services import roles_sync
    from guru.handbook.services import handbook_import
    from tests.factories import DepartmentFactory, UnitFactory, UserFactory

    roles_sync()
    legal = DepartmentFactory(code="RÄTT", name="Rättsavdelningen")
    hs = UnitFactory(code="RÄTT-HS", name="Handläggarstöd", department=legal)
    UnitFactory(code="RÄTT-JUR", name="Juridiska enheten", department=legal)
    for name in ("redaktor", "redaktor2"):
        UserFactory(username=name, unit=hs, roles=[Role.HANDLAGGARE, Role.REDAKTOR])
    UserFactory(username="handlaggare", unit=hs, roles=[Role.HANDLAGGARE])
    handbook_import(directory=FIXTURES)


def publish_appeal_section() -> None:
    from guru.handbook.models import GuidancePage

    page = GuidancePage.objects.get(slug="beslutsmotivering")
    page.body.append(
        (
            "section",
            {
                "heading": "Överklagande",
                "anchor": "overklagande",
                "body": "<p>Beslutet kan överklagas till förvaltningsrätten "
                "inom tre veckor från den dag sökanden fick del av det.</p>",
            },
        )
    )
    page.save_revision().publish()


def unpublish_decision_page() -> None:
    from guru.handbook.models import GuidancePage

    GuidancePage.objects.get(slug="beslutsmotivering").unpublish()
