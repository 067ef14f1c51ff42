from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator
from django.utils import timezone

from newsdesk.articles.models import Article, article_id_for, url_key_for
from newsdesk.ingest.processor import record_article_failure, store_article
from newsdesk.ingest.runner import Intake
from newsdesk.pipeline.errors import PipelineError
from newsdesk.pipeline.urls import canonicalize
from newsdesk.sources.models import Source


class Command(BaseCommand):
    help = "Fetch single article URLs now, through the same pipeline as feed entries, and store them."

    def add_arguments(self, parser):
        parser.add_argument("urls", nargs="+", metavar="URL")

    def handle(self, *args, urls, **options):
        validate = URLValidator(schemes=["http", "https"])
        for url in urls:
            try:
                validate(url)
            except ValidationError:
                raise CommandError(f"{url!r} is not an http(s) URL.") from None
        failures = 0
        with Intake() as intake:
            for url in urls:
                article = self.article_for(url)
                if article.status == Article.Status.READY:
                    self.stdout.write(f"Already stored: {article.title} {article.get_absolute_url()}")
                    continue
                result = intake.prepare(article)
                if isinstance(result, PipelineError):
                    record_article_failure(article, result)
                    self.stderr.write(f"Not stored: {url}: {result}")
                    failures += 1
                elif (twin := store_article(article, result)) is not None:
                    self.stdout.write(f"Already stored under another URL: {twin.title} {twin.get_absolute_url()}")
                else:
                    if intake.desk is not None:
                        intake.desk.file_all([article])
                    self.stdout.write(f"Stored: {article.title} {article.get_absolute_url()}")
        if failures:
            raise CommandError(f"{failures} of {len(urls)} URL(s) could not be stored; reasons above.")

    def article_for(self, url: str) -> Article:
        canonical = canonicalize(url)
        key = url_key_for(canonical)
        parts = urlsplit(canonical)
        # Articles added by hand belong to a per-site source that is never polled.
        source, _ = Source.objects.get_or_create(
            url=f"{parts.scheme}://{parts.netloc}/",
            defaults={"kind": Source.Kind.PAGES, "title": parts.hostname or "", "site_url": f"{parts.scheme}://{parts.netloc}/"},
        )
        article, created = Article.objects.get_or_create(
            url_key=key,
            defaults={"id": article_id_for(key), "source": source, "url": url, "canonical_url": canonical},
        )
        if not created and article.status != Article.Status.READY:
            # Asked for by hand: try again now, whatever the earlier outcome.
            article.status, article.next_attempt_at = Article.Status.PENDING, timezone.now()
        return article
