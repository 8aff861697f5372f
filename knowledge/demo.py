"""Demo knowledge base: import the content files and publish them, honestly labelled.

portal/demo.py calls load() inside the public schema. Swedish and English are the
programme's own texts: the demo coordinator (samordnare) marks them reviewed and
publishes them. The other languages are machine-assisted translations: they are
published so a person can read them, but stay drafts, and every page says "not yet
reviewed". Only imported versions are touched, so running the demo again never
reviews or publishes a coordinator's own edit in someone's name.
"""

from __future__ import annotations

from knowledge import loader, services
from knowledge.languages import FALLBACKS
from knowledge.models import ArticleTranslation, ArticleVersion
from portal.models import User

COORDINATOR = "samordnare"


def load() -> loader.LoadReport:
    report = loader.load()
    coordinator = User.objects.filter(username=COORDINATOR).first()
    translations = ArticleTranslation.objects.select_related("article", "published_version")
    for translation in translations:
        latest = translation.versions.order_by("-number").first()
        if latest is None or latest.source != ArticleVersion.Source.IMPORT:
            continue
        if translation.language in FALLBACKS and coordinator is not None and not latest.is_reviewed:
            translation = services.translation_review(translation=translation, user=coordinator)
        if translation.published_version_id != latest.pk:
            services.translation_publish(translation=translation, user=coordinator)
    return report
