"""The knowledge base on the programme's host: reading, search, referral and editing.

Actor hosts include knowledge.urls_reader instead: the same reading pages without the
editor, which is the programme coordinator's and exists on the programme's host only.
"""

from django.urls import path

from knowledge import views
from knowledge.urls_reader import reader_patterns

app_name = "knowledge"

urlpatterns = reader_patterns + [
    path("edit/", views.editor, name="editor"),
    path("edit/<slug:slug>/<kblang:lang>/", views.edit, name="edit"),
    path("edit/<slug:slug>/<kblang:lang>/action/", views.action, name="action"),
    path("edit/<slug:slug>/<kblang:lang>/versions/", views.versions, name="versions"),
    path("edit/<slug:slug>/<kblang:lang>/versions/<int:number>/", views.version, name="version"),
    path("edit/<slug:slug>/<kblang:lang>/versions/<int:number>/restore/", views.restore,
         name="restore"),
]
