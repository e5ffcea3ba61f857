"""``python -m doris.bench``: Doris against its peers, then speed.

python -m doris.bench                  # everything (SweFAQ dev, handbook, speed)
python -m doris.bench --data PATH      # SweFAQ tasks on another file of the format
python -m doris.bench --skip-speed     # quality tables only
python -m doris.bench --fit-calibration  # refit data/calibration.json (dev only)
python -m doris.bench --encoder DIR --fit-calibration --calibration FILE
                                       # a hybrid's own calibration (GURU_DORIS_CALIBRATION)
"""

from __future__ import annotations

import argparse
import os
import platform
import sys
import time

from doris import Engine
from doris.bench import swefaq
from doris.bench.peers import all_peers
from doris.bench.retrieval import evaluate, table


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m doris.bench")
    parser.add_argument("--data", help="a SweFAQ-format JSON Lines file")
    parser.add_argument("--skip-speed", action="store_true")
    parser.add_argument("--skip-handbook", action="store_true")
    parser.add_argument(
        "--sizes", default="10000,100000", help="section counts for the speed runs"
    )
    parser.add_argument("--fit-calibration", action="store_true")
    parser.add_argument(
        "--encoder",
        default=os.environ.get("DORIS_ENCODER"),
        help="local ONNX model directory: adds a hybrid doris+dense row",
    )
    parser.add_argument(
        "--calibration",
        help="calibration file to report with (or, with --fit-calibration, to write);"
        " required to fit with --encoder",
    )
    args = parser.parse_args(argv)
    if args.fit_calibration and args.encoder and not args.calibration:
        parser.error("--fit-calibration with --encoder needs --calibration PATH")

    encoder = None
    if args.encoder:  # loaded once, for every table and the calibration
        from doris.encoders import OnnxEncoder

        encoder = OnnxEncoder(args.encoder)

    print(f"# Doris benchmark — {time.strftime('%Y-%m-%d %H:%M', time.gmtime())} UTC")
    print(f"python {platform.python_version()}, {platform.machine()}\n")

    path = args.data or swefaq.default_path()
    if not os.path.exists(path):
        print(f"SweFAQ file not found: {path} (give --data PATH or set DORIS_SWEFAQ)")
        return 2
    data = swefaq.load(path)
    print(f"## SweFAQ open corpus: {path}")
    print(f"{len(data.documents)} documents, {len(data.queries)} queries\n")
    results = [evaluate(peer, data) for peer in all_peers(encoder=encoder)]
    print(table(results, with_accuracy=True))
    print()

    from doris.bench import typos
    from doris.bench.peers import DorisPeer

    noisy = typos.with_typos(data)
    print("## SweFAQ with a typing error in every question (seeded)\n")
    peers = all_peers(encoder=encoder)
    peers.insert(
        1, DorisPeer("doris−typo-correction", lambda: Engine(correct_typos=False))
    )
    print(
        table([evaluate(p, noisy, superlim=False) for p in peers], with_accuracy=False)
    )
    print()

    if args.data:
        return 0

    from doris.bench import calibrate, handbook

    hb = None
    if not args.skip_handbook:
        hb = handbook.load_default()
        if hb is None:
            print("## Handbook set: not found (src/doris/bench/data/), skipped\n")
        else:
            print(f"## Handbook set: {len(hb.dataset.queries)} questions")
            print(f"{len(hb.dataset.documents)} sections\n")
            hb_results = [
                evaluate(peer, hb.dataset, superlim=False)
                for peer in all_peers(encoder=encoder)
            ]
            print(table(hb_results, with_accuracy=False))
            print()

    print(
        calibrate.report(
            data,
            hb,
            fit=args.fit_calibration,
            encoder=encoder,
            path=args.calibration,
        )
    )
    print()

    if not args.skip_speed:
        from doris.bench import speed

        sizes = [int(s) for s in args.sizes.split(",") if s]
        print(speed.report(data, sizes))
    return 0


if __name__ == "__main__":
    sys.exit(main())
