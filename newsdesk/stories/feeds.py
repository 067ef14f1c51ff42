"""RSS 2.0 and Atom feeds of one story's coverage: each new article about the event, as it arrives."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404, HttpResponsePermanentRedirect
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed

from newsdesk.articles.feeds import LatestArticlesFeed, newest
from newsdesk.stories.models import Story, surviving_story


class StoryFeed(LatestArticlesFeed):
    url_name = "stories:feed"

    def __call__(self, request, *args, **kwargs):
        try:
            return super().__call__(request, *args, **kwargs)
        except Http404:  # a story merged away: its feed readers follow it to the survivor's feed
            survivor = surviving_story(kwargs["pk"])
            if survivor is None:
                raise
            return HttpResponsePermanentRedirect(reverse(self.url_name, args=[survivor.pk]))

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
    url_name = "stories:feed-atom"
    subtitle = StoryFeed.description
