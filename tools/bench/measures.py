"""The measurements of issue 14's table, one small function each (registered by name).

Every HTTP figure is judged against the same server's /health/ in the same run, under
the same load; the rest against what they replace (tenant_create: a schema built by
replaying the migrations) or against a fixed goal.
"""

from __future__ import annotations

import importlib.util
import secrets
import statistics
import time
from dataclasses import dataclass, field
from urllib.parse import urlencode

from tools.bench import NotMeasured, Result, measure
from tools.bench.clients import Session, SocketSpec, hold_sockets, http_load, percentile, sequential

STAFF_HOST_SLUG = "lindskyddet"


@dataclass
class Bench:
    """What the measurements share: the server, logins, prepared cases and settings."""

    quick: bool
    port: int
    server: object
    redis_url: str
    channel_prefix: str
    cookies: dict[str, str] = field(default_factory=dict)   # username -> session key
    intake_scripts: list[tuple[str, list[dict]]] = field(default_factory=list)  # (case code, posts)
    health: dict[str, float] = field(default_factory=dict)
    csrf: str = field(default_factory=lambda: secrets.token_hex(16))

    def session(self, username: str | None, host: str, steps, *, repeat=False, htmx=False) -> Session:
        from django.conf import settings

        cookies = {settings.CSRF_COOKIE_NAME: self.csrf}
        if username:
            cookies[settings.SESSION_COOKIE_NAME] = self.cookies[username]
        headers = {"X-CSRFToken": self.csrf}
        if htmx:
            # What htmx sends for the chat's forms, whose target is #chat.
            headers.update({"HX-Request": "true", "HX-Target": "chat"})
        return Session(host=host, cookies=cookies, steps=steps, repeat=repeat, headers=headers)


def staff_host() -> str:
    from django.conf import settings

    return f"{STAFF_HOST_SLUG}.{settings.PORTAL_BASE_DOMAIN}"


# --- Preparation (in the benchmark's own process, on the throw-away database) -------------


def prepare(bench: Bench, *, cases: int) -> None:
    """Demo actors and users, sessions for them, and `cases` fresh cases with the posts
    that take each through the whole intake."""
    from django.test import Client
    from django_tenants.utils import tenant_context

    from portal import demo
    from portal.models import User
    from tenants.models import Actor

    demo.load()  # with its cases: submitted and decided applications for the inbox
    from tests.helpers import login_verified

    for username in ("samordnare", f"{STAFF_HOST_SLUG}.staff"):
        client = Client()
        # Both factors, as the login pages leave the session: every page and socket checks it.
        login_verified(client, User.objects.get(username=username))
        from django.conf import settings
        from django_otp import DEVICE_ID_SESSION_KEY
        from django_otp.plugins.otp_totp.models import TOTPDevice

        user = User.objects.get(username=username)
        client = Client()
        client.force_login(user, backend="portal.accounts.backends.HostMembershipBackend")
        # Both factors, as after a real login: a password-only session is sent to the second step.
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = TOTPDevice.objects.filter(user=user, confirmed=True).first().persistent_id
        session.save()
        bench.cookies[username] = client.cookies[settings.SESSION_COOKIE_NAME].value
    actor = Actor.objects.get(slug=STAFF_HOST_SLUG)
    staff = User.objects.get(username=f"{STAFF_HOST_SLUG}.staff")
    with tenant_context(actor):
        for n in range(cases):
            bench.intake_scripts.append(_case_with_script(staff, n))


def _case_with_script(staff, n: int) -> tuple[str, list[dict]]:
    from intake import flow as intake_flow
    from intake import services
    from intake.selectors import case_facts
    from tests.intake.intake_helpers import TODAY, assessment_fallback, example, post_data, script_for

    case = services.case_open(user=staff, initials="B.N.", birth_year=1990 + n % 10, nationality="RO",
                              gender="woman", person_language="ro")
    facts = case_facts(case)
    script = script_for(example("01")["answers"])
    answers: dict = {}
    posts = []
    for _ in range(500):
        question = intake_flow.next_question(answers, facts)
        if question is None:
            break
        raw = script[question.id] if question.id in script else assessment_fallback(question)
        # As the page posts it: with the revision it showed (the n-th answer sees revision n).
        posts.append({**post_data(question, raw), "revision": str(len(posts))})
        answers[question.id] = intake_flow.validate_answer(question, raw, "sv", today=TODAY)
    return case.code, posts


