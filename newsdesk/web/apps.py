from django.apps import AppConfig


class WebConfig(AppConfig):
    name = "newsdesk.web"
    label = "web"
    verbose_name = "Reader's website"

    def ready(self) -> None:
        # The page cache's listings follow the articles, stories and comments they list.
        from newsdesk.web import signals

        signals.connect()
