from django.urls import path

from intake.documents import views

app_name = "documents"

urlpatterns = [
    path("blank/<str:kind>/", views.blank_print, name="blank"),
    path("<str:code>/new/", views.document_new_any, name="new_any"),
    path("<str:code>/new/<str:kind>/", views.document_new, name="new"),
    path("<str:code>/<int:pk>/", views.document, name="document"),
    path("<str:code>/<int:pk>/field/", views.field_save, name="field"),
    path("<str:code>/<int:pk>/sign/", views.document_sign, name="sign"),
    path("<str:code>/<int:pk>/print/", views.document_print, name="print"),
    path("<str:code>/<int:pk>/person/", views.person_rights, name="person"),
]
