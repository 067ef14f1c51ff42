"""Filter tokens (``facets``) in the FTS5 index, and the document key as SQLite's rowid.

SQLite remakes a table to alter it, which drops its triggers, and the FTS5 table gains a column: both are
dropped first and made again afterwards, and the index is rebuilt from ``search_document``. PostgreSQL
keeps its generated column and GIN index as they are (``facets`` is not part of its vector).
"""

from django.db import migrations, models

SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS search_document_au",
    "DROP TRIGGER IF EXISTS search_document_ad",
    "DROP TRIGGER IF EXISTS search_document_ai",
    "DROP TABLE IF EXISTS search_fts",
]
COLUMNS = "title, summary, body, source_name, facets"
SQLITE_CREATE = [
    f"""CREATE VIRTUAL TABLE search_fts USING fts5(
        {COLUMNS},
        content='search_document', content_rowid='id',
        tokenize='porter unicode61 remove_diacritics 2')""",
    # Documents written before this migration get their tokens (as indexing.article_facets writes them), and
    # the index is built from the table, before the triggers exist (an update trigger would delete entries
    # from the still empty index).
    """UPDATE search_document SET facets = CASE WHEN kind = 'story' THEN 'kindstory' ELSE
        'kindarticle src' || source_id || coalesce(' st' || (SELECT a.story_id FROM articles_article a
                                                              WHERE a.id = search_document.article_id), '') END""",
    "INSERT INTO search_fts(search_fts) VALUES ('rebuild')",
    f"""CREATE TRIGGER search_document_ai AFTER INSERT ON search_document BEGIN
        INSERT INTO search_fts(rowid, {COLUMNS})
        VALUES (new.id, new.title, new.summary, new.body, new.source_name, new.facets);
    END""",
    f"""CREATE TRIGGER search_document_ad AFTER DELETE ON search_document BEGIN
        INSERT INTO search_fts(search_fts, rowid, {COLUMNS})
        VALUES ('delete', old.id, old.title, old.summary, old.body, old.source_name, old.facets);
    END""",
    f"""CREATE TRIGGER search_document_au AFTER UPDATE ON search_document BEGIN
        INSERT INTO search_fts(search_fts, rowid, {COLUMNS})
        VALUES ('delete', old.id, old.title, old.summary, old.body, old.source_name, old.facets);
        INSERT INTO search_fts(rowid, {COLUMNS})
        VALUES (new.id, new.title, new.summary, new.body, new.source_name, new.facets);
    END""",
]


def _run(statements):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in statements:
                schema_editor.execute(statement)

    return run


class Migration(migrations.Migration):
    dependencies = [
        ("search", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(_run(SQLITE_DROP), migrations.RunPython.noop),
        migrations.AddField(
            model_name="searchdocument",
            name="facets",
            field=models.TextField(blank=True),
        ),
        migrations.AlterField(
            model_name="searchdocument",
            name="id",
            field=models.BigAutoField(primary_key=True, serialize=False),
        ),
        migrations.RunPython(_run(SQLITE_CREATE), _run(SQLITE_DROP)),
    ]
