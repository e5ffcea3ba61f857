"""Demo content for the follow-up: key figures, nine tertials of values, workflow.

Values come from a seeded generator, so every run gives the same numbers; rows
that already exist are left alone, so running it again changes nothing.
"""

import datetime
import random
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.db import transaction

from guru.accounts.models import Department, Unit

from .aggregation import Part, aggregate
from .models import (
    Action,
    ActionStatus,
    Analysis,
    AnalysisStatus,
    Annotation,
    Conclusion,
    ConsultationRound,
    FollowUp,
    FollowUpStatus,
    Headcount,
    KeyFigure,
    Period,
    Perspective,
    Proposal,
    ProposalComment,
    ProposalStatus,
    ProposalSupport,
    Target,
    Value,
    ValueChange,
    ValueStatus,
)

DEMO_TODAY = datetime.date(2026, 11, 23)
# Nine tertials: 2023 T3 up to 2026 T2, the last one that is over on DEMO_TODAY.
PERIODS = (
    [(2023, 3)]
    + [(y, t) for y in (2024, 2025) for t in (1, 2, 3)]
    + [
        (2026, 1),
        (2026, 2),
    ]
)

# code, name, perspective, definition, calculation, numerator, denominator, unit,
# decimals, scale, direction, aggregation, level, individual, privacy, target,
# band_high, base, spread, min, max
FIGURES = [
    ("V1", "Besvarade remisser", "verksamhet",
     "Remisser från regeringen och andra myndigheter som vi har besvarat inom svarstiden under tertialet.",
     "Antal besvarade remisser.", "", "", "st", 0, 1, "higher", "sum", "unit", False, "open", 30, None, 0.16, 1, 0, 500),
    ("V2", "Företag som fått stöd", "verksamhet",
     "Företag som under tertialet fått ett beslut om bidrag, lån eller rådgivning från oss.",
     "Antal unika organisationsnummer med minst ett bifallsbeslut.", "", "", "st", 0, 1, "higher", "sum", "unit", False, "open", 1200, None, 5.5, 8, 0, 100000),
    ("V3", "Andel beslut inom målsatt handläggningstid", "verksamhet",
     "Hur stor del av besluten som fattades inom den handläggningstid vi har som mål för ärendeslaget.",
     "Beslut inom målsatt tid delat med alla beslut, gånger 100.", "Beslut inom målsatt tid", "Alla beslut", "%", 1, 100, "higher", "ratio", "unit", False, "open", 85, None, 0.84, 0.06, 0, 100),
    ("E1", "Budgetutfall mot budget", "ekonomi",
     "Hur mycket av periodens budget som har förbrukats.",
     "Utfall i kronor delat med budget i kronor, gånger 100.", "Utfall (tkr)", "Budget (tkr)", "%", 1, 100, "band", "ratio", "department", False, "open", 97, 102, 0.99, 0.04, 0, 300),
    ("E2", "Prognosavvikelse", "ekonomi",
     "Hur långt från utfallet den prognos vi lämnade vid förra tertialet hamnade.",
     "Avvikelse mellan prognos och utfall i kronor (absolut belopp) delat med utfallet, gånger 100.", "Avvikelse (tkr)", "Utfall (tkr)", "%", 1, 100, "lower", "ratio", "department", False, "open", 2, None, 0.025, 0.015, 0, 100),
    ("E3", "Kostnad per ärende", "ekonomi",
     "Vad ett avslutat ärende kostar i genomsnitt, med lön och overhead.",
     "Kostnader för handläggningen delat med antal avslutade ärenden.", "Kostnad (kr)", "Avslutade ärenden", "kr", 0, 1, "lower", "ratio", "unit", False, "open", 4200, None, 4300, 500, 0, 100000),
    ("M1", "Frisknärvaro", "medarbetare",
     "Andel medarbetare som under tertialet har varit sjuka högst två dagar.",
     "Medarbetare med högst två sjukdagar delat med alla medarbetare, gånger 100.", "Medarbetare med högst två sjukdagar", "Alla medarbetare", "%", 1, 100, "higher", "ratio", "unit", True, "health", 70, None, 0.7, 0.08, 0, 100),
    ("M2", "Sjukfrånvaro", "medarbetare",
     "Sjukfrånvaron som andel av den ordinarie arbetstiden.",
     "Sjukfrånvarotimmar delat med ordinarie arbetstid i timmar, gånger 100.", "Sjukfrånvarotimmar", "Ordinarie arbetstid (timmar)", "%", 1, 100, "lower", "ratio", "unit", True, "health", 3.5, None, 0.038, 0.012, 0, 100),
    ("M3", "Medarbetarindex", "medarbetare",
     "Sammanfattande mått från medarbetarenkäten om hur medarbetarna trivs och ser på sitt arbete (0–100).",
     "Enkätens index per enhet, vägt med antalet svarande.", "", "Antal svarande", "index", 0, 1, "higher", "weighted_average", "unit", True, "open", 75, None, 74, 5, 0, 100),
    ("P1", "Median handläggningstid", "processer",
     "Medianen av antal dagar från komplett ansökan till beslut.",
     "Median av kalenderdagar per ärende. En median kan inte läggas ihop, så myndighetens värde visas inte.", "", "", "dagar", 0, 1, "lower", "none", "department", False, "open", 30, None, 32, 8, 0, 1000),
    ("P2", "Andel e-ansökningar", "processer",
     "Hur stor del av ansökningarna som kom in via e-tjänsten.",
     "Ansökningar via e-tjänsten delat med alla ansökningar, gånger 100.", "Ansökningar via e-tjänst", "Alla ansökningar", "%", 1, 100, "higher", "ratio", "unit", False, "open", 90, None, 0.86, 0.05, 0, 100),
    ("P3", "Andel överklagade beslut", "processer",
     "Hur stor del av besluten som överklagades.",
     "Överklagade beslut delat med alla beslut, gånger 100.", "Överklagade beslut", "Alla beslut", "%", 1, 100, "lower", "ratio", "unit", False, "open", 3, None, 0.03, 0.012, 0, 100),
]  # fmt: skip

