from django.apps import AppConfig


class FollowupConfig(AppConfig):
    name = "intake.followup"
    label = "followup"
    verbose_name = "Actor: periods, clocks, extensions"
    default_auto_field = "django.db.models.BigAutoField"
