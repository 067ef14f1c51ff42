"""The entities stage against the hand-labelled fixture (issue 16), on each half side by side.

    .venv/bin/python bench/entity_labels.py [--json]

Type accuracy counts a "not an entity" mention right when the stage drops it, and a person, organisation or
place right when the stage finds it under its right name with its right type; alias precision is the share of
labelled pairs the stage puts on one entity that are one entity (``tests/support/entity_labels.py``).
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import asdict
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from tests.support.entity_labels import score  # noqa: E402
from tests.support.halves import HALVES  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    started = time.perf_counter()
    figures = {half: score(half) for half in HALVES}
    if args.json:
        print(json.dumps({half: asdict(f) for half, f in figures.items()}, indent=2))
        return
    print(f"{'half':<10} {'mentions':>8} {'type acc':>9} {'span err':>9} {'pairs':>6} {'alias P':>8} {'alias R':>8}")
    for half, f in figures.items():
        print(
            f"{half:<10} {f.mentions:>8} {f.type_accuracy:>9.3f} {f.span_errors:>9} {f.alias_pairs:>6} "
            f"{f.alias_precision:>8.3f} {f.alias_recall:>8.3f}"
        )
    print(f"({time.perf_counter() - started:.0f} s)")


if __name__ == "__main__":
    main()
