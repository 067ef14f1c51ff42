"""Entity filter tokens (``en<entity>``) in the facets of documents whose article has mentions (SQLite).

From now on the entities stage adds them when it stores an article's mentions (``indexing.tag_entities``); this
gives documents indexed before that theirs. A database without the entities tables has no mentions to read.
PostgreSQL filters entities through the mentions table and needs nothing.
"""

from django.db import migrations

ADD_TOKENS = """
UPDATE search_document SET facets = facets || (
    SELECT group_concat(' en' || m.entity_id, '') FROM entities_mention m WHERE m.article_id = search_document.article_id)
WHERE kind = 'article' AND facets NOT LIKE '% en%'
  AND EXISTS (SELECT 1 FROM entities_mention m WHERE m.article_id = search_document.article_id)
"""


def add_tokens(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor == "sqlite" and "entities_mention" in connection.introspection.table_names():
        schema_editor.execute(ADD_TOKENS)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0002_facets_rowid"),
    ]

    operations = [
        migrations.RunPython(add_tokens, migrations.RunPython.noop),
    ]
