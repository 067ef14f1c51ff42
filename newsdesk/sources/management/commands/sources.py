"""`newsdesk sources`: add (a feed, a sitemap or a site's home page), list, remove, import-opml, export-opml."""

from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator

from newsdesk.ingest import isolation
from newsdesk.pipeline.errors import FeedParseError, PipelineError, readable
from newsdesk.pipeline.urls import canonicalize
from newsdesk.sources import discovery
from newsdesk.sources.models import Source
from newsdesk.stories.services import remove_sources


class Command(BaseCommand):
    help = "Manage the sources newsdesk polls: add, list, remove, import-opml, export-opml."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True, metavar="{add,list,remove,import-opml,export-opml}")
        add = sub.add_parser("add", help="Add a feed, a news sitemap, or a site's home page (its feed is found).")
        add.add_argument("url")
        add.add_argument("--title", default="", help="Display name (default: the feed's own title).")
        add.add_argument(
            "--republish-full-text",
            action="store_true",
            help="The outlet allows republishing: show full article text, not just an excerpt.",
        )
        add.add_argument(
            "--kind",
            choices=Source.Kind.values,
            default=None,
            help="Add the URL as this kind without fetching it (default: fetch it and detect).",
        )
        sub.add_parser("list", help="List sources with their health.")
        remove = sub.add_parser("remove", help="Remove a source and its articles.")
        remove.add_argument("source", help="Source ID or feed URL.")
        import_opml = sub.add_parser("import-opml", help="Add every feed in an OPML file (from another reader).")
        import_opml.add_argument("file", help="OPML file to read.")
        export_opml = sub.add_parser("export-opml", help="Write the feed sources as OPML.")
        export_opml.add_argument("--output", default=None, help="File to write (default: standard output).")

    def handle(self, *args, action, **options):
        getattr(self, f"handle_{action.replace('-', '_')}")(**options)

    def handle_add(self, url, title, republish_full_text, kind, **options):
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise CommandError(
                f"{url!r} is not an http(s) URL. Give the feed's full address, e.g. https://example.com/feed.xml"
            ) from None
        try:
            canonicalize(url)  # what the validator lets through but no request could use (port 99999)
        except (PipelineError, ValueError) as exc:
            raise CommandError(f"{readable(url, 300)!r} is not a usable URL ({exc}).") from None
        if kind:
            resolved = discovery.ResolvedSource(url=url, kind=kind)
        else:
            try:
                resolved = discovery.resolve(url)
            except Exception as caught:  # a hostile home page or feed: one line with the reason, not a traceback
                error = isolation.as_error(caught, "adding a source", url=url)
                hint = "" if isinstance(error, FeedParseError) else " (use --kind feed to add it without checking)"
                raise CommandError(f"Could not add {url}: {error}{hint}") from error
            where = f" on {resolved.found_on}" if resolved.found_on else ""
            self.stdout.write(f"Found {resolved.description} {resolved.url}{where}")
        source, created = Source.objects.get_or_create(
            url=resolved.url,
            defaults={
                "kind": resolved.kind,
                "served_format": resolved.served_format,
                "title": (title or resolved.title)[:300],
                "site_url": resolved.site_url[:2000],
                "republish_full_text": republish_full_text,
            },
        )
        if created:
            self.stdout.write(
                f"Added source {source.pk}: {resolved.url}. Run `newsdesk ingest --once` to fetch it now."
            )
        else:
            self.stdout.write(f"Source {source.pk} already exists: {resolved.url}")

    def handle_list(self, **options):
        sources = Source.objects.order_by("pk")
        if not sources:
            self.stdout.write("No sources. Add one with `newsdesk sources add URL`.")
        for s in sources:
            problem = f"  {s.get_last_error_reason_display()}: {s.last_error_message}" if s.last_error_reason else ""
            serves = f" ({s.get_served_format_display()})" if s.served_format else ""
            self.stdout.write(
                f"{s.pk:>4}  {s.get_health_display():<16} {s.articles_found:>5} found  {s}  <{s.url}>{serves}{problem}"
            )

    def handle_remove(self, source, **options):
        lookup = {"pk": int(source)} if source.isdigit() else {"url": source}
        if not remove_sources(Source.objects.filter(**lookup)):
            raise CommandError(f"No source {source!r}. See `newsdesk sources list`.")
        self.stdout.write(f"Removed source {source}.")

    def handle_import_opml(self, file, **options):
        try:
            with Path(file).open("rb") as opml:  # one byte past the limit is enough to refuse it
                content = opml.read(discovery.opml_limits().max_bytes + 1)
        except OSError as exc:
            raise CommandError(f"Cannot read {file}: {exc.strerror or exc}") from exc
        try:
            counts = discovery.import_opml(content)
        except FeedParseError as exc:
            raise CommandError(f"{file}: {exc}") from exc
        self.stdout.write(str(counts))

    def handle_export_opml(self, output, **options):
        sources = Source.objects.order_by("pk")
        content = discovery.export_opml(sources)
        left_out = sources.exclude(kind=Source.Kind.FEED).count()
        if output:
            Path(output).write_bytes(content)
        else:
            self.stdout.write(content.decode("utf-8"), ending="")
        if left_out:
            self.stderr.write(f"Left out {left_out} sitemap source(s): OPML lists feeds only.")