def _encode(data: dict) -> bytes:
    return urlencode(data, doseq=True).encode()


# --- Health: the baseline of every HTTP figure ----------------------------------------------


def health_under_load(bench: Bench, sessions: int, duration: float):
    steps = [("GET", "/health/", None)]
    load = http_load(bench.port, [bench.session(None, "localhost", steps, repeat=True) for _ in range(sessions)],
                     duration=duration, processes=min(4, sessions))
    return load


def health_idle(bench: Bench) -> float:
    if "idle_p95" not in bench.health:
        idle = sequential(bench.port, bench.session(None, "localhost", [("GET", "/health/", None)]), repeat=40)
        bench.health["idle_p50"] = percentile(idle.latencies, 50)
        bench.health["idle_p95"] = percentile(idle.latencies, 95)
    return bench.health["idle_p95"]


# --- The intake step ------------------------------------------------------------------------


def _intake_sessions(bench: Bench, sessions: int, first_case: int) -> list[Session]:
    """Each session takes its own cases, one after another, through the whole intake."""
    per_session = []
    scripts = bench.intake_scripts[first_case:]
    for index in range(sessions):
        steps = []
        for code, posts in scripts[index::sessions]:
            steps += [("POST", f"/cases/{code}/intake/answer/", _encode(post)) for post in posts]
        per_session.append(bench.session(f"{STAFF_HOST_SLUG}.staff", staff_host(), steps, htmx=True))
    return per_session


@measure("intake_step", group="intake")
def intake_step(bench: Bench) -> dict[str, Result]:
    duration = 12.0 if bench.quick else 30.0
    results = {}
    used = 1  # case 0 is the query count's
    for sessions in (10, 50):
        health = health_under_load(bench, sessions, duration)
        load = http_load(bench.port, _intake_sessions(bench, sessions, used), duration=duration,
                         processes=min(4, sessions))
        used += sessions * 2
        if load.errors:
            note = f"{load.errors} of {sum(load.statuses.values())} answers failed: {dict(load.statuses)}"
        else:
            note = f"{load.ok} answers, health {health.ok} requests"
        p95, health_p95 = load.percentile(95), health.percentile(95)
        results[f"intake_step_p95_{sessions}"] = Result(
            p95 * 1000, "ms", health_p95 * 1000, f"health p95 at {sessions} sessions", "≤ 1.5 × health",
            met=p95 <= 1.5 * health_p95 and not load.errors, note=note)
        if sessions == 10:
            results["intake_step_throughput_10"] = Result(
                load.throughput, "req/s", health.throughput, "health req/s at 10 sessions", "≥ 0.6 × health",
                met=load.throughput >= 0.6 * health.throughput and not load.errors, note=note)
    return results


@measure("intake_step_queries", group="intake_queries")
def intake_step_queries(bench: Bench) -> Result:
    """SQL queries per answer, over one whole intake (in-process, the same view)."""
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from portal.models import User

    code, posts = bench.intake_scripts[0]
    from tests.helpers import login_verified

    client = Client(HTTP_HOST=staff_host(), headers={"HX-Request": "true", "HX-Target": "chat"})
    login_verified(client, User.objects.get(username=f"{STAFF_HOST_SLUG}.staff"))
    counts, sizes = [], []
    for post in posts:
        with CaptureQueriesContext(connection) as queries:
            response = client.post(f"/cases/{code}/intake/answer/", post)
        if response.status_code != 200:
            raise NotMeasured(f"an answer failed with {response.status_code}")
        counts.append(len(queries))
        sizes.append(len(response.content))
    bench.health["intake_response_kb_last"] = sizes[-1] / 1024
    return Result(statistics.mean(counts), "queries", None, "", "≤ 10 per answer", met=max(counts) <= 10,
                  note=f"max {max(counts)} over {len(counts)} answers; response {sizes[0] / 1024:.1f} KB "
                       f"first, {sizes[-1] / 1024:.1f} KB last")