# Unit size (women, men) in 2023 T3; small units show the privacy rule at work.
UNIT_SIZES = {
    "FÖR-N": (24, 16), "FÖR-S": (19, 14), "FÖR-I": (9, 7),
    "REG-SF": (18, 12), "REG-RP": (11, 9),
    "RÄTT-JUR": (14, 8), "RÄTT-HS": (6, 5),
    "EKO-UTB": (10, 7), "EKO-CON": (5, 4),
    "HR-STÖD": (5, 2), "HR-KOMP": (2, 1),
    "VST-KOM": (7, 5), "VST-DIG": (8, 14), "VST-ARK": (4, 3),
}  # fmt: skip


def _period_objects() -> list[Period]:
    return [Period.objects.get_or_create(year=y, tertial=t)[0] for y, t in PERIODS]


def _figures(owner) -> dict[str, KeyFigure]:
    perspectives = {p.key: p for p in Perspective.objects.all()}
    figures = {}
    for order, row in enumerate(FIGURES):
        (code, name, perspective, definition, calculation, numerator, denominator) = (
            row[:7]
        )
        (unit, decimals, scale, direction, aggregation, level, individual) = row[7:14]
        privacy, target, band_high = row[14:17]
        figure, _created = KeyFigure.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "perspective": perspectives[perspective],
                "definition": definition,
                "calculation": calculation,
                "numerator_label": numerator,
                "denominator_label": denominator,
                "measure_unit": unit,
                "decimals": decimals,
                "scale": scale,
                "direction": direction,
                "aggregation": aggregation,
                "reporting_level": level,
                "individual_based": individual,
                "privacy_class": privacy,
                "data_source": "Ekonomisystemet"
                if perspective == "ekonomi"
                else "HR-systemet"
                if perspective == "medarbetare"
                else "Ärendesystemet",
                "owner": owner,
                "min_value": row[19],
                "max_value": row[20],
                "order": order,
            },
        )
        for year in (2023, 2024, 2025, 2026):
            Target.objects.get_or_create(
                key_figure=figure,
                year=year,
                tertial=None,
                defaults={"value": target, "band_high": band_high},
            )
        figures[code] = figure
    return figures


