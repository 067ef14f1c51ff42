"""The fact checker on real reference highlights, on each half of CNN/DailyMail dev, side by side.

    .venv/bin/python bench/factcheck.py [--cnndm FILE]

1. Read ../shared/data/cnndm/dev.jsonl (never copied) and split each article's human-written highlights into
   sentences; the halves are ``tests/support/halves.py``'s (a stable hash of the article id).
2. Check each highlight against its own article (``factcheck.check_sentence``): most are faithful, so most
   should pass.
3. In each highlight that passed, change its first number above 2 (n -> 10n + 7) and check it again: the
   checker should now fail it. ``tests/pipeline/test_factcheck.py`` asserts both on the held-out half.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsdesk.pipeline.article_summary import split_sentences  # noqa: E402
from newsdesk.pipeline.factcheck import check_sentence  # noqa: E402
from tests.support.halves import HALVES, cnndm_half  # noqa: E402

DATA = ROOT.parent / "shared" / "data" / "cnndm" / "dev.jsonl"
NUMBER = re.compile(r"\b(\d+)\b(?![.,]\d)")


def highlight_figures(rows: list[dict]) -> dict[str, int]:
    passed = total = changed = caught = 0
    for row in rows:
        article = {1: row["article"]}
        for highlight in split_sentences(row["reference"]):  # 2.
            total += 1
            if not check_sentence(highlight, (1,), article).passed:
                continue
            passed += 1
            match = NUMBER.search(highlight)  # 3.
            if match and int(match.group(1)) > 2:
                wrong = highlight[: match.start()] + str(int(match.group(1)) * 10 + 7) + highlight[match.end() :]
                changed += 1
                caught += not check_sentence(wrong, (1,), article).passed
    return {"articles": len(rows), "highlights": total, "passed": passed, "changed": changed, "caught": caught}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--cnndm", type=Path, default=DATA)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args(argv)
    rows = [json.loads(line) for line in args.cnndm.read_text().splitlines() if line.strip()]  # 1.
    report = {half: highlight_figures([r for r in rows if cnndm_half(r["id"]) == half]) for half in HALVES}
    if args.json:
        print(json.dumps(report, indent=2))
        return
    for half, f in report.items():
        print(
            f"{half:<9} {f['articles']:>4} articles: {f['passed']} of {f['highlights']} highlights pass "
            f"({f['passed'] / f['highlights']:.1%}); {f['caught']} of {f['changed']} with a changed number fail"
        )


if __name__ == "__main__":
    main()
