from django.apps import AppConfig


class ProgrammeFollowupConfig(AppConfig):
    name = "tenants.followup"
    label = "programme_followup"
    verbose_name = "Programme: admission, period ends, reminders, reviews"
    default_auto_field = "django.db.models.BigAutoField"
