"""RSS 2.0 and Atom feeds of one story's coverage: each new article about the event, as it arrives."""

from __future__ import annotations

from django.conf import settings
from django.shortcuts import get_object_or_404
from django.utils.feedgenerator import Atom1Feed

from newsdesk.articles.feeds import LatestArticlesFeed, newest
from newsdesk.stories.models import Story


class StoryFeed(LatestArticlesFeed):
    def get_object(self, request, pk):
        return get_object_or_404(Story, pk=pk)

    def title(self, story):
        return f"{story.headline}: coverage on {settings.NEWSDESK_SITE_NAME}"

    def link(self, story):
        return story.get_absolute_url()

    def description(self, story):
        return f"Every article about this story, from {story.outlet_count} outlet(s) so far."

    def items(self, story):
        return newest(story.articles)


class StoryAtomFeed(StoryFeed):
    feed_type = Atom1Feed
    subtitle = StoryFeed.description