def _headcounts(periods: list[Period], units: list[Unit], rng: random.Random) -> dict:
    sizes = {}
    for step, period in enumerate(periods):
        for unit in units:
            women, men = UNIT_SIZES.get(unit.code, (10, 10))
            if women + men > 12:  # small units keep their size all along
                women += step // 3 + rng.randint(-1, 1)
                men += rng.randint(-1, 1)
            Headcount.objects.get_or_create(
                unit=unit, period=period, defaults={"women": women, "men": men}
            )
            sizes[(unit.pk, period.pk)] = Headcount.objects.get(
                unit=unit, period=period
            )
    return sizes


def _generate(figure, period, step, size, rng, share=1.0) -> dict:
    """One plausible value (with numerator/denominator) from the figure's base."""
    base, spread = FIGURES_BY_CODE[figure.code][17:19]
    trend = 1 + 0.01 * step
    seasonal = (1.0, 1.08, 0.95)[period.tertial - 1]
    people = max(1, size)
    code = figure.code
    if figure.aggregation == "sum":
        value = max(
            0, round(base * people * share * seasonal * trend + rng.gauss(0, spread))
        )
        return {"value": Decimal(value)}
    if figure.aggregation == "none" or figure.aggregation == "weighted_average":
        value = max(1, round(base - step * 0.4 * (code == "P1") + rng.gauss(0, spread)))
        result = {"value": Decimal(min(value, 100) if code == "M3" else value)}
        if figure.aggregation == "weighted_average":
            result["denominator"] = Decimal(max(1, round(people * 0.8)))
        return result
    denominators = {
        "V3": people * 9, "E1": people * 240, "E2": people * 230,
        "E3": people * 8, "M1": people, "M2": people * 640, "P2": people * 10,
        "P3": people * 9,
    }  # fmt: skip
    denominator = max(1, round(denominators[code] * share * seasonal))
    rate = base + rng.gauss(0, spread)
    if code in ("V3", "P2"):
        rate += 0.005 * step
    if code == "E3":
        rate -= 20 * step
    rate = max(0.0, rate if code in ("E1", "E3") else min(rate, 1.0))
    return {
        "numerator": Decimal(round(denominator * rate)),
        "denominator": Decimal(denominator),
    }


FIGURES_BY_CODE = {row[0]: row for row in FIGURES}


def _gender_fields(figure, period, step, units, headcounts, rng):
    """(gender, fields) for one scope; a total is the sum of women and men."""
    women = sum(headcounts[(u.pk, period.pk)].women for u in units)
    men = sum(headcounts[(u.pk, period.pk)].men for u in units)
    if not figure.individual_based:
        size = women + men
        fields = (
            _generate(figure, period, step, size, rng) if size else {"missing": "."}
        )
        return [("T", _with_value(figure, fields))]
    split = []
    for gender, size in (("K", women), ("M", men)):
        fields = (
            _generate(figure, period, step, size, rng) if size else {"missing": "."}
        )
        split.append((gender, _with_value(figure, fields)))
    parts = [Part(**fields) for _gender, fields in split]
    total = aggregate(parts, method=figure.aggregation, scale=figure.scale)
    if total.missing:
        fields = {"missing": total.missing}
    elif figure.aggregation == "weighted_average":
        fields = {
            "value": total.value.quantize(Decimal("0.0001")),
            "denominator": total.denominator,
        }
    elif figure.aggregation == "ratio":
        fields = {"numerator": total.numerator, "denominator": total.denominator}
    else:
        fields = {"value": total.value}
    return [("T", _with_value(figure, fields)), *split]


def _with_value(figure, fields: dict) -> dict:
    if "numerator" in fields:
        fields["value"] = (
            fields["numerator"] / fields["denominator"] * figure.scale
        ).quantize(Decimal("0.0001"))
    return fields


