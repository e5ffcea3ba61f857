"""Demo content for ledningsgruppen: two meetings, minutes, decisions, assignments
in every status, a published news article and two plans.

Dates are relative to the day the demo is loaded: the first meeting was four weeks
ago (justerad, with news), the second is ten days ahead (its agenda already holds
the follow-up of the assignments due there). Runs once: a second load finds the
first meeting by its place and changes nothing.

Attachments are documents in the document space, under "Ledningsgruppen / Möten /
LG <day>" and "Ledningsgruppen / Planer", so only the group and its secretariat
(a group of its own, which the note-taker is in) see them.
"""

import datetime

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.db import transaction
from django.utils import timezone

from guru.accounts.services import user_sync
from guru.documents import samples
from guru.documents import services as documents
from guru.documents.demo import documents_demo_load
from guru.documents.models import AccessLevel, Document, Folder, FolderAccess
from guru.documents.selectors import folder_by_path
from guru.handbook.models import GuidancePage

from . import services
from .models import AssignmentStatus, Meeting, NewsArticle, Plan

DEMO_PLACE = "Sammanträdesrummet Mälaren, plan 5"

# Two people the management group needs besides the demo log-ins.
EXTRA_PEOPLE = [
    {
        "username": "kommunikationschef",
        "first_name": "Klara",
        "last_name": "Sjö",
        "unit_code": "VST-KOM",
        "title": "Kommunikationschef",
        "roles": ["Handläggare", "Ledningsgrupp"],
    },
    {
        "username": "ledningssekreterare",
        "first_name": "Nils",
        "last_name": "Ahl",
        "unit_code": "VST-ARK",
        "title": "Ledningssekreterare",
        "roles": ["Handläggare"],
    },
]

# The note-taker writes the group's agendas and minutes without being a member, so
# the demo gives the secretariat, a group administrators could also make, the
# group's folder: otherwise the note-taker would not see the items' attachments.
SECRETARIAT = "Ledningsgruppens sekretariat"


def _secretariat(secretary) -> None:
    group, _created = Group.objects.get_or_create(name=SECRETARIAT)
    secretary.groups.add(group)
    FolderAccess.objects.get_or_create(
        folder=_space_folder(), group=group, defaults={"level": AccessLevel.EDIT}
    )


def _at(day: datetime.date, hour: int, minute: int = 0) -> datetime.datetime:
    return timezone.make_aware(
        datetime.datetime.combine(day, datetime.time(hour, minute))
    )


def _space_folder(*names: str) -> Folder:
    """A folder under "Ledningsgruppen" in the document space, made if missing."""
    folder = folder_by_path("Ledningsgruppen")
    if folder is None:
        documents_demo_load()  # the document space's demo owns the group's folder
        folder = folder_by_path("Ledningsgruppen")
    for name in names:
        folder, _created = documents.folder_get_or_create(name=name, parent=folder)
    return folder


def _attachment(folder: Folder, name: str, data: bytes) -> Document:
    """The demo's file in the document space; found, not stored again, next time."""
    existing = Document.objects.filter(
        folder=folder, title=name, deleted_at__isnull=True
    ).first()
    return existing or documents.document_upload(folder=folder, name=name, data=data)


def _people(password: str | None) -> dict:
    User = get_user_model()
    people = {
        person["username"]: user_sync(
            **person,
            email=f"{person['username']}@guru.example.se",
            password=password,
        )
        for person in EXTRA_PEOPLE
    }
    for username in ("gd", "avdelningschef", "controller", "redaktor"):
        people[username] = User.objects.get(username=username)
    return people


