from functools import partial
from urllib.parse import urlsplit

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.core.validators import URLValidator
from django.utils import timezone

from newsdesk.articles.models import Article, article_id_for, url_key_for
from newsdesk.ingest import isolation
from newsdesk.ingest.runner import Intake
from newsdesk.pipeline.errors import InvalidURL, PipelineError, readable
from newsdesk.pipeline.urls import canonicalize
from newsdesk.sources.models import Source


class Command(BaseCommand):
    help = "Fetch single article URLs now, through the same pipeline as feed entries, and store them."

    def add_arguments(self, parser):
        parser.add_argument("urls", nargs="+", metavar="URL")

    def handle(self, *args, urls, **options):
        # Each URL fails alone, in one line with its reason: a bad one never stops the others.
        failures: list[str] = []
        with Intake() as intake:
            for url in urls:
                article = isolation.contain("adding a page", partial(self.article_for, url), url=url)
                if isinstance(article, PipelineError):
                    failures.append(self.not_stored(url, article, len(urls)))
                    continue
                if article.status == Article.Status.READY:
                    self.stdout.write(f"Already stored: {article.title} {article.get_absolute_url()}")
                    continue
                settled = isolation.settle_article(article, intake.prepare(article))
                if settled.error is not None:
                    failures.append(self.not_stored(url, settled.error, len(urls)))
                elif settled.twin is not None:
                    twin = settled.twin
                    self.stdout.write(f"Already stored under another URL: {twin.title} {twin.get_absolute_url()}")
                else:
                    # Stored; a story desk that fails here files it when it next loads (unfiled articles).
                    isolation.contain(
                        "filing an article",
                        lambda: intake.desk.file_all([article]) if intake.desk else None,  # noqa: B023 - run at once
                        article_id=article.pk,
                        url=url,
                    )
                    self.stdout.write(f"Stored: {article.title} {article.get_absolute_url()}")
        if len(failures) == 1 and len(urls) == 1:
            raise CommandError(f"1 of 1 URL could not be stored: {failures[0]}")
        if failures:
            raise CommandError(f"{len(failures)} of {len(urls)} URL(s) could not be stored; reasons above.")

    def not_stored(self, url: str, error: PipelineError, count: int) -> str:
        """The line saying why; printed now when there are other URLs, else the command's own error line."""
        line = f"{readable(url, 300)}: {error}"
        if count > 1:
            self.stderr.write(f"Not stored: {line}")
        return line

    def article_for(self, url: str) -> Article:
        try:
            URLValidator(schemes=["http", "https"])(url)
        except ValidationError:
            raise InvalidURL("not an http(s) URL", url=url) from None
        canonical = canonicalize(url)
        key = url_key_for(canonical)
        parts = urlsplit(canonical)
        # Articles added by hand belong to a per-site source that is never polled.
        source, _ = Source.objects.get_or_create(
            url=f"{parts.scheme}://{parts.netloc}/",
            defaults={
                "kind": Source.Kind.PAGES,
                "title": parts.hostname or "",
                "site_url": f"{parts.scheme}://{parts.netloc}/",
            },
        )
        article, created = Article.objects.get_or_create(
            url_key=key,
            defaults={"id": article_id_for(key), "source": source, "url": url, "canonical_url": canonical},
        )
        if not created and article.status != Article.Status.READY:
            # Asked for by hand: try again now, whatever the earlier outcome.
            article.status, article.next_attempt_at = Article.Status.PENDING, timezone.now()
        return article
