from django import template

from newsdesk.articles.models import Article
from newsdesk.entities.keyfacts import article_key_facts, story_key_facts
from newsdesk.stories.models import Story

register = template.Library()


@register.simple_tag(takes_context=True)
def key_facts(context, subject):
    """The key facts of an article or a story, or None while it has not been analysed. On the story page,
    the coverage entries already hold the story's articles: they are used rather than read again."""
    if isinstance(subject, Article):
        return article_key_facts(subject)
    if isinstance(subject, Story):
        entries = context.get("entries")
        articles = None
        if entries is not None:
            articles = [a for entry in entries for a in (entry.article, *entry.copies)]
        return story_key_facts(subject, articles)
    return None
