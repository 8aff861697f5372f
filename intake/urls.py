from django.urls import path

from intake import views

app_name = "intake"

urlpatterns = [
    path("", views.case_list, name="case_list"),
    path("<str:code>/", views.case_detail, name="case_detail"),
]
