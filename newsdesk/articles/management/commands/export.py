import json

from django.core.management.base import BaseCommand, CommandError

from newsdesk.articles.export import article_record
from newsdesk.articles.models import Article
from newsdesk.entities.export import entity_fields


def exported(article: Article) -> dict:
    """The article's export record, with its ``entities`` and ``key_facts`` (newsdesk.entities)."""
    return article_record(article) | entity_fields(article)


class Command(BaseCommand):
    help = "Export published articles, one JSON object per line."

    def add_arguments(self, parser):
        parser.add_argument("--format", default="jsonl", choices=["jsonl"], help="Output format (jsonl).")
        parser.add_argument("--output", "-o", help="Write to this file instead of standard output.")

    def handle(self, *args, format, output=None, **options):
        # The stored clustering features are large and not exported.
        articles = Article.objects.published().select_related("source").defer("features").order_by("published_at", "id")
        if not output:
            # self.stdout (which ends each line), not sys.stdout: call_command(stdout=...) captures it.
            for article in articles.iterator(chunk_size=500):
                self.stdout.write(json.dumps(exported(article), ensure_ascii=False))
            return
        try:
            with open(output, "w", encoding="utf-8") as stream:
                count = 0
                for article in articles.iterator(chunk_size=500):
                    stream.write(json.dumps(exported(article), ensure_ascii=False) + "\n")
                    count += 1
        except OSError as exc:
            raise CommandError(f"Cannot write {output}: {exc.strerror}") from exc
        self.stderr.write(f"Exported {count} articles to {output}.")
