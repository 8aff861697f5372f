"""The coordinator edits in the portal: versions kept, review and publication recorded."""

from __future__ import annotations

import pytest

from knowledge import services
from knowledge.models import ArticleTranslation, ArticleVersion, Status
from portal.models import AuditEvent
from tests.helpers import PUBLIC_HOST, host_of_actor
from tests.knowledge.support import find, make_article

pytestmark = pytest.mark.django_db

SLUG, LANG = "return", "sv"
EDIT = f"/kb/edit/{SLUG}/{LANG}/"


@pytest.fixture
def coordinator(client_at, demo_users):
    client = client_at(PUBLIC_HOST, demo_users["samordnare"])
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"  # messages asserted in English
    return client


def translation() -> ArticleTranslation:
    return ArticleTranslation.objects.select_related("published_version").get(
        article__slug=SLUG, language=LANG)


def save(client, title, body, base=None):
    current = translation()
    return client.post(EDIT, {
        "title": title, "summary": current.summary, "body": body,
        "base_version": base if base is not None else current.versions.order_by("-number").first().number,
    })


def test_the_editor_lists_every_article_and_language(coordinator):
    html = coordinator.get("/kb/edit/").content.decode()
    for code in ("sv", "en", "ar", "th"):
        assert f'href="/kb/edit/{SLUG}/{code}/"' in html
    assert find(html, "span", data_status="published")
    assert find(html, "span", data_status="draft")


def test_editing_keeps_earlier_versions_and_stays_a_draft_until_published(coordinator, demo_users):
    before = translation()
    old_version = before.published_version
    old_body = before.body
    response = save(coordinator, before.title, old_body + "\n\nEtt nytt stycke från samordnaren.")
    assert response.status_code == 302
    after = translation()
    assert after.versions.count() == old_version.number + 1
    assert after.status == Status.DRAFT
    newest = after.versions.order_by("-number").first()
    assert newest.edited_by == demo_users["samordnare"] and newest.source == ArticleVersion.Source.EDIT
    assert after.versions.get(number=old_version.number).body == old_body  # kept as it was
    # Readers still see the published text until the edit is published.
    public = coordinator.get(f"/kb/{LANG}/{SLUG}/").content.decode()
    assert "Ett nytt stycke från samordnaren." not in public
    assert coordinator.post(EDIT + "action/", {"action": "submit"}).status_code == 302
    assert translation().status == Status.IN_REVIEW
    coordinator.post(EDIT + "action/", {"action": "review"})
    reviewed = translation()
    assert reviewed.status == Status.REVIEWED
    assert reviewed.reviewed_by == demo_users["samordnare"] and reviewed.reviewed_at is not None
    assert reviewed.versions.order_by("-number").first().reviewed_by == demo_users["samordnare"]
    coordinator.post(EDIT + "action/", {"action": "publish"})
    published = translation()
    assert published.status == Status.PUBLISHED
    assert published.published_version == newest
    public = coordinator.get(f"/kb/{LANG}/{SLUG}/").content.decode()
    assert "Ett nytt stycke från samordnaren." in public
    actions = set(AuditEvent.objects.filter(user=demo_users["samordnare"],
                                            action__startswith="knowledge.").values_list("action", flat=True))
    assert {"knowledge.translation_save", "knowledge.translation_submit",
            "knowledge.translation_review", "knowledge.translation_publish"} <= actions


def test_publishing_without_review_says_so(coordinator):
    current = translation()
    save(coordinator, current.title, current.body + "\n\nOgranskat tillägg.")
    coordinator.post(EDIT + "action/", {"action": "publish"})
    after = translation()
    assert after.status == Status.DRAFT and after.published_version.reviewed_at is None
    html = coordinator.get(f"/kb/{LANG}/{SLUG}/").content.decode()
    assert "Ogranskat tillägg." in html
    assert find(html, "span", data_review="changed")


def test_earlier_versions_can_be_seen_and_restored(coordinator):
    first = translation().versions.order_by("number").first()
    save(coordinator, "Ny rubrik", "Helt ny text.")
    html = coordinator.get(EDIT + "versions/").content.decode()
    assert find(html, "tr", data_version=str(first.number))
    page = coordinator.get(EDIT + f"versions/{first.number}/").content.decode()
    assert first.title in page and "kb-diff__removed" in page
    response = coordinator.post(EDIT + f"versions/{first.number}/restore/")
    assert response.status_code == 302
    after = translation()
    newest = after.versions.order_by("-number").first()
    assert (newest.source, newest.restored_from) == (ArticleVersion.Source.RESTORE, first.number)
    assert (after.title, after.body) == (first.title, first.body)
    assert after.versions.filter(title="Ny rubrik").exists()


def test_a_stale_edit_is_refused(coordinator):
    current = translation()
    latest = current.versions.order_by("-number").first().number
    save(coordinator, current.title, "Första ändringen.", base=latest)
    response = save(coordinator, current.title, "Andra, från en gammal sida.", base=latest)
    assert response.status_code == 200
    assert "newer version" in response.content.decode()
    assert translation().body == "Första ändringen."


def test_a_missing_translation_can_be_created(coordinator, demo_users):
    make_article("sv-only", texts={"sv": ("Bara svenska", "Sv.", "Svensk text.")},
                 user=demo_users["samordnare"], person_facing=False)
    url = "/kb/edit/sv-only/ar/"
    html = coordinator.get(url).content.decode()
    assert 'lang="ar"' in html and 'dir="rtl"' in html  # the fields are in Arabic
    response = coordinator.post(url, {"title": "قائمة مرجعية", "summary": "", "body": "نص."})
    assert response.status_code == 302
    created = ArticleTranslation.objects.get(article__slug="sv-only", language="ar")
    assert created.status == Status.DRAFT and created.published_version is None


def test_service_validation():
    current = translation()
    with pytest.raises(services.KnowledgeError):
        services.translation_save(article=current.article, language="de", title="x", summary="",
                                  body="y", user=None)
    with pytest.raises(services.KnowledgeError):
        services.translation_save(article=current.article, language="sv", title="", summary="",
                                  body="y", user=None)
    with pytest.raises(services.KnowledgeError):
        services.translation_submit(translation=current, user=None)  # published, not a draft


EDITOR_URLS = [
    ("get", "/kb/edit/"), ("get", EDIT), ("post", EDIT), ("post", EDIT + "action/"),
    ("get", EDIT + "versions/"), ("get", EDIT + "versions/1/"), ("post", EDIT + "versions/1/restore/"),
]


@pytest.mark.parametrize("method, url", EDITOR_URLS)
@pytest.mark.parametrize("username", ["region.syd", "lindskyddet.admin", "norrbro.staff"])
def test_only_the_coordinator_may_edit(client_at, demo_users, username, method, url):
    versions = ArticleVersion.objects.count()
    client = client_at(PUBLIC_HOST, demo_users[username])
    response = getattr(client, method)(url, {"action": "publish", "title": "x", "body": "y"} if method == "post" else {})
    assert response.status_code == 403
    assert ArticleVersion.objects.count() == versions


@pytest.mark.parametrize("method, url", EDITOR_URLS)
def test_anonymous_is_sent_to_login(client_at, method, url):
    response = getattr(client_at(PUBLIC_HOST), method)(url)
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_no_editor_on_actor_hosts(client_at, demo_users):
    client = client_at(host_of_actor("lindskyddet"), demo_users["lindskyddet.admin"])
    assert client.get("/kb/edit/").status_code == 404
    assert client.get("/kb/sv/return/").status_code == 200
