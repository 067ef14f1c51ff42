from django.apps import AppConfig


class SearchConfig(AppConfig):
    name = "newsdesk.search"
    label = "search"
    verbose_name = "Search"

    def ready(self) -> None:
        # Keeps the index in step with articles, stories and sources as they are saved.
        from newsdesk.search import signals  # noqa: F401
