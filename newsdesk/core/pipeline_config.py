"""Build the pipeline's config objects from Django settings: the one place the pipeline meets settings."""

from __future__ import annotations

from django.conf import settings
from django.utils.module_loading import import_string

import newsdesk
from newsdesk.pipeline.article_summary import SummaryConfig
from newsdesk.pipeline.extract import ExtractConfig
from newsdesk.pipeline.features import FeatureConfig
from newsdesk.pipeline.fetch import FetchConfig
from newsdesk.pipeline.politeness import HostPolicy
from newsdesk.pipeline.retry import RetryPolicy
from newsdesk.pipeline.robots import RobotsConfig


def user_agent() -> str:
    if settings.NEWSDESK_USER_AGENT:
        return settings.NEWSDESK_USER_AGENT
    return f"newsdesk/{newsdesk.__version__} (+{settings.NEWSDESK_CONTACT_URL})"


def fetch_config() -> FetchConfig:
    # Named in settings rather than imported: core knows no app, the demo's offline newsroom included.
    mounts = import_string(settings.NEWSDESK_FETCH_MOUNTS)() if settings.NEWSDESK_FETCH_MOUNTS else {}
    timeout = settings.NEWSDESK_FETCH_TIMEOUT
    return FetchConfig(
        user_agent=user_agent(),
        connect_timeout=min(10.0, timeout),
        read_timeout=timeout,
        total_timeout=timeout * 3,
        max_bytes=settings.NEWSDESK_FETCH_MAX_BYTES,
        allow_private_networks=settings.NEWSDESK_ALLOW_PRIVATE_NETWORKS,
        host_policy=host_policy(),
        mounts=mounts,
    )


def host_policy(source=None) -> HostPolicy:
    """Politeness for requests on behalf of ``source``: its own limits where set, else the defaults."""
    in_flight = getattr(source, "max_in_flight", None)
    interval = getattr(source, "min_request_interval", None)
    return HostPolicy(
        max_in_flight=in_flight or settings.NEWSDESK_HOST_MAX_IN_FLIGHT,
        min_interval=settings.NEWSDESK_HOST_MIN_INTERVAL if interval is None else interval,
    )


def retry_policy() -> RetryPolicy:
    """In-run retries of transient failures (``NEWSDESK_RETRY_ATTEMPTS``, ``NEWSDESK_RETRY_MAX_WAIT``)."""
    return RetryPolicy(attempts=settings.NEWSDESK_RETRY_ATTEMPTS, max_wait=settings.NEWSDESK_RETRY_MAX_WAIT)


def robots_config() -> RobotsConfig | None:
    """None when the operator turned robots.txt off (NEWSDESK_OBEY_ROBOTS=0)."""
    return RobotsConfig() if settings.NEWSDESK_OBEY_ROBOTS else None


def extract_config() -> ExtractConfig:
    return ExtractConfig()


def summary_config() -> SummaryConfig:
    return SummaryConfig()


def feature_config() -> FeatureConfig | None:
    """None when story filing is off (NEWSDESK_STORIES=0): no features computed, no stories."""
    if not settings.NEWSDESK_STORIES:
        return None
    return FeatureConfig(embedding=settings.NEWSDESK_EMBEDDINGS)
