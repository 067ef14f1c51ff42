from django.apps import AppConfig


class EntitiesConfig(AppConfig):
    name = "newsdesk.entities"
    verbose_name = "Entities and key facts"
    default_auto_field = "django.db.models.BigAutoField"