# --- The coordinator's inbox at 100 000 applications -----------------------------------------


def _applications(total: int) -> int:
    """Copies of the demo's submitted application until there are `total` (one statement)."""
    from django.db import connection

    from tenants.models import Application

    existing = Application.objects.count()
    source = Application.objects.order_by("pk").first()
    if source is None:
        raise NotMeasured("the demo data has no application to copy")
    missing = max(0, total - existing)
    columns = [f.column for f in Application._meta.concrete_fields if not f.primary_key]
    overrides = {
        "case_code": "'B' || lpad(g::text, 7, '0')",
        "local_id": "1000000 + g",
        "year": "2022 + g %% 4",
        "status": "(ARRAY['submitted','granted','partly_granted','more_info','refused'])[1 + g %% 5]",
        "submitted_at": "now() - g * interval '1 minute'",
        # Each copy a person of its own: one person's key repeated 100 000 times at one
        # actor is no inbox the programme will have (and made the duplicate flag scan them all).
        "duplicate_key": "md5(g::text)",
    }
    select = ", ".join(overrides.get(column, f'a."{column}"') for column in columns)
    with connection.cursor() as cursor:
        cursor.execute(
            f'INSERT INTO tenants_application ({", ".join(chr(34) + c + chr(34) for c in columns)}) '
            f"SELECT {select} FROM tenants_application a, generate_series(1, %s) g WHERE a.id = %s",
            [missing, source.pk],
        )
        cursor.execute("ANALYZE tenants_application")
    return Application.objects.count()


@measure("inbox_100k", group="inbox")
def inbox(bench: Bench) -> dict[str, Result]:
    rows = _applications(100_000)
    idle = health_idle(bench)
    page = sequential(bench.port, bench.session("samordnare", "localhost", [("GET", "/programme/applications/", None)]),
                      repeat=1)
    if page.errors:
        raise NotMeasured(f"the inbox answered {dict(page.statuses)}")
    runs = sequential(bench.port, bench.session("samordnare", "localhost",
                                                [("GET", "/programme/applications/", None)]), repeat=6 if bench.quick else 20)
    p50 = percentile(runs.latencies, 50)
    size = runs.received_bytes / len(runs.latencies)
    return {
        "inbox_100k": Result(p50 * 1000, "ms", bench.health["idle_p50"] * 1000, "idle health p50", "≤ 3 × health",
                             met=p50 <= 3 * bench.health["idle_p50"], note=f"{rows} applications; idle health p95 "
                                                                             f"{idle * 1000:.1f} ms"),
        "inbox_100k_bytes": Result(size / 1024, "KB", 100, "goal", "≤ 100 KB", met=size <= 100 * 1024),
    }


# --- Creating actors -----------------------------------------------------------------------


@measure("tenant_create", group="tenants")
def tenant_create(bench: Bench) -> dict[str, Result]:
    from django.core.management import call_command
    from django.db import connection

    from tenants.provisioning import actor_create

    from tenants.provisioning.schemas import _quiet  # the migration replay prints every step

    replay = []
    for n in range(3):
        name = f"bench_replay_{n}"
        started = time.perf_counter()
        with connection.cursor() as cursor:
            cursor.execute(f'CREATE SCHEMA "{name}"')
        with _quiet(0):
            call_command("migrate_schemas", tenant=True, schema_name=name, interactive=False, verbosity=0)
        replay.append(time.perf_counter() - started)
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA "{name}" CASCADE')
    count = 200 if bench.quick else 1000
    single = []
    started_all = time.perf_counter()
    for n in range(count):
        started = time.perf_counter()
        actor_create(slug=f"bench-{n}", name=f"Bench {n}", kind="shelter")
        single.append(time.perf_counter() - started)
    total = time.perf_counter() - started_all
    median = statistics.median(single)
    per_minute = count / total * 60
    return {
        "tenant_create": Result(median * 1000, "ms", statistics.median(replay) * 1000,
                                "migrations replayed", "≤ 100 ms", met=median <= 0.1,
                                note=f"median of {count}; p95 {percentile(single, 95) * 1000:.0f} ms"),
        "tenant_create_rate": Result(per_minute, "actors/min", 500, "goal: 1 000 in 2 min", "≥ 500 per minute",
                                     met=per_minute >= 500, note=f"{count} actors in {total:.1f} s"),
    }