def _first_meeting(p: dict, day: datetime.date, next_meeting: Meeting) -> Meeting:
    meeting = services.meeting_create(
        starts_at=_at(day, 9),
        ends_at=_at(day, 12),
        place=DEMO_PLACE,
        participants=[p["gd"], p["avdelningschef"], p["kommunikationschef"]],
        absentees=[],
        note_taker=p["ledningssekreterare"],
        adjuster=p["avdelningschef"],
        created_by=p["gd"],
    )
    folder = _space_folder("Möten", meeting.label)
    results = _attachment(
        folder,
        "Resultat per avdelning T2.xlsx",
        samples.xlsx_bytes(
            sheet="Tertial 2",
            rows=[
                ["Avdelning", "Handläggningstid, dagar", "Andel kompletteringar, %"],
                ["Företagsstöd", 48, 31],
                ["Regional tillväxt", 55, 24],
            ],
        ),
    )
    tertial = services.agenda_item_create(
        meeting=meeting,
        title="Tertialuppföljning T2",
        kind="beslut",
        presenters=[p["controller"]],
        planned_minutes=45,
        description="Resultat per avdelning och förslag till fokus för resten av året.",
        documents=[results],
    )
    services.minutes_record(
        item=tertial,
        minutes=(
            "Handläggningstiderna för företagsstöd har kortats sedan T1, men andelen "
            "kompletteringar är fortfarande hög. Gruppen enades om fyra fokus: "
            "kortare tid till beslut, färre kompletteringar, säkrare utbetalningar "
            "och bättre uppföljning av projekt."
        ),
    )
    focus = services.decision_record(
        item=tertial,
        text="Ledningsgruppen fastställer fyra fokus för resten av året enligt underlaget.",
    )
    page = GuidancePage.objects.live().filter(slug="komplettering").first()
    guru = services.agenda_item_create(
        meeting=meeting,
        title="Guru – nytt digitalt handläggarstöd",
        kind="information",
        presenters=[p["redaktor"]],
        planned_minutes=20,
        description="Demonstration av Guru och Doris, och planen för införandet.",
        handbook_page=page,
        documents=[
            _attachment(
                folder,
                "Införande av Guru.pdf",
                samples.pdf_bytes(
                    title="Införande av Guru",
                    paragraphs=[
                        "Guru införs i tre steg: redaktörerna först, sedan en "
                        "testgrupp av handläggare och efter årsskiftet alla.",
                        "Synpunkter under testperioden lämnas direkt på sidorna.",
                    ],
                ),
            )
        ],
    )
    services.minutes_record(
        item=guru,
        minutes=(
            "Enheten för handläggarstöd visade hur Guru samlar vägledningen och hur "
            "Doris svarar på frågor med källa. Alla handläggare får tillgång efter "
            "årsskiftet."
        ),
    )
    plans = services.agenda_item_create(
        meeting=meeting,
        title="Kommunikationsplaner per resultatområde",
        kind="diskussion",
        presenters=[p["kommunikationschef"]],
        planned_minutes=30,
    )
    services.minutes_record(
        item=plans,
        minutes=(
            "Gruppen diskuterade hur kommunikationen om ERUF kan bli tydligare för "
            "små företag. Kommunikationschefen tar fram ett diskussionsunderlag."
        ),
    )
    evaluations = services.agenda_item_create(
        meeting=meeting,
        title="Utvärderingar av rådgivningsinsatserna",
        kind="information",
        presenters=[p["avdelningschef"]],
        planned_minutes=15,
    )
    services.minutes_record(
        item=evaluations,
        minutes="Två utvärderingar presenterades. De publiceras på webben i december.",
    )
    innovation = services.agenda_item_create(
        meeting=meeting,
        title="Handlingsplan för myndighetens innovationsförmåga",
        kind="beslut",
        presenters=[p["gd"]],
        planned_minutes=20,
    )
    services.minutes_record(
        item=innovation,
        minutes="GD gav i uppdrag att starta ett projekt som tar fram en handlingsplan.",
    )
    project = services.decision_record(
        item=innovation,
        text="Ett projekt startas för en handlingsplan för innovationsförmåga 2027–2029.",
    )
    staffing = services.agenda_item_create(
        meeting=meeting,
        title="Bemanning inför årsskiftet",
        kind="diskussion",
        is_internal=True,
        planned_minutes=15,
    )
    services.minutes_record(
        item=staffing, minutes="Gruppen gick igenom vakanser per avdelning."
    )
    _assignments(p, day, focus, plans, project, next_meeting)
    services.minutes_lock(meeting=meeting, user=p["avdelningschef"])
    return meeting


