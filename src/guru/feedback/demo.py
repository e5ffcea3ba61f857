"""Demo comments and votes on whatever guidance pages the demo handbook has.

Pages and people are picked in a fixed order (page path, username), never by slug,
so the demo works with any handbook. Running it again adds nothing.
"""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone
from wagtail.models import Site

from guru.accounts.roles import Role
from guru.demo.clock import office_moment

from . import services
from .models import Comment, CommentPeriodSetting, CommentStatus, HelpfulVote

# (text, on a section?, status, editor's reply or rejection reason)
COMMENTS = [
    (
        "Det skulle hjälpa med ett exempel på hur ett färdigt ärende ser ut i det här steget.",
        True,
        "new",
        "",
    ),
    (
        "Länken till blanketten leder till en gammal version. Den nya har ett annat diarienummer i sidfoten.",
        True,
        "resolved",
        "Tack! Länken pekar nu på den aktuella blanketten.",
    ),
    (
        "Vi på regionkontoret i Luleå gör på ett annat sätt när sökanden är en kommun. Borde det stå något om det?",
        False,
        "in_progress",
        "Bra fråga – vi stämmer av med juristerna och återkommer.",
    ),
    (
        "Texten säger 14 dagar men mallen i ärendesystemet säger två veckor från delgivning. Vilket gäller?",
        True,
        "resolved",
        "Det är 14 dagar från det att sökanden tagit del av begäran. Vi har förtydligat texten.",
    ),
    (
        "Kan ni lägga in en kort checklista överst? Jag hittar inte det viktigaste när jag har sökanden i telefon.",
        False,
        "new",
        "",
    ),
    (
        "Bra och tydligt, särskilt punktlistan. Mer sådant!",
        False,
        "rejected",
        "Tack för beröm! Inget att ändra, så vi stänger synpunkten.",
    ),
    (
        "Avsnittet blandar ihop **förskott** och **delutbetalning**. Det är två olika saker i vårt regelverk.",
        True,
        "in_progress",
        "",
    ),
    (
        "Stycket om jäv känns viktigt men är svårt att hitta. Kan det få en egen rubrik?",
        False,
        "new",
        "",
    ),
    (
        "Hänvisningen till förordningen saknar paragraf. Lätt att rätta:\n\n- ange paragrafen\n- länka till lagen.nu eller Riksdagens sida",
        True,
        "resolved",
        "Rättat, paragrafen och länken finns nu med.",
    ),
    (
        "Jag saknar vad man gör när sökanden inte svarar alls. Ska ärendet avskrivas eller avslås?",
        True,
        "new",
        "",
    ),
    (
        "Sidan säger att controller ska kontaktas, men vi har ingen controller på vår enhet längre.",
        False,
        "rejected",
        "Funktionen finns kvar centralt på ekonomiavdelningen; kontaktvägen står i avsnittet om ansvar.",
    ),
    (
        "Exemplet med medfinansiering räknar fel – 40 procent av 2,5 miljoner är 1 miljon, inte 1,2.",
        True,
        "resolved",
        "Tack för att du såg det! Exemplet är rättat.",
    ),
    (
        "Skulle vara bra att veta vem man frågar när det gäller statsstödsreglerna i just det här steget.",
        False,
        "new",
        "",
    ),
    (
        "Kan ni förklara förkortningen ERUF första gången den används? Nyanställda kollegor frågar ofta.",
        True,
        "in_progress",
        "Vi lägger till en förklaring och ser över ordlistan.",
    ),
    (
        "Listan över bilagor verkar inte stämma med det som står i utlysningstexten för 2026.",
        True,
        "new",
        "",
    ),
    (
        "Jättebra att det står hur lång tid det brukar ta. Kan ni lägga till samma sak för omprövning?",
        False,
        "new",
        "",
    ),
    (
        "Tabellen över beloppsgränser är svår att läsa i mobilen. Kan den delas upp?",
        False,
        "in_progress",
        "Vi provar att dela upp den i två mindre tabeller.",
    ),
    (
        "Står det någonstans hur vi gör när projektet byter stödmottagare mitt i projekttiden?",
        False,
        "new",
        "",
    ),
    (
        "Kolla gärna ordet *skall* – resten av handboken skriver *ska*.",
        True,
        "resolved",
        "Ändrat till ska, tack.",
    ),
    (
        "Sidan verkar vara skriven för företagsstöd. Gäller den även regionala projekt inom ERUF?",
        False,
        "new",
        "",
    ),
    (
        "Jag tycker att exemplet med revisorsintyget borde ligga som bilaga i stället för i löptexten.",
        True,
        "rejected",
        "Exemplet är så kort att det läses bäst i sitt sammanhang. Vi låter det stå kvar.",
    ),
    (
        "Det vore bra med en länk direkt till rätt mall i dokumenthanteringen.",
        False,
        "new",
        "",
    ),
    (
        "Förklara gärna skillnaden mellan att avvisa och att avslå, det blandas ihop i praktiken.",
        True,
        "in_progress",
        "",
    ),
    (
        "Rubriken lovar en tidsplan men avsnittet innehåller inga datum.",
        True,
        "new",
        "",
    ),
]

