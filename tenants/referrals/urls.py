"""The programme's host: /programme/referrals/…"""

from django.urls import path

from tenants.referrals import views

urlpatterns = [
    path("", views.referral_list, name="referrals"),
    path("new/<slug:slug>/", views.referral_new, name="referral_new"),
]
