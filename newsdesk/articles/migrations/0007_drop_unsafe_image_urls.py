"""Pictures stored before the extractor kept only web addresses: an ``image_url`` that is not an absolute
http(s) URL (``javascript:``, ``data:``, a relative path) is emptied, so it cannot reach the API or the export.
Only rows whose address does not start with a web scheme are read, then judged by the extractor's own
rule (``pipeline.urls.is_web_url``)."""

from django.db import migrations
from django.db.models import Q

from newsdesk.pipeline.urls import is_web_url


def drop_unsafe_image_urls(apps, schema_editor):
    Article = apps.get_model("articles", "Article")
    # Cheap in SQL first: only rows not plainly starting with a web scheme are read into Python.
    suspects = Article.objects.exclude(image_url="").exclude(
        Q(image_url__istartswith="http://") | Q(image_url__istartswith="https://")
    )
    unsafe = [pk for pk, url in suspects.values_list("pk", "image_url").iterator() if not is_web_url(url)]
    for start in range(0, len(unsafe), 500):
        Article.objects.filter(pk__in=unsafe[start : start + 500]).update(image_url="")


class Migration(migrations.Migration):
    dependencies = [("articles", "0006_claimed_published_at")]
    operations = [migrations.RunPython(drop_unsafe_image_urls, migrations.RunPython.noop)]
