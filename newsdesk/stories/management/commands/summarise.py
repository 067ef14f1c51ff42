"""``newsdesk summarise``: remake recent stories' summaries now, with the summariser the settings choose.

A story's summary is remade by itself whenever the articles it is made from change (after the change commits,
or by the analyst's sweep of due summaries); this is for the other times: after switching ``NEWSDESK_SUMMARISER`` (or the LLM model), or to retry stories whose LLM summary
fell back to extractive.
"""

from __future__ import annotations

from collections import Counter
from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from newsdesk.stories.models import Story
from newsdesk.stories.summarising import refresh_summary


class Command(BaseCommand):
    help = "Remake the summaries of stories updated in the last days (default 7) with the configured summariser."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=float, default=7, help="stories with an article this recent (default 7)")
        parser.add_argument("--story", action="append", default=[], metavar="ID", help="only this story (repeatable)")

    def handle(self, *args, days: float, story: list[str], **options):
        stories = Story.objects.filter(article_count__gt=0)
        stories = (
            stories.filter(pk__in=story)
            if story
            else stories.filter(updated_at__gte=timezone.now() - timedelta(days=days))
        )
        modes: Counter[str] = Counter()
        fell_back = []
        for each in stories.order_by("-updated_at").iterator(chunk_size=100):
            each.summary_inputs = ""  # as if its articles had changed
            refresh_summary(each)
            modes[each.summary_mode] += 1
            if each.summary_note.startswith("LLM endpoint failed"):
                fell_back.append(f"  {each.pk}: {each.summary_note}")
        made = ", ".join(f"{mode}: {n}" for mode, n in sorted(modes.items())) or "none"
        self.stdout.write(f"Summarised {sum(modes.values())} stories with {settings.NEWSDESK_SUMMARISER} ({made}).")
        if fell_back:
            self.stdout.write(f"{len(fell_back)} fell back to extractive:\n" + "\n".join(fell_back))