def _assignments(p, day, focus, plans, project, next_meeting) -> None:
    services.assignment_create(
        title="Kommunikation om ERUF till små företag",
        owner=p["kommunikationschef"],
        ordered_by="GD",
        agenda_item=plans,
        deliverables=[
            {"description": "Diskussionsunderlag", "due_meeting": next_meeting},
            {
                "description": "Skiss på kommunikationsplan",
                "due_date": day + datetime.timedelta(days=70),
            },
        ],
        status=AssignmentStatus.IN_PROGRESS,
    )
    services.assignment_create(
        title="Projektplan för handlingsplan om innovationsförmåga",
        owner=p["avdelningschef"],
        ordered_by="GD",
        decision=project,
        deliverables=[{"description": "Projektplan", "due_meeting": next_meeting}],
    )
    done = services.assignment_create(
        title="Fokusområdena i verksamhetsplanen",
        owner=p["controller"],
        ordered_by="LG",
        decision=focus,
        deliverables=[
            {
                "description": "Uppdaterad verksamhetsplan",
                "due_date": day + datetime.timedelta(days=14),
            }
        ],
    )
    services.assignment_set_status(
        assignment=done, status=AssignmentStatus.DONE, user=p["controller"]
    )
    services.assignment_create(
        title="Åtgärdsplan för färre kompletteringar",
        owner=p["avdelningschef"],
        ordered_by="LG",
        decision=focus,
        deliverables=[
            {
                "description": "Åtgärdsplan",
                "due_date": day + datetime.timedelta(days=21),
            }
        ],
        status=AssignmentStatus.IN_PROGRESS,
    )  # due a week ago: shows up as försenat
    cancelled = services.assignment_create(
        title="Extern förstudie om rådgivningen",
        owner=p["gd"],
        ordered_by="LG",
        deliverables=[
            {"description": "Förstudie", "due_date": day + datetime.timedelta(days=40)}
        ],
    )
    services.assignment_set_status(
        assignment=cancelled, status=AssignmentStatus.CANCELLED, user=p["gd"]
    )


def _news(meeting: Meeting, p: dict) -> None:
    article = services.news_compose(meeting=meeting, user=p["ledningssekreterare"])
    services.news_update(
        article=article,
        title=article.title.split(":")[0]
        + ": Tertialuppföljning med fyra fokus och Guru som vägleder",
        lead=(
            "Ledningsgruppen följde upp andra tertialen och satte fyra fokus för "
            "resten av året. Gruppen fick också se Guru, vårt nya digitala "
            "handläggarstöd."
        ),
        body=article.body
        + "\n\n> Vi har kortat handläggningstiderna. Nu ska vi se till att färre "
        "ärenden behöver kompletteras.\n>\n> – Greta Dahl, generaldirektör",
        pen=article.pen,
    )
    services.news_publish(article=article, user=p["gd"])
    # As if published two days after the meeting, when the minutes were justerade.
    published = _at(meeting.day + datetime.timedelta(days=2), 15)
    NewsArticle.objects.filter(pk=article.pk).update(
        published_at=published, updated_at=published
    )


