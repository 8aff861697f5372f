"""URLs both the programme's host and every actor's host have: accounts, language, health."""

from django.urls import path

from portal import views
from portal.accounts import views as accounts
from portal.manage import views as manage

app_name = "portal"

urlpatterns = [
    path("", views.home, name="home"),
    path("health/", views.health, name="health"),
    path("i18n/setlang/", views.set_language, name="set_language"),
    path("accounts/login/", accounts.login, name="login"),
    path("accounts/login/verify/", accounts.login_verify, name="login_verify"),
    path("accounts/login/enrol/", accounts.login_enrol, name="login_enrol"),
    path("accounts/security/", accounts.security, name="security"),
    path("accounts/security/authenticator/", accounts.security_totp_add, name="security_totp_add"),
    path("accounts/security/recovery-codes/", accounts.recovery_codes, name="recovery_codes"),
    # The administration area: the actor's administrator at the actor, the coordinator here.
    path("manage/users/", manage.users, name="manage_users"),
    path("manage/audit/", manage.audit_log, name="manage_audit"),
    path("accounts/logout/", views.logout, name="logout"),
    path("accounts/password/change/", views.password_change, name="password_change"),
    path("accounts/password/change/done/", views.password_change_done, name="password_change_done"),
    path("accounts/password/reset/", views.password_reset, name="password_reset"),
    path("accounts/password/reset/done/", views.password_reset_done, name="password_reset_done"),
    path("accounts/reset/<uidb64>/<token>/", views.password_reset_confirm, name="password_reset_confirm"),
    path("accounts/reset/done/", views.password_reset_complete, name="password_reset_complete"),
]
