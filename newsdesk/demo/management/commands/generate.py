import time
from datetime import UTC, datetime

from django.core.management.base import BaseCommand, CommandError

from newsdesk.core.progress import TerminalProgress
from newsdesk.demo.generate import AlreadyGenerated, generate


class Command(BaseCommand):
    help = (
        "Fill the database with a synthetic newsroom (outlets, articles, stories, comments) for benchmarks. "
        "The same --seed and --until give the same rows."
    )

    def add_arguments(self, parser):
        parser.add_argument("--articles", type=int, default=100_000)
        parser.add_argument("--seed", type=int, default=1)
        parser.add_argument("--days", type=int, default=365, help="Spread the articles over this many days.")
        parser.add_argument("--until", default="", help="Newest publication date, YYYY-MM-DD (UTC); default: today.")
        parser.add_argument("--comments-per-article", type=float, default=0.9)

    def handle(self, *args, articles, seed, days, until, comments_per_article, **options):
        if articles < 1:
            raise CommandError("--articles must be at least 1.")
        try:
            newest = (datetime.strptime(until, "%Y-%m-%d") if until else datetime.now(UTC)).replace(
                hour=0, minute=0, second=0, microsecond=0, tzinfo=UTC
            )
        except ValueError:
            raise CommandError(f"--until {until!r} is not a date like 2026-01-31.") from None
        started = time.monotonic()
        try:
            with TerminalProgress(self.stderr._out) as progress:
                made = generate(
                    articles,
                    seed=seed,
                    until=newest,
                    days=days,
                    progress=progress,
                    comments_per_article=comments_per_article,
                )
        except AlreadyGenerated as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(
            f"Generated {made.articles} articles, {made.stories} stories, {made.comments} comments "
            f"from {made.sources} outlets in {time.monotonic() - started:.0f} s (seed {seed})."
            + (
                " Each article mentions its story's place, person and institution."
                if made.entities
                else " No entities (the entities app is not installed)."
            )
        )
