"""Benchmark the follow-up: the report view at 10 departments × 40 figures × 9
tertials, and an import of 10,000 rows. Runs inside one transaction that is rolled
back, so the database is left as it was (the demo's departments are hidden only
while it runs)."""

import random
import statistics
import time
from decimal import Decimal
from importlib import import_module

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from django.db import transaction
from django.test import RequestFactory

from guru.accounts.models import Department, Unit
from guru.followup.imports import COLUMNS, values_import_commit, values_import_preview
from guru.followup.models import (
    Headcount,
    KeyFigure,
    Period,
    Perspective,
    Target,
    Value,
)
from guru.followup.views import report as report_views

DEPARTMENTS, UNITS, FIGURES, TERTIALS = 10, 3, 40, 9


class Rollback(Exception):
    pass


class Command(BaseCommand):
    help = "Mät rapportens serverns tid och en import av 10 000 rader."

    def add_arguments(self, parser):
        parser.add_argument("--repeat", type=int, default=7)
        parser.add_argument("--profile", action="store_true")

    def handle(self, *args, repeat: int, profile: bool, **options):
        self.profile = profile
        try:
            with transaction.atomic():
                self._run(repeat)
                raise Rollback
        except Rollback:
            pass

    def _run(self, repeat: int) -> None:
        rng = random.Random(7)  # noqa: S311 - benchmark data
        Department.objects.update(is_active=False)
        KeyFigure.objects.update(status="retired")
        user = get_user_model().objects.create(username="bench-controller")
        user.is_superuser = True
        user.save()
        units = self._organisation()
        figures = self._figures()
        periods = [
            Period.objects.get_or_create(year=2040 + i // 3, tertial=i % 3 + 1)[0]
            for i in range(TERTIALS)
        ]
        self._values(figures, periods, units, user, rng)
        user.unit = units[0]
        user.save()
        request = RequestFactory().get("/uppfoljning/tertial/")
        request.user = user
        request.session = import_module(settings.SESSION_ENGINE).SessionStore()
        request.htmx = False
        last = periods[-1]
        report_views.report(
            request, last.year, last.tertial
        )  # warm-up: URL and template caches
        timings, cpu = [], []
        if self.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
            report_views.report(request, last.year, last.tertial)
            profiler.disable()
            pstats.Stats(profiler).sort_stats("tottime").print_stats(30)
        for _ in range(repeat):
            start, start_cpu = time.perf_counter(), time.process_time()
            response = report_views.report(request, last.year, last.tertial)
            timings.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
        if response.status_code != 200:
            raise RuntimeError(response.status_code)
        cells = DEPARTMENTS * FIGURES
        self.stdout.write(
            f"report {DEPARTMENTS} avd × {FIGURES} nyckeltal × {TERTIALS} tertial "
            f"({cells} celler, {Value.objects.count()} värden): "
            f"median {statistics.median(timings) * 1000:.0f} ms, "
            f"min {min(timings) * 1000:.0f} ms, max {max(timings) * 1000:.0f} ms "
            f"(processortid median {statistics.median(cpu) * 1000:.0f} ms) "
            f"över {repeat} körningar, {len(response.content) // 1024} kB HTML"
        )
        content = self._import_file(figures, units, rng)
        start, start_cpu = time.perf_counter(), time.process_time()
        preview = values_import_preview(
            filename="bench.csv", content=content, user=user
        )
        checked = time.perf_counter()
        if preview.errors:
            raise RuntimeError(preview.errors[:3])
        if self.profile:
            import cProfile
            import pstats

            profiler = cProfile.Profile()
            profiler.enable()
        values_import_commit(batch=preview.batch, user=user)
        if self.profile:
            profiler.disable()
            pstats.Stats(profiler).sort_stats("tottime").print_stats(25)
        done = time.perf_counter()
        self.stdout.write(
            f"import {preview.batch.row_count} rader: kontroll och förhandsgranskning "
            f"{checked - start:.2f} s, genomförande {done - checked:.2f} s, "
            f"totalt {done - start:.2f} s "
            f"(processortid {time.process_time() - start_cpu:.2f} s)"
        )

    def _organisation(self) -> list[Unit]:
        units = []
        for d in range(DEPARTMENTS):
            department = Department.objects.create(
                code=f"B{d}", name=f"Bänkavdelning {d}"
            )
            for u in range(UNITS):
                units.append(
                    Unit.objects.create(
                        department=department, code=f"B{d}-{u}", name=f"Enhet {d}.{u}"
                    )
                )
        return units

    def _figures(self) -> list[KeyFigure]:
        perspectives = list(Perspective.objects.all())
        kinds = [
            ("sum", False, "open"),
            ("ratio", False, "open"),
            ("ratio", True, "health"),
            ("weighted_average", True, "open"),
        ]
        figures = []
        for i in range(FIGURES):
            aggregation, individual, privacy = kinds[i % len(kinds)]
            figure = KeyFigure.objects.create(
                code=f"BENCH{i}",
                name=f"Bänknyckeltal {i}",
                perspective=perspectives[i % 4],
                definition="Nyckeltal för mätning av prestanda.",
                aggregation=aggregation,
                scale=Decimal(100) if aggregation == "ratio" else Decimal(1),
                individual_based=individual,
                privacy_class=privacy,
                decimals=1,
            )
            Target.objects.create(key_figure=figure, year=2042, value=Decimal(50))
            figures.append(figure)
        return figures

    def _values(self, figures, periods, units, user, rng) -> None:
        Headcount.objects.bulk_create(
            Headcount(
                unit=u, period=p, women=rng.randint(3, 30), men=rng.randint(3, 30)
            )
            for u in units
            for p in periods
        )
        rows = []
        for figure in figures:
            genders = ("T", "K", "M") if figure.individual_based else ("T",)
            for period in periods:
                for unit in units:
                    for gender in genders:
                        den = Decimal(rng.randint(50, 500))
                        num = Decimal(rng.randint(0, int(den)))
                        rows.append(
                            Value(
                                key_figure=figure,
                                period=period,
                                department_id=unit.department_id,
                                unit=unit,
                                gender=gender,
                                value=num / den * figure.scale,
                                numerator=num,
                                denominator=den,
                                entered_by=user,
                            )
                        )
        Value.objects.bulk_create(rows, batch_size=2000)

    def _import_file(self, figures, units, rng) -> bytes:
        lines = [";".join(COLUMNS)]
        for i in range(10_000):
            figure = figures[i % len(figures)]
            unit = units[(i // len(figures)) % len(units)]
            year = 2050 + i // (len(figures) * len(units))
            if figure.aggregation == "ratio":
                values = f";{rng.randint(0, 90)};{rng.randint(100, 200)}"
            else:
                values = f"{rng.randint(0, 90)};;{rng.randint(1, 40)}"
            lines.append(f"{figure.code};{year} T1;{unit.code};T;{values};preliminär;;")
        return ("\n".join(lines) + "\n").encode()
