from django.apps import AppConfig


class ReferralsConfig(AppConfig):
    name = "tenants.referrals"
    label = "referrals"
    verbose_name = "Programme: referrals and free places"