def _values(figures, periods, departments, headcounts, user) -> None:
    existing = set(
        Value.objects.filter(
            key_figure__in=figures.values(), period__in=periods
        ).values_list(
            "key_figure_id", "period_id", "department_id", "unit_id", "gender"
        )
    )
    new = []
    for figure in figures.values():
        rng = random.Random(f"guru-demo-{figure.code}")  # noqa: S311 (demo data)
        for step, period in enumerate(periods):
            status = (
                ValueStatus.PRELIMINARY if period == periods[-1] else ValueStatus.FINAL
            )
            for department in departments:
                scopes = (
                    [(department, unit) for unit in department.active_units]
                    if figure.reporting_level == "unit"
                    else [(department, None)]
                )
                for dept, unit in scopes:
                    units = [unit] if unit else department.active_units
                    for gender, fields in _gender_fields(
                        figure, period, step, units, headcounts, rng
                    ):
                        key = (
                            figure.pk,
                            period.pk,
                            dept.pk,
                            unit.pk if unit else None,
                            gender,
                        )
                        if key in existing:
                            continue
                        new.append(
                            Value(
                                key_figure=figure,
                                period=period,
                                department=dept,
                                unit=unit,
                                gender=gender,
                                status=status,
                                source=figure.data_source,
                                entered_by=user,
                                **fields,
                            )
                        )
    created = Value.objects.bulk_create(new, batch_size=500)
    ValueChange.objects.bulk_create(
        [
            ValueChange(
                value=v,
                changed_by=user,
                action="create",
                after={"value": str(v.value), "note": "demodata"},
            )
            for v in created
        ],
        batch_size=500,
    )


# Each department writes its own analysis of each perspective (department code).
ANALYSES = {
    "FÖR": {
        "verksamhet": "Fler företag fick stöd än vi planerat, främst genom innovationscheckarna i norr. Handläggningstiden drogs ut i juni när många ansökningar kom samtidigt före sommaren.",
        "ekonomi": "Förvaltningsanslaget följer budget. Resorna till platsbesök blev färre än beräknat eftersom fler uppföljningsmöten hölls digitalt.",
        "medarbetare": "Två nya handläggare började i maj och är nu inne i arbetet. Sjukfrånvaron på enheten syd är högre än förra året och följs upp med företagshälsovården.",
        "processer": "Den nya checklistan för komplettering har minskat antalet återsända ansökningar. Vi vill att e-tjänsten fångar fler saknade bilagor redan när sökanden skickar in.",
    },
    "REG": {
        "verksamhet": "Utlysningen inom strukturfonderna stängde i tid och alla ansökningar är registrerade. Tre remisser från regionerna besvarades efter sista svarsdag.",
        "ekonomi": "Utbetalningarna till projekten ligger efter plan eftersom flera lägesrapporter kom in sent. Det påverkar inte anslaget men prognosen för hösten är osäker.",
        "medarbetare": "Arbetsbelastningen är ojämn: programhandläggarna har haft toppar kring utlysningarna medan övriga enheten haft luft. Vi provar att låna resurser mellan enheterna.",
        "processer": "Granskningen av kostnader tar längst tid. Vi har börjat stickprovsgranska mindre projekt i stället för att gå igenom varje verifikat.",
    },
    "RÄTT": {
        "verksamhet": "Nästan alla överklaganden yttrades inom fristen. Juridiska enheten har också hunnit uppdatera handläggarstödet om återkrav och jäv.",
        "ekonomi": "Kostnaderna för externa juridiska utredningar blev lägre än budgeterat. Överskottet används till kompetensutveckling i upphandlingsrätt.",
        "medarbetare": "Avdelningen är liten och sårbar vid frånvaro. Vi har tagit fram en ersättarlista så att varje ärendetyp har två personer som kan den.",
        "processer": "Frågor från handläggare kommer fortfarande mest via e-post. Vi följer hur många som nu hittar svaret i Guru och hos Doris i stället.",
    },
    "EKO": {
        "verksamhet": "Bokslutet för tertialet blev klart i tid. Utbetalningsenheten har hållit tidsmålet för utbetalningar trots fler begäranden än normalt.",
        "ekonomi": "Myndighetens prognos stämmer väl med utfallet. Avvikelsen kommer främst från lokalkostnader som fakturerades senare än väntat.",
        "medarbetare": "En pensionsavgång och en föräldraledighet har gett hög belastning på redovisningen. Rekryteringen av en ersättare pågår.",
        "processer": "Attestflödet i det nya ekonomisystemet fungerar, men avvisade fakturor tar fortfarande många manuella steg som vi vill automatisera.",
    },
    "HR": {
        "verksamhet": "Rekryteringarna har gått snabbare sedan vi började med strukturerade intervjuer. Medarbetarenkäten genomfördes med hög svarsfrekvens.",
        "ekonomi": "Utbildningsbudgeten är till hälften använd. Kostnaden för företagshälsovård ökade när fler chefer tog hjälp med rehabiliteringsärenden.",
        "medarbetare": "Frisknärvaron är god på HR men varierar mycket mellan myndighetens avdelningar. Vi stöttar cheferna med underlag per enhet där det är tillåtet.",
        "processer": "Introduktionen för nyanställda har fått en gemensam checklista. Nästa steg är att samla rutinerna för avslut på ett ställe.",
    },
    "VST": {
        "verksamhet": "Webbens nya ingång för sökande har gett färre frågor till växeln. Remissarbetet tog mer tid än planerat när två stora remisser kom samma månad.",
        "ekonomi": "Licenskostnaderna för it-stöden ökade med det nya avtalet. I övrigt följer avdelningen budget.",
        "medarbetare": "Kommunikationsenheten har haft hög belastning inför ERUF-kampanjen. Vi har infört fasta fokustider och följer upp dem på enhetsmötena.",
        "processer": "Fler ansökningar kommer in digitalt. Supporten ser att de flesta frågorna gäller bilagor, vilket vi tar med till arbetet med e-tjänsten.",
    },
}
# A department the demo does not know (added by an administrator) gets these.
ANALYSES_FALLBACK = {
    "verksamhet": "Verksamheten går i stort enligt plan för {name}.",
    "ekonomi": "Utfallet ligger nära budget.",
    "medarbetare": "Sjukfrånvaron är stabil.",
    "processer": "Inga större förändringar i arbetssätten under tertialet.",
}
CONCLUSIONS = {
    "verksamhet": "Myndigheten levererar i stort enligt plan. Remissarbetet behöver planeras tidigare.",
    "ekonomi": "Ekonomin är i balans. Prognoserna träffar bättre än förra året.",
    "medarbetare": "Frisknärvaron är god men varierar mellan avdelningarna. Vi behöver förstå skillnaderna.",
    "processer": "E-tjänsten fungerar. Nästa steg är att minska kompletteringarna.",
}
ACTIONS = [
    ("T1", "verksamhet", "Ta fram en gemensam plan för remissarbetet", 60, ActionStatus.DONE),
    ("T1", "processer", "Förenkla e-tjänstens första steg", 120, ActionStatus.IN_PROGRESS),
    ("T2", "medarbetare", "Kartlägg arbetsbelastningen på de avdelningar som har lägst frisknärvaro", 75, ActionStatus.OPEN),
    ("T2", "processer", "Analysera de vanligaste orsakerna till komplettering", 90, ActionStatus.OPEN),
    ("T2", "ekonomi", "Stäm av prognosmetoden med avdelningarnas controllers", 45, ActionStatus.OPEN),
]  # fmt: skip


