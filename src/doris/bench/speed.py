"""Speed and size on synthetic sections built from the real SweFAQ text.

Sections are random mixes of real sentences (seeded, so every run builds the
same corpus); queries are the SweFAQ questions. One process, one core.
"""

from __future__ import annotations

import gc
import os
import random
import shutil
import tempfile
import time
from pathlib import Path

from doris import Engine, Section
from doris.answer import sentences
from doris.bench.metrics import percentile_ms
from doris.bench.swefaq import Dataset


def _rss_mb() -> float:
    try:
        with open("/proc/self/statm") as handle:
            pages = int(handle.read().split()[1])
        return pages * os.sysconf("SC_PAGE_SIZE") / 2**20
    except (OSError, ValueError):
        return float("nan")


def synthetic_sections(data: Dataset, n: int, seed: int = 3) -> list[Section]:
    pool = []
    for text in data.documents.values():
        pool.extend(text[a:b] for a, b in sentences(text))
    rng = random.Random(seed)  # noqa: S311 - a reproducible corpus, not secrets
    words = " ".join(pool).split()
    out = []
    for i in range(n):
        body = " ".join(rng.choice(pool) for _ in range(rng.randint(2, 6)))
        title = " ".join(rng.choice(words) for _ in range(3))
        heading = " ".join(rng.choice(words) for _ in range(4))
        page = f"p{i // 5}"
        out.append(Section(f"s{i}", title, heading, body, (), page, f"a{i % 5}"))
    return out


def _latencies(engine: Engine, questions: list[str]) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU seconds per ``answer`` (CPU time is what one core
    spends; it does not grow when other processes share the machine)."""
    for q in questions[:5]:
        engine.answer(q)
    wall, cpu = [], []
    for q in questions:
        started, started_cpu = time.perf_counter(), time.process_time()
        engine.answer(q)
        cpu.append(time.process_time() - started_cpu)
        wall.append(time.perf_counter() - started)
    return wall, cpu


def report(data: Dataset, sizes: list[int]) -> str:
    questions = [q.text for q in data.queries]
    lines = ["## Speed (synthetic sections from the SweFAQ text, one process)"]
    lines.append(
        "| sections | build s (CPU s) | CPU s per 1,000 | memory MB | MB per 10k "
        "| answer p50 ms | answer p95 ms | CPU p50 ms | CPU p95 ms | add ms "
        "| remove ms | save s | load s (CPU s) | first answer after load ms |"
    )
    lines.append("|" + "---|" * 14)
    _ = Engine().analyzer.lexicon  # the shared word list loads once per process
    for n in sizes:
        sections = synthetic_sections(data, n)
        gc.collect()
        before = _rss_mb()
        started, started_cpu = time.perf_counter(), time.process_time()
        engine = Engine()
        engine.add_many(sections)
        build = time.perf_counter() - started
        build_cpu = time.process_time() - started_cpu
        memory = _rss_mb() - before
        lat, lat_cpu = _latencies(engine, questions)
        extra = synthetic_sections(data, 20, seed=99)
        started = time.perf_counter()
        for s in extra:
            engine.add(Section("x" + s.id, s.title, s.heading, s.body))
        engine.answer(questions[0])
        add_ms = (time.perf_counter() - started) * 1000 / len(extra)
        started = time.perf_counter()
        for s in extra:
            engine.remove("x" + s.id)
        remove_ms = (time.perf_counter() - started) * 1000 / len(extra)
        directory = Path(tempfile.mkdtemp(prefix="doris-bench-"))
        try:
            started = time.perf_counter()
            engine.save(directory)
            save = time.perf_counter() - started
            del engine
            gc.collect()
            started, started_cpu = time.perf_counter(), time.process_time()
            loaded = Engine.load(directory)
            load = time.perf_counter() - started
            load_cpu = time.process_time() - started_cpu
            started = time.perf_counter()
            loaded.answer(questions[1])
            first = (time.perf_counter() - started) * 1000
        finally:
            shutil.rmtree(directory, ignore_errors=True)
        del loaded
        gc.collect()
        lines.append(
            f"| {n:,} | {build:.1f} ({build_cpu:.1f}) | {build_cpu / n * 1000:.3f} "
            f"| {memory:.0f} | {memory / n * 10_000:.0f} | {percentile_ms(lat, 50):.1f} "
            f"| {percentile_ms(lat, 95):.1f} | {percentile_ms(lat_cpu, 50):.1f} "
            f"| {percentile_ms(lat_cpu, 95):.1f} | {add_ms:.1f} | {remove_ms:.2f} "
            f"| {save:.2f} | {load:.2f} ({load_cpu:.2f}) | {first:.0f} |"
        )
    lines.append(
        f"\nmachine load average while running: {os.getloadavg()[0]:.1f} "
        f"on {os.cpu_count()} cores. "
        "add = one `add` plus the next query (which folds the delta in); "
        "load = `Engine.load` (no re-analysis); the Swedish word list for "
        "compound splitting is loaded once per process beforehand (~0.6 s)."
    )
    return "\n".join(lines)