def _plans(p: dict) -> None:
    if not Plan.objects.filter(title="Kommunikationsplan ERUF").exists():
        plan = Plan(
            kind="kommunikationsplan",
            title="Kommunikationsplan ERUF",
            result_area="Regional tillväxt",
            period="2027",
            owner=p["kommunikationschef"],
            ordered_by="GD",
            status="utkast",
            purpose="Fler små företag ska känna till och söka stöd ur ERUF.",
            goal="Antalet ansökningar från företag med färre än tio anställda ökar.",
            target_groups="Små företag\nRegionala företagsrådgivare\nKommunernas näringslivskontor",
            messages="Stödet är till för små företag också.\nDet går att få hjälp med ansökan.",
            channels="Webben\nNyhetsbrev\nWebbinarier med regionerna",
            resources="En kommunikatör på halvtid under våren.",
            follow_up="Antal ansökningar och besök på webben följs upp varje tertial.",
        )
        services.plan_save(
            plan=plan,
            activities=[
                {
                    "what": "Webbinarium för rådgivare",
                    "responsible": p["kommunikationschef"],
                    "when": "februari",
                },
                {
                    "what": "Nytt avsnitt på webben",
                    "responsible": p["redaktor"],
                    "when": "mars",
                },
            ],
            user=p["kommunikationschef"],
            note="Första utkastet.",
            documents=[
                _attachment(
                    _space_folder("Planer"),
                    "Målgrupper ERUF.txt",
                    "Små företag, regionala företagsrådgivare och kommunernas "
                    "näringslivskontor.\n".encode(),
                )
            ],
        )
        plan.status = "for_diskussion"
        plan.goal = "Antalet ansökningar från företag med färre än tio anställda ökar med en femtedel."
        services.plan_save(
            plan=plan,
            activities=[
                {
                    "what": "Webbinarium för rådgivare",
                    "responsible": p["kommunikationschef"],
                    "when": "februari",
                },
                {
                    "what": "Nytt avsnitt på webben",
                    "responsible": p["redaktor"],
                    "when": "mars",
                },
                {
                    "what": "Kampanj i nyhetsbrevet",
                    "responsible": p["kommunikationschef"],
                    "when": "april",
                },
            ],
            user=p["kommunikationschef"],
            note="Mätbart mål och en aktivitet till efter LG:s diskussion.",
        )
    if not Plan.objects.filter(title="Handlingsplan för innovationsförmåga").exists():
        services.plan_save(
            plan=Plan(
                kind="handlingsplan",
                title="Handlingsplan för innovationsförmåga",
                period="2027–2029",
                owner=p["avdelningschef"],
                ordered_by="GD",
                status="faststalld",
                purpose="Myndigheten ska pröva nya arbetssätt oftare och lära av dem.",
                goal="Minst tre nya arbetssätt prövade och utvärderade per år.",
                target_groups="Alla medarbetare och chefer",
                resources="Projektledare på heltid och en idébudget.",
                follow_up="Ledningsgruppen följer planen i varje tertialuppföljning.",
            ),
            activities=[
                {
                    "what": "Idéverkstäder på alla avdelningar",
                    "responsible": p["avdelningschef"],
                    "when": "kvartal 1",
                },
                {
                    "what": "Utvärdering av första försöken",
                    "responsible": p["controller"],
                    "when": "kvartal 4",
                },
            ],
            user=p["avdelningschef"],
            note="Fastställd av ledningsgruppen.",
            documents=[
                _attachment(
                    _space_folder("Planer"),
                    "Projektdirektiv innovationsförmåga.md",
                    "# Projektdirektiv\n\nProjektet tar fram en handlingsplan för "
                    "innovationsförmåga 2027–2029.\n".encode(),
                )
            ],
        )


@transaction.atomic
def meetings_demo_load(*, password: str | None = None) -> list:
    """Load ledningsgruppen's demo content once; later runs change nothing.

    Returns the demo log-ins it adds (kommunikationschef, ledningssekreterare).
    """
    people = _people(password)
    _secretariat(people["ledningssekreterare"])
    extra = [people[person["username"]] for person in EXTRA_PEOPLE]
    _plans(people)
    if Meeting.objects.filter(place=DEMO_PLACE).exists():
        return extra
    today = timezone.localdate()
    next_meeting = services.meeting_create(
        starts_at=_at(today + datetime.timedelta(days=10), 9),
        ends_at=_at(today + datetime.timedelta(days=10), 12),
        place=DEMO_PLACE,
        participants=[
            people["gd"],
            people["avdelningschef"],
            people["kommunikationschef"],
        ],
        note_taker=people["ledningssekreterare"],
        adjuster=people["gd"],
        created_by=people["gd"],
    )
    services.agenda_item_create(
        meeting=next_meeting,
        title="Diskussionsunderlag: kommunikation om ERUF",
        kind="diskussion",
        presenters=[people["kommunikationschef"]],
        planned_minutes=30,
        documents=[
            _attachment(
                _space_folder("Möten", next_meeting.label),
                "Diskussionsunderlag ERUF.docx",
                samples.docx_bytes(
                    title="Diskussionsunderlag ERUF",
                    paragraphs=[
                        "Små företag känner sällan till att de kan söka stöd ur "
                        "regionalfonden.",
                        "Förslag: tre budskap, webbinarier med regionerna och en "
                        "uppföljning efter sex månader.",
                    ],
                ),
            )
        ],
    )
    services.agenda_item_create(
        meeting=next_meeting,
        title="Projektplan för innovationsförmåga",
        kind="beslut",
        presenters=[people["avdelningschef"]],
        planned_minutes=20,
    )
    first = _first_meeting(people, today - datetime.timedelta(days=28), next_meeting)
    _news(first, people)
    return extra