@measure("actor_register", group="tenants")
def actor_register(bench: Bench) -> dict[str, Result]:
    """The coordinator's onboarding as a whole (tenants.certification.services.actor_register):
    the cloned schema, the host, the certification file, the one-time invitation, the audit."""
    from portal.models import User
    from tenants.certification.services import actor_register as register

    coordinator, _ = User.objects.get_or_create(username="bench.coordinator")
    count = 50 if bench.quick else 200
    single = []
    for n in range(count):
        started = time.perf_counter()
        register(name=f"Bench onboarding {n}", slug=f"bench-onboard-{n}", region="syd", kind="shelter",
                 contact_name="Bench", contact_email="bench@example.org", by=coordinator)
        single.append(time.perf_counter() - started)
    median = statistics.median(single)
    return {"actor_register": Result(median * 1000, "ms", None, "", "≤ 150 ms", met=median <= 0.15,
                                     note=f"median of {count}; p95 {percentile(single, 95) * 1000:.0f} ms")}


# --- Websockets ----------------------------------------------------------------------------


def _group_members(bench: Bench) -> int:
    import redis

    client = redis.Redis.from_url(bench.redis_url)
    members = 0
    for key in client.scan_iter(f"{bench.channel_prefix}:group:*", count=1000):
        members += client.zcard(key)
    return members


@measure("websockets_1000", group="websockets")
def websockets(bench: Bench) -> dict[str, Result]:
    from django.conf import settings

    count = 1000
    hold = 20.0 if bench.quick else 60.0
    cookie = f"{settings.SESSION_COOKIE_NAME}={bench.cookies[f'{STAFF_HOST_SLUG}.staff']}"
    codes = [code for code, _posts in bench.intake_scripts]
    specs = [SocketSpec(staff_host(), f"/ws/cases/{codes[n % len(codes)]}/", cookie) for n in range(count)]
    errors_before = len(bench.server.errors_logged())
    stats = hold_sockets(bench.port, specs, hold=hold, processes=4)
    # Every closed socket's consumer leaves its group; give the workers up to 30 s to get
    # through a thousand disconnects before counting who is left.
    settled = time.monotonic()
    stale = _group_members(bench)
    while stale and time.monotonic() - settled < 30:
        time.sleep(1)
        stale = _group_members(bench)
    settled = time.monotonic() - settled
    server_errors = len(bench.server.errors_logged()) - errors_before
    opened = len(stats["first"])
    drops = stats["drops"] + len(stats["connect_errors"])
    first_p95 = percentile(stats["first"], 95) if stats["first"] else float("nan")
    note = (f"{opened} of {count} opened at 100/s and held {hold:.0f} s; connect errors {len(stats['connect_errors'])}, "
            f"close errors {len(stats['close_errors'])}, server errors {server_errors}, stale group members {stale} "
            f"({settled:.0f} s after the last close)")
    return {
        "websockets_1000_drops": Result(drops, "sockets", 0, "goal", "0 drops, 0 errors, 0 stale groups",
                                        met=drops == 0 and not stats["close_errors"] and not server_errors
                                        and stale == 0, note=note),
        "websockets_first_message_p95": Result(first_p95 * 1000, "ms", 200, "goal", "≤ 200 ms",
                                               met=first_p95 <= 0.2, note=note),
    }


