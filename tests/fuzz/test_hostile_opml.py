"""OPML from strangers: a file past the size or outline limit is refused with the reason, before it costs
memory (300,000 outlines took 805 MB to import), on the command line and in the admin alike."""

import tracemalloc
from io import StringIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.urls import reverse

from newsdesk.pipeline.errors import FeedParseError
from newsdesk.pipeline.opml import OpmlLimits, parse_opml
from newsdesk.sources.models import Source


def opml(outlines: int, *, folder: bool = False) -> bytes:
    feeds = "".join(f'<outline type="rss" text="F{n}" xmlUrl="https://f{n}.example/feed"/>' for n in range(outlines))
    if folder:
        feeds = f'<outline text="News">{feeds}</outline>'
    return f'<?xml version="1.0"?><opml version="2.0"><head/><body>{feeds}</body></opml>'.encode()


def test_a_file_within_the_limits_is_read_whole():
    assert len(parse_opml(opml(10), limits=OpmlLimits(max_bytes=10_000, max_outlines=10))) == 10


def test_more_outlines_than_the_limit_is_refused_with_the_count():
    with pytest.raises(FeedParseError, match="11 outlines, over the limit of 10"):
        parse_opml(opml(10, folder=True), limits=OpmlLimits(max_outlines=10))  # the folder counts


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed():
    with pytest.raises(FeedParseError, match="over the limit of 1,000"):
        parse_opml(b"<opml>" + b" " * 1000 + b"</opml>", limits=OpmlLimits(max_bytes=1000))


def test_20000_outlines_are_refused_by_default():
    content = opml(20_000)
    assert len(content) < OpmlLimits().max_bytes
    with pytest.raises(FeedParseError, match="20,000 outlines, over the limit of 10,000"):
        parse_opml(content)


def test_300000_outlines_are_refused_by_default_in_bounded_memory():
    content = opml(300_000)
    tracemalloc.start()
    try:
        with pytest.raises(FeedParseError, match="over the limit"):
            parse_opml(content)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert peak < 50 * 1024 * 1024  # Python's own allocations; the file itself is 20 MB, refused unparsed


@pytest.mark.django_db
def test_import_command_refuses_a_file_past_the_outline_limit(tmp_path, settings):
    settings.NEWSDESK_OPML_MAX_OUTLINES = 5
    path = tmp_path / "big.opml"
    path.write_bytes(opml(6))
    with pytest.raises(CommandError, match="6 outlines, over the limit of 5"):
        call_command("sources", "import-opml", str(path), stdout=StringIO(), stderr=StringIO())
    assert not Source.objects.exists()


@pytest.mark.django_db
def test_import_command_refuses_a_file_past_the_size_limit_without_reading_it_all(tmp_path, settings):
    settings.NEWSDESK_OPML_MAX_BYTES = 2000
    path = tmp_path / "big.opml"
    path.write_bytes(opml(200))
    with pytest.raises(CommandError, match="over the limit of 2,000"):
        call_command("sources", "import-opml", str(path), stdout=StringIO(), stderr=StringIO())


@pytest.mark.django_db
def test_admin_import_refuses_a_file_past_the_limits_with_the_reason(admin_client, settings):
    settings.NEWSDESK_OPML_MAX_OUTLINES = 5
    upload = SimpleUploadedFile("subs.opml", opml(6), content_type="text/x-opml")
    response = admin_client.post(reverse("admin:sources_source_import_opml"), {"file": upload})
    assert response.status_code == 200
    assert "6 outlines, over the limit of 5" in response.content.decode()
    assert not Source.objects.exists()

    settings.NEWSDESK_OPML_MAX_BYTES = 1000
    upload = SimpleUploadedFile("subs.opml", opml(20), content_type="text/x-opml")
    response = admin_client.post(reverse("admin:sources_source_import_opml"), {"file": upload})
    assert "larger than" in response.content.decode() or "over the limit" in response.content.decode()
    assert not Source.objects.exists()
