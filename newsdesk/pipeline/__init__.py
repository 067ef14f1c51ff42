"""The pure-Python news pipeline: one module per stage, typed values in and out, no Django.

Stages, in the order an article meets them:

1. ``fetch``     - one guarded HTTP GET (timeouts, size cap, private-address refusal, redirects).
2. ``feeds``     - parse an RSS/Atom/JSON feed into ``FeedEntry`` values.
3. ``urls``      - canonicalise URLs so the same article is stored once.
4. ``extract``   - article text and metadata from a page, with trafilatura.
5. ``article_summary`` - the article's lead, without the datelines, bylines and credits before the news
   (``boilerplate``); its sentences keep their positions in the text.

Every stage reports failure by raising a subclass of ``errors.PipelineError`` that carries a ``Reason``.
Configuration is passed in as plain objects; the Django apps build them from settings.
"""