NO_VOTES = [
    "Ett konkret exempel.",
    "Vad som gäller för kommuner och regioner som sökande.",
    "",
    "Hur det här hänger ihop med nästa steg i processen.",
    "En mall att utgå ifrån.",
    "",
]


def _users():
    users = get_user_model().objects.filter(is_active=True).order_by("username")
    editors = [u for u in users if u.groups.filter(name=Role.REDAKTOR.value).exists()]
    authors = [u for u in users if u not in editors] or list(users)
    return authors, editors


def _ensure_period(today: datetime.date) -> None:
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        return
    period = CommentPeriodSetting.for_site(site)
    if period.starts_on is None and period.ends_on is None:
        period.starts_on = today - datetime.timedelta(days=21)
        period.ends_on = today + datetime.timedelta(days=60)
        period.save()


def feedback_demo_load() -> int:
    """Add demo comments, replies, statuses and votes; return how many comments."""
    from guru.handbook.models import GuidancePage

    pages = list(GuidancePage.objects.live().order_by("path"))
    authors, editors = _users()
    if not pages or not authors or not editors:
        return 0
    now = timezone.now()
    _ensure_period(timezone.localdate(now))
    created = 0
    for index, (text, on_section, status, answer) in enumerate(COMMENTS):
        page = pages[(index * 3) % len(pages)]
        author = authors[index % len(authors)]
        if Comment.objects.filter(page=page, body=text).exists():
            continue
        sections = page.sections if on_section else []
        at = office_moment(now, days_ago=3 * index // 4, number=index)
        comment = services.comment_create(
            page=page,
            author=author,
            body=text,
            section_anchor=sections[index % len(sections)]["anchor"]
            if sections
            else "",
            now=at,
        )
        created += 1
        _handle(comment, editors[index % len(editors)], status, answer, at, now)
    _votes(pages, [*authors, *editors])
    return created


def _handle(comment, editor, status: str, answer: str, at, now) -> None:
    """The editor's handling, an hour after ``at`` and a day later, never after ``now``."""
    later = min(now, at + datetime.timedelta(hours=1))
    if status == CommentStatus.NEW:
        return
    services.comment_set_status(
        comment=comment,
        user=editor,
        status=CommentStatus.IN_PROGRESS,
        notify=False,
        now=later,
    )
    if answer and status != CommentStatus.REJECTED:
        services.comment_reply(
            comment=comment, user=editor, body=answer, notify=False, now=later
        )
    if status in (CommentStatus.RESOLVED, CommentStatus.REJECTED):
        page = comment.page.specific
        services.comment_set_status(
            comment=comment,
            user=editor,
            status=status,
            revision=page.live_revision or page.latest_revision,
            reason=answer if status == CommentStatus.REJECTED else "",
            notify=False,
            now=min(now, later + datetime.timedelta(days=1)),
        )


def _votes(pages, people) -> None:
    """A spread of Ja/Nej per page: most pages mostly helpful, a few not."""
    for page_index, page in enumerate(pages):
        for person_index, person in enumerate(people):
            if (page_index + person_index) % 3 == 2:
                continue  # not everyone votes on every page
            helpful = (page_index * 7 + person_index * 3) % 10 >= (
                6 if page_index % 4 == 1 else 2
            )
            if HelpfulVote.objects.filter(page=page, user=person).exists():
                continue
            missing = (
                "" if helpful else NO_VOTES[(page_index + person_index) % len(NO_VOTES)]
            )
            services.vote_cast(page=page, user=person, helpful=helpful, missing=missing)
