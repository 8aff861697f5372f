from django.urls import path

from intake import views
from intake.followup import views as followup
from intake.privacy import views as privacy

app_name = "intake"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("new/", views.case_open, name="case_open"),
    path("<str:code>/", views.case_detail, name="case_detail"),
    path("<str:code>/lawful-basis/", views.lawful_basis, name="lawful_basis"),
    # The person's rights, for the actor's administrator: everything held, and erasure.
    path("<str:code>/export/", privacy.export_print, name="export_print"),
    path("<str:code>/export.json", privacy.export_json, name="export_json"),
    path("<str:code>/erase/", privacy.erase, name="erase"),
    path("<str:code>/intake/", views.chat, name="chat"),
    path("<str:code>/intake/answer/", views.chat_answer, name="chat_answer"),
    path("<str:code>/intake/person/", views.person_screen, name="person_screen"),
    path("<str:code>/recommendation/", views.recommendation_make, name="recommendation_make"),
    path("<str:code>/recommendation/<int:pk>/adjust/", views.recommendation_adjust, name="recommendation_adjust"),
    path("<str:code>/recommendation/<int:pk>/apply/", views.application_create, name="application_create"),
    path("<str:code>/applications/<int:pk>/", views.application_review, name="application"),
    # After the first decision (intake/followup): days from before, early end, extension, closing.
    path("<str:code>/followup/prior-days/", followup.prior_days, name="prior_days"),
    path("<str:code>/followup/period-end/", followup.period_end, name="period_end"),
    path("<str:code>/followup/extension/", followup.extension, name="extension"),
    path("<str:code>/followup/close/", followup.close, name="case_close"),
    path("<str:code>/timeline/", followup.timeline, name="timeline"),
    path("<str:code>/applications/<int:pk>/review/", followup.review, name="review"),
]