def _follow_ups(periods, departments, controller, head) -> None:
    perspectives = {p.key: p for p in Perspective.objects.all()}
    by_label = {"T1": periods[-2], "T2": periods[-1]}
    for label, period in by_label.items():
        follow_up, created = FollowUp.objects.get_or_create(
            period=period,
            defaults={
                "opened_by": controller,
                "status": FollowUpStatus.PUBLISHED,
                "published_at": datetime.datetime(
                    period.year, 4 * period.tertial + 1, 20, 10, tzinfo=datetime.UTC
                ),
            },
        )
        if not created:
            continue
        if label == "T2":
            for department in departments:
                texts = ANALYSES.get(department.code, ANALYSES_FALLBACK)
                for key, text in texts.items():
                    Analysis.objects.create(
                        follow_up=follow_up,
                        department=department,
                        perspective=perspectives[key],
                        text=text.format(name=department.name.lower()),
                        status=AnalysisStatus.DONE,
                        updated_by=department.head or controller,
                    )
        for key, text in CONCLUSIONS.items():
            Conclusion.objects.create(
                follow_up=follow_up,
                perspective=perspectives[key],
                text=text,
                updated_by=controller,
            )
        for action_label, key, title, days, status in ACTIONS:
            if action_label == label:
                Action.objects.create(
                    follow_up=follow_up,
                    perspective=perspectives[key],
                    title=title,
                    owner=head or controller,
                    due_on=datetime.date(period.year, 4 * period.tertial, 28)
                    + datetime.timedelta(days=days),
                    status=status,
                )


