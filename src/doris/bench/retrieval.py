"""Run every peer over a dataset: quality metrics, SuperLim accuracy, latency."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from doris.bench.metrics import METRICS, mean_metrics, percentile_ms, query_metrics
from doris.bench.peers import DorisPeer, Peer, Unavailable
from doris.bench.swefaq import Dataset


@dataclass
class PeerResult:
    name: str
    metrics: dict[str, float] = field(default_factory=dict)
    accuracy: float | None = None  # SuperLim: right answer among its category's
    p50_ms: float = float("nan")
    p95_ms: float = float("nan")
    cpu_p50_ms: float = float("nan")
    cpu_p95_ms: float = float("nan")
    build_s: float = float("nan")
    skipped: str = ""


def evaluate(peer: Peer, data: Dataset, *, superlim: bool = True) -> PeerResult:
    """Index ``data`` with ``peer`` and measure it on every query."""
    result = PeerResult(peer.name)
    started = time.perf_counter()
    try:
        if data.sections is not None and isinstance(peer, DorisPeer):
            peer.index(data.documents, data.sections)
        else:
            peer.index(data.documents)
    except Unavailable as reason:
        result.skipped = str(reason)
        return result
    result.build_s = time.perf_counter() - started
    try:
        per_query, latencies, cpu, correct = [], [], [], 0
        for query in data.queries:
            started, started_cpu = time.perf_counter(), time.process_time()
            ranked = peer.search(query.text, 10)
            cpu.append(time.process_time() - started_cpu)
            latencies.append(time.perf_counter() - started)
            per_query.append(query_metrics(ranked, set(query.relevant)))
            if superlim and query.candidates:
                full = peer.search(query.text, len(data.documents))
                allowed = set(query.candidates)
                choice = next((d for d in full if d in allowed), None)
                correct += choice == query.answer
        result.metrics = mean_metrics(per_query)
        if superlim and data.queries and data.queries[0].candidates:
            result.accuracy = correct / len(data.queries)
        result.p50_ms = percentile_ms(latencies, 50)
        result.p95_ms = percentile_ms(latencies, 95)
        result.cpu_p50_ms = percentile_ms(cpu, 50)
        result.cpu_p95_ms = percentile_ms(cpu, 95)
    finally:
        peer.close()
    return result


def table(results: list[PeerResult], *, with_accuracy: bool) -> str:
    """A Markdown table: peer, metrics (nDCG@10 first), latency; ratios to doris.

    Latency is wall clock and this process's CPU time per query (PostgreSQL's
    CPU time is the server's and is not in the CPU columns).
    """
    head = ["peer", *METRICS]
    if with_accuracy:
        head.append("SuperLim acc")
    head += ["p50 ms", "p95 ms", "CPU p50 ms", "CPU p95 ms"]
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for r in results:
        if r.skipped:
            lines.append(
                f"| {r.name} | skipped: {r.skipped} |" + " |" * (len(head) - 2)
            )
            continue
        cells = [r.name, *(f"{r.metrics[m]:.3f}" for m in METRICS)]
        if with_accuracy:
            cells.append(f"{r.accuracy:.3f}" if r.accuracy is not None else "–")
        cells += [f"{r.p50_ms:.2f}", f"{r.p95_ms:.2f}"]
        cells += [f"{r.cpu_p50_ms:.2f}", f"{r.cpu_p95_ms:.2f}"]
        lines.append("| " + " | ".join(cells) + " |")
    doris = next((r for r in results if r.name == "doris" and not r.skipped), None)
    if doris is not None:
        lines.append("")
        lines.append("doris ÷ peer (nDCG@10, R@1; >1 means doris is ahead):")
        for r in results:
            if r is doris or r.skipped:
                continue
            ratios = [
                doris.metrics[m] / r.metrics[m] if r.metrics[m] else float("inf")
                for m in ("nDCG@10", "R@1")
            ]
            lines.append(f"- {r.name}: {ratios[0]:.2f}, {ratios[1]:.2f}")
    return "\n".join(lines)
