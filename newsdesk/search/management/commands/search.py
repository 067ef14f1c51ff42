"""``newsdesk search reindex``: rebuild the search index from the database (after a restore or an upgrade).

``newsdesk search query WORDS`` prints what the search page would show, for a quick look from a terminal.
"""

from __future__ import annotations

import sys
import time

from django.core.management.base import BaseCommand, CommandError

from newsdesk.core.progress import TerminalProgress
from newsdesk.search.backends import get_backend
from newsdesk.search.backends.base import InvalidCursor, Order
from newsdesk.search.query import parse_query
from newsdesk.search.rebuild import reindex


class Command(BaseCommand):
    help = "Search index maintenance."

    def add_arguments(self, parser):
        subcommands = parser.add_subparsers(dest="subcommand", required=True)
        subcommands.add_parser(
            "reindex",
            help="Bring the index in line with every published article and story "
            "(in place: searching goes on meanwhile).",
        )
        query = subcommands.add_parser("query", help="Search from the terminal.")
        query.add_argument("words", nargs="+", help='Words, "phrases", -exclusions, OR.')
        query.add_argument("--sort", choices=[o.value for o in Order], default=Order.RELEVANCE.value)
        query.add_argument("--limit", type=int, default=10)

    def handle(self, *args, subcommand, **options):
        if subcommand == "reindex":
            started = time.monotonic()
            with TerminalProgress(sys.stderr) as progress:
                counts = reindex(progress=progress)
            self.stdout.write(
                f"Indexed {counts['articles']} article{'s' if counts['articles'] != 1 else ''} and "
                f"{counts['stories']} stor{'ies' if counts['stories'] != 1 else 'y'} with "
                f"{get_backend().name} in {time.monotonic() - started:.1f}s"
            )
        else:
            self._query(" ".join(options["words"]), Order(options["sort"]), options["limit"])

    def _query(self, text: str, order: Order, limit: int) -> None:
        try:
            page = get_backend().search(parse_query(text), order=order, limit=limit)
        except InvalidCursor as exc:
            raise CommandError(str(exc)) from None
        more = "more than " if page.total_is_lower_bound else ""
        self.stdout.write(f"{more}{page.total} result{'s' if page.total != 1 else ''} for {parse_query(text)}")
        for hit in page.hits:
            self.stdout.write(f"{hit.dated:%Y-%m-%d %H:%M}  {hit.kind:<7}  {hit.title}")
