"""The knowledge base's public pages, on every host (programme and actors alike)."""

from django.urls import path, register_converter

from knowledge import languages, views


class LanguageConverter:
    """Only the knowledge base's twelve language codes, so /kb/edit/ is never a language."""

    regex = "|".join(languages.CODES)

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


register_converter(LanguageConverter, "kblang")

app_name = "knowledge"

reader_patterns = [
    path("", views.home, name="home"),
    path("referral/", views.referral_check, name="referral"),
    path("language/", views.switch_language, name="switch_language"),
    path("<kblang:lang>/", views.article_list, name="index"),
    path("<kblang:lang>/search/", views.search, name="search"),
    path("<kblang:lang>/glossary/", views.glossary_page, name="glossary"),
    path("<kblang:lang>/<slug:slug>/", views.article, name="article"),
]

urlpatterns = reader_patterns