# --- Statistics (issue 11) -----------------------------------------------------------------


def _statistics_rows(actors: int = 100, per_actor: int = 1000, year: int = 2025) -> int:
    """`actors` actor rows (no schemas: the statistics read public rows only) with
    `per_actor` granted applications each, varied across genders, interventions, child
    supplements, children and referrers (two statements)."""
    from django.db import connection

    from tenants.models import Actor, Application

    existing = Actor.objects.filter(slug__startswith="bench-stat-").count()
    Actor.objects.bulk_create([
        Actor(schema_name=f"bench_stat_{n:03d}", slug=f"bench-stat-{n:03d}", name=f"Bench {n:03d}", kind="shelter",
              region=["nord", "mitt", "stockholm", "vast", "syd", "ost", "bergslagen"][n % 7])
        for n in range(existing, actors)])
    if Application.objects.filter(actor__slug__startswith="bench-stat-").exists():
        return Application.objects.filter(actor__slug__startswith="bench-stat-").count()
    with connection.cursor() as cursor:
        cursor.execute(
            """INSERT INTO tenants_application (actor_id, case_code, nsp_number, local_id, year, period,
                   ruleset_version, outcome, interventions, intervention_codes, total, complementarity, rules_fired,
                   explanation, statistics, adjusted_by_staff, status, submitted_at, granted_interventions,
                   granted_total, decided_at, duplicate_key)
               SELECT a.id, 'S' || lpad((g / 2)::text, 6, '0'), '', 5000000 + g, %(year)s,
                   daterange(make_date(%(year)s, 1 + g %% 12, 1), make_date(%(year)s, 1 + g %% 12, 28), '[]'),
                   'bench', 'recommend', items, '[]'::jsonb, 39600, '[]'::jsonb, '[]'::jsonb, '{}'::jsonb,
                   jsonb_build_object(
                       'age_group', CASE WHEN g %% 29 = 0 THEN 'child' ELSE 'adult' END,
                       'gender', (ARRAY['woman','man','woman','trans_woman','unknown'])[1 + g %% 5],
                       'nationality', (ARRAY['NG','RO','UA','VN','TH','BR'])[1 + g %% 6],
                       'children', CASE WHEN g %% 4 = 0 THEN
                           '[{"gender": "girl", "where": "with_person"}, {"gender": "boy", "where": "elsewhere"}]'::jsonb
                           ELSE '[]'::jsonb END,
                       'exploitation_forms', '["sexual"]'::jsonb,
                       'referred_by', (ARRAY['regional_coordinator','self','social_services','police'])[1 + g %% 4],
                       'residence_status', 'asylum_seeker',
                       'not_obtained_reasons', '["no_personal_number"]'::jsonb),
                   false, 'granted', now(), items, 39600, make_date(%(year)s, 1 + g %% 12, 2)::timestamptz,
                   md5(a.id::text || '-' || (g / 2)::text)
               FROM tenants_actor a, generate_series(1, %(per_actor)s) g,
                   LATERAL (SELECT jsonb_build_array(
                       jsonb_build_object('code', (ARRAY['reflection','extended_reflection','integration_support'])
                                                  [1 + g %% 3], 'days', 30, 'amount', 39600,
                                          'start', make_date(%(year)s, 1 + g %% 12, 1)::text,
                                          'end', make_date(%(year)s, 1 + g %% 12, 28)::text),
                       jsonb_build_object('code', 'reflection_child', 'days', 30, 'amount', 15000,
                                          'start', make_date(%(year)s, 1 + g %% 12, 1)::text,
                                          'end', make_date(%(year)s, 1 + g %% 12, 28)::text),
                       jsonb_build_object('code', 'point', 'amount', 800, 'item', 'interpreter')) AS items) i
               WHERE a.slug LIKE 'bench-stat-%%'""",
            {"year": year, "per_actor": per_actor},
        )
        cursor.execute("ANALYZE tenants_application")
    return Application.objects.filter(actor__slug__startswith="bench-stat-").count()


