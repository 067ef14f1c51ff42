from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator

from newsdesk.sources.models import Source


class Command(BaseCommand):
    help = "Manage the feeds newsdesk polls: add, list, remove."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{add,list,remove}")
        add = sub.add_parser("add", help="Add a feed URL (RSS, Atom or JSON Feed).")
        add.add_argument("url")
        add.add_argument("--title", default="", help="Display name (default: the feed's own title).")
        add.add_argument("--republish-full-text", action="store_true",
                         help="The outlet allows republishing: show full article text, not just an excerpt.")
        sub.add_parser("list", help="List sources with their health.")
        remove = sub.add_parser("remove", help="Remove a source and its articles.")
        remove.add_argument("source", help="Source ID or feed URL.")

    def handle(self, *args, action, **options):
        getattr(self, f"handle_{action}")(**options)

    def handle_add(self, url, title, republish_full_text, **options):
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise CommandError(f"{url!r} is not an http(s) URL. Give the feed's full address, e.g. https://example.com/feed.xml")
        source, created = Source.objects.get_or_create(
            url=url, defaults={"title": title, "republish_full_text": republish_full_text}
        )
        if created:
            self.stdout.write(f"Added source {source.pk}: {url}. Run `newsdesk ingest --once` to fetch it now.")
        else:
            self.stdout.write(f"Source {source.pk} already exists: {url}")

    def handle_list(self, **options):
        sources = Source.objects.order_by("pk")
        if not sources:
            self.stdout.write("No sources. Add one with `newsdesk sources add URL`.")
        for s in sources:
            problem = f"  {s.get_last_error_reason_display()}: {s.last_error_message}" if s.last_error_reason else ""
            self.stdout.write(
                f"{s.pk:>4}  {s.get_health_display():<16} {s.articles_found:>5} found  {s}  <{s.url}>{problem}"
            )

    def handle_remove(self, source, **options):
        lookup = {"pk": int(source)} if source.isdigit() else {"url": source}
        deleted, _ = Source.objects.filter(**lookup).delete()
        if not deleted:
            raise CommandError(f"No source {source!r}. See `newsdesk sources list`.")
        self.stdout.write(f"Removed source {source}.")
