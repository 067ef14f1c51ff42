from django.apps import AppConfig
from django.conf import settings


class TasksConfig(AppConfig):
    name = "newsdesk.tasks"
    label = "tasks"
    verbose_name = "Workers and scheduling"

    def ready(self) -> None:
        if settings.NEWSDESK_BROKER_URL:
            from newsdesk.tasks.celery_app import configure

            configure(settings.NEWSDESK_BROKER_URL, time_limit=settings.NEWSDESK_TASK_TIME_LIMIT)
            import newsdesk.tasks.tasks  # noqa: F401  (registers the tasks with the app)