@measure("statistics_100x1000", group="statistics")
def statistics_page(bench: Bench) -> Result:
    """The statistics page for a year of 100 actors × 1 000 applications (public rows only)."""
    rows = _statistics_rows()
    path = "/programme/statistics/?year=2025"
    first = sequential(bench.port, bench.session("samordnare", "localhost", [("GET", path, None)]), repeat=1)
    if dict(first.statuses) != {200: 1}:  # a redirect (to the login) would time nothing
        raise NotMeasured(f"the statistics page answered {dict(first.statuses)}")
    # The first view in each worker counts the year; later views use the kept figures
    # until a decision or an import changes them (tenants.statistics.selectors).
    cold = [first.latencies[0]] + sequential(
        bench.port, bench.session("samordnare", "localhost", [("GET", path, None)]), repeat=1).latencies
    runs = sequential(bench.port, bench.session("samordnare", "localhost", [("GET", path, None)]),
                      repeat=3 if bench.quick else 10)
    p50 = percentile(runs.latencies, 50)
    return Result(p50 * 1000, "ms", 200, "goal", "≤ 200 ms", met=p50 <= 0.2,
                  note=f"{rows} applications of 100 actors in one year, one query for every table; "
                       f"first views (counting, per worker) {', '.join(f'{c * 1000:.0f}' for c in cold)} ms")


# --- Knowledge search ----------------------------------------------------------------------


@measure("kb_search_p95", group="kb")
def kb_search(bench: Bench) -> Result:
    from tests.knowledge.support import bulk_swedish_articles

    bulk_swedish_articles(1000, prefix="bench")
    idle = health_idle(bench)
    worst, parts = 0.0, []
    for lang, query in (("sv", "barnen"), ("en", "children"), ("ar", "الأطفال")):
        path = f"/kb/{lang}/search/?{urlencode({'q': query})}"
        runs = sequential(bench.port, bench.session(None, "localhost", [("GET", path, None)]),
                          repeat=20 if bench.quick else 60)
        if runs.errors:
            raise NotMeasured(f"the search in {lang} answered {dict(runs.statuses)}")
        p95 = percentile(runs.latencies, 95)
        parts.append(f"{lang} {p95 * 1000:.1f} ms")
        worst = max(worst, p95)
    return Result(worst * 1000, "ms", idle * 1000, "idle health p95", "≤ 2.5 × health",
                  met=worst <= 2.5 * idle, note="worst of " + ", ".join(parts) + " over 1 000 extra articles")


# --- Memory, last --------------------------------------------------------------------------


@measure("worker_rss_mb", group="memory")
def worker_rss(bench: Bench) -> Result:
    import psutil

    sizes = [psutil.Process(pid).memory_info().rss / 2**20 for pid in bench.server.worker_pids()
             if "resource_tracker" not in " ".join(psutil.Process(pid).cmdline())]
    if not sizes:
        raise NotMeasured("no worker process found")
    return Result(max(sizes), "MB", 150, "goal", "≤ 150 MB per worker", met=max(sizes) <= 150,
                  note="after the whole run; workers: " + ", ".join(f"{size:.0f}" for size in sizes))


# --- The rules engine (in-process, no database) -------------------------------------------


@measure("rules_engine_us", group="rules")
def rules_engine(bench: Bench) -> Result:
    import json
    from pathlib import Path

    from intake.rules import builtin_rulesets, recommend

    examples = Path(__file__).resolve().parents[2] / "tests" / "intake" / "rules" / "vectors" / "examples"
    documents = [json.loads(path.read_text())["answers"] for path in sorted(examples.glob("*.json"))]
    rulesets = builtin_rulesets()
    samples = []
    for _ in range(50 if bench.quick else 200):
        started = time.perf_counter()
        for document in documents:
            recommend(document, rulesets=rulesets)
        samples.append((time.perf_counter() - started) / len(documents))
    median = statistics.median(samples)
    return Result(median * 1e6, "µs", None, "", "", note=f"{1 / median:.0f} recommendations per second")