PROPOSALS = [
    (
        "Andel ärenden som avgörs utan komplettering",
        "processer",
        "Hur stor del av de avgjorda ärendena som kunde avgöras utan att vi begärde in kompletteringar från sökanden.",
        "Avgjorda ärenden utan kompletteringsbegäran delat med alla avgjorda ärenden, gånger 100.",
        "Ärendesystemet (händelsen kompletteringsbegäran)",
        "Varje månad",
        "Kompletteringar är den största orsaken till långa handläggningstider. Nyckeltalet visar om förbättringarna i e-tjänsten minskar dem, och underlaget styr vilka blanketter vi förenklar först.",
        ProposalStatus.PREPARING,
        "Bra förslag. Går det att redovisa per stödform också? Ansökningar om projektstöd kompletteras betydligt oftare än ansökningar om företagsstöd, och ett snitt för alla döljer det.",
    ),
    (
        "Kompetensutvecklingstimmar per medarbetare",
        "medarbetare",
        "Hur många timmar kompetensutveckling varje medarbetare har haft i genomsnitt under tertialet, kurser och intern utbildning inräknade.",
        "Registrerade timmar kompetensutveckling delat med antal anställda.",
        "Tidredovisningen (aktivitetskod kompetensutveckling)",
        "Varje tertial",
        "Ledningsgruppen har beslutat att höja kompetensen inom digital handläggning. Nyckeltalet visar om tiden för lärande faktiskt finns i alla avdelningar.",
        ProposalStatus.RECEIVED,
        "Stödjer förslaget. Alla avdelningar registrerar dock inte intern utbildning på aktivitetskoden i dag, så vi behöver en gemensam instruktion för tidredovisningen innan siffrorna går att jämföra.",
    ),
]


def _consultation(controller, people) -> None:
    round_, _created = ConsultationRound.objects.get_or_create(
        title="Remissrunda om nyckeltal inför 2027",
        defaults={
            "description": "Föreslå nyckeltal som hjälper ledningen att svara på de fyra frågorna. Var konkret: vad mäts, hur, varifrån kommer uppgiften och vilket beslut ska den stödja?",
            "closes_on": DEMO_TODAY + datetime.timedelta(days=21),
            "opened_by": controller,
        },
    )
    perspectives = {p.key: p for p in Perspective.objects.all()}
    for index, row in enumerate(PROPOSALS):
        (
            name,
            key,
            definition,
            calculation,
            source,
            frequency,
            motivation,
            status,
            comment,
        ) = row
        proposer = people[index % len(people)]
        proposal, created = Proposal.objects.get_or_create(
            round=round_,
            name=name,
            defaults={
                "proposer": proposer,
                "perspective": perspectives[key],
                "definition": definition,
                "calculation": calculation,
                "data_source": source,
                "frequency": frequency,
                "motivation": motivation,
                "status": status,
            },
        )
        if created:
            other = people[(index + 1) % len(people)]
            ProposalSupport.objects.create(proposal=proposal, user=other)
            ProposalComment.objects.create(
                proposal=proposal,
                author=other,
                text=comment,
            )


@transaction.atomic
def followup_demo_load() -> None:
    """Load (or leave as it is) the follow-up's demo content."""
    users = get_user_model().objects
    controller = users.filter(username="controller").first()
    if controller is None:
        return
    head = users.filter(username="avdelningschef").first()
    periods = _period_objects()
    figures = _figures(controller)
    departments = list(Department.objects.filter(is_active=True).order_by("code"))
    for department in departments:
        department.active_units = list(department.units.filter(is_active=True))
    units = [u for d in departments for u in d.active_units]
    headcounts = _headcounts(periods, units, random.Random("guru-demo-headcount"))  # noqa: S311
    _values(figures, periods, departments, headcounts, controller)
    Annotation.objects.get_or_create(
        key_figure=figures["V3"],
        period=periods[-2],
        department=Department.objects.filter(code="FÖR").first(),
        defaults={"text": "Omorganisation 1 mars", "author": controller},
    )
    _follow_ups(periods, departments, controller, head)
    people = list(
        users.filter(username__in=["handlaggare", "handlaggare2", "redaktor"]).order_by(
            "username"
        )
    )
    if people:
        _consultation(controller, people)
