"""PostgreSQL: a small ranking vector and the filter tokens beside the full-text vector (SQLite: nothing).

- ``rank_vector``: title, summary and source only. Ranking reads it instead of ``search_vector``, whose
  300-word bodies are stored out of line (TOAST) and must be fetched and decompressed for every document
  ranked.
- ``facet_vector``: the ``facets`` tokens (kind, source, story, entities; ``indexing.article_facets``), in one
  GIN index with ``search_vector``, so a filter narrows the match inside the index instead of row by row.
- ``search_vector`` compressed with lz4 where the server has it (faster to decompress than pglz, for the
  phrase checks that must read it); rows written from now on.
- Entity tokens for documents whose article already has mentions (as migration 0003 did on SQLite).
"""

from django.db import migrations

FORWARD = [
    """ALTER TABLE search_document ADD COLUMN rank_vector tsvector GENERATED ALWAYS AS (
        setweight(to_tsvector('english'::regconfig, title), 'A') ||
        setweight(to_tsvector('english'::regconfig, summary), 'B') ||
        setweight(to_tsvector('english'::regconfig, source_name), 'C')) STORED""",
    """ALTER TABLE search_document ADD COLUMN facet_vector tsvector GENERATED ALWAYS AS (
        to_tsvector('simple'::regconfig, facets)) STORED""",
    "DROP INDEX IF EXISTS search_document_vector_idx",
    "CREATE INDEX search_document_vector_idx ON search_document USING GIN (search_vector, facet_vector)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_document_vector_idx",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS facet_vector",
    "ALTER TABLE search_document DROP COLUMN IF EXISTS rank_vector",
    "CREATE INDEX search_document_vector_idx ON search_document USING GIN (search_vector)",
]
ENTITY_TOKENS = """
UPDATE search_document d SET facets = d.facets || (
    SELECT string_agg(' en' || replace(m.entity_id::text, '-', ''), '') FROM entities_mention m
    WHERE m.article_id = d.article_id)
WHERE d.kind = 'article' AND d.facets NOT LIKE '% en%'
  AND EXISTS (SELECT 1 FROM entities_mention m WHERE m.article_id = d.article_id)
"""
HAS_LZ4 = "SELECT 1 FROM pg_settings WHERE name = 'default_toast_compression' AND 'lz4' = ANY(enumvals)"


def forward(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    for statement in FORWARD:
        schema_editor.execute(statement)
    with connection.cursor() as cursor:
        cursor.execute(HAS_LZ4)
        if cursor.fetchone():
            cursor.execute("ALTER TABLE search_document ALTER COLUMN search_vector SET COMPRESSION lz4")
        if "entities_mention" in connection.introspection.table_names(cursor):
            cursor.execute(ENTITY_TOKENS)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in BACKWARD:
            schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0003_entity_facets"),
    ]

    operations = [
        migrations.RunPython(forward, backward),
    ]
