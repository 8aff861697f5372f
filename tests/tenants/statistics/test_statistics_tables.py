"""The annual report's tables rebuilt from data: seed 000's 2022 table, seed 002's 2025
persons tables; suppression; the statistics command; import_history's guarantees."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook

from tenants.models import Actor, Application
from tenants.statistics import compute, selectors
from tenants.statistics.history import HistoryError, history_import
from tenants.statistics.models import ImportedDecision
from tenants.statistics.suppression import publication
from tests.tenants.statistics.history_data import (
    ELSEWHERE_2025, PRIMARY_2025, SECONDARY_2025, TABLE_2022, TOTAL_2022, jsonl, lines_2022, lines_2025,
)

pytestmark = pytest.mark.django_db


def make_actor(slug: str, region: str = "syd") -> Actor:
    """An actor row without a schema (history needs none; rolled back after the test)."""
    from django.db import connection

    connection.set_schema_to_public()  # a request on an actor's host leaves its schema set
    actor = Actor(schema_name=f"t_{slug}", slug=slug, name=f"Test {slug}", kind="shelter", region=region)
    actor.auto_create_schema = False
    actor.save()
    return actor


@pytest.fixture
def history_actor(django_db_setup):
    return make_actor("histtest")


def test_seed_000_table_2022_is_reproduced(history_actor):
    imported, already = history_import(text=jsonl(lines_2022("histtest")), source="2022.jsonl")
    assert already == 0 and len(imported) == len(lines_2022("histtest"))
    stats = selectors.statistics(year=2022, actor="histtest", lang="sv")
    assert [(row["code"], row["count"], row["amount"]) for row in stats["interventions"]] == TABLE_2022
    assert (stats["total"]["count"], stats["total"]["amount"]) == TOTAL_2022
    assert stats["interventions"][0]["label"] == "30 dagar reflektionsperiod med skydd och stöd"
    # Every granted row read for 2022 is imported: not the refusal, not the 2021 period.
    assert stats["imported"] == len(lines_2022("histtest")) - 2


def test_seed_002_persons_2025_are_reproduced(history_actor):
    history_import(text=jsonl(lines_2025("histtest")), source="2025.jsonl")
    stats = selectors.statistics(year=2025, actor="histtest")
    assert stats["persons"] == {"total": 150, "adults": 82, "children": 68}
    primary = stats["primary_recipients"]
    assert {k: v for k, v in primary.items() if v and k != "total"} == PRIMARY_2025
    assert primary["total"] == 89
    assert stats["secondary_children"] == {**SECONDARY_2025, "total": 14}
    assert stats["children_elsewhere"] == {**ELSEWHERE_2025, "total": 47}
    assert stats["referred_by"]["all"]["regional_coordinator"] == 89  # one per case
    assert stats["referred_by"]["extended_reflection"]["regional_coordinator"] == 1
    assert stats["nationalities"] == {"NG": 89}
    assert stats["regions"] == {"syd": 89}


def test_filters_by_actor_and_region(history_actor):
    make_actor("histother", region="nord")
    history_import(text=jsonl(lines_2022("histtest") + lines_2022("histother")[:5]), source="two.jsonl")
    assert selectors.statistics(year=2022, actor="histother")["total"]["count"] == 5
    assert selectors.statistics(year=2022, region="nord")["total"]["count"] == 5
    assert selectors.statistics(year=2022, region="syd", actor="histtest")["total"]["count"] == 62


def test_child_supplement_is_summed_into_its_period_only_when_dates_match():
    items = [
        {"code": "reflection", "start": "2022-01-01", "end": "2022-01-30", "amount": 100},
        {"code": "child_supplement", "start": "2022-01-01", "end": "2022-01-30", "amount": 50},
        {"code": "child_supplement", "start": "2022-02-01", "end": "2022-02-10", "amount": 7},
        {"code": "point", "amount": 3, "item": "ticket"},
        {"code": "point", "amount": 4, "item": "ticket"},
    ]
    counted = compute.counted_interventions(items, {"child_supplement"})
    assert [(i["code"], i["amount"]) for i in counted] == [
        ("reflection", 150), ("child_supplement", 7), ("point", 3), ("point", 4)]


def test_an_intervention_belongs_to_the_year_its_period_starts_in():
    row = compute.Row(actor_id=1, case_code="A", year=2022, statistics={"gender": "man"}, granted_interventions=[
        {"code": "deepened_support", "start": "2022-12-01", "end": "2023-02-28", "amount": 1000},
        {"code": "deepened_support_reduced", "start": "2023-03-01", "end": "2023-05-29", "amount": 500},
        {"code": "point", "amount": 20}])
    assert [(r["code"], r["count"]) for r in compute.tables([row], year=2022)["interventions"]] == [
        ("deepened_support", 1), ("point", 1)]
    in_2023 = compute.tables([row], year=2023)
    assert in_2023["total"] == {"count": 1, "amount": 500}
    assert in_2023["primary_recipients"]["man"] == 1


def test_publication_hides_small_counts_and_one_more_in_each_table():
    stats = {
        "year": 2025,
        "interventions": [{"code": "a", "label": "A", "count": 10, "amount": 100},
                          {"code": "b", "label": "B", "count": 2, "amount": 20},
                          {"code": "c", "label": "C", "count": 5, "amount": 50}],
        "total": {"count": 17, "amount": 170},
        "persons": {"total": 20, "adults": 18, "children": 2},
        "primary_recipients": {"woman": 12, "man": 5, "trans_woman": 1, "girl": 0, "boy": 0, "total": 18},
        "secondary_children": {"girl": 0, "boy": 0, "unknown": 0, "total": 0},
        "children_elsewhere": {"girl": 1, "boy": 1, "unknown": 0, "total": 2},
        "referred_by": {"all": {"self": 4, "police": 1, "other": 0}},
        "nationalities": {"NG": 14, "RO": 4}, "exploitation_forms": {}, "regions": {},
        "residence_statuses": {}, "not_obtained_reasons": {},
    }
    out = publication(stats, 3)
    counts = [row["count"] for row in out["interventions"]]
    assert counts == [10, "<3", "<3"]  # B hidden, and C (the next smallest) so B cannot be recomputed
    assert [row["amount"] for row in out["interventions"]] == [100, None, None]
    assert out["total"] == {"count": 17, "amount": 170}
    assert out["primary_recipients"]["trans_woman"] == "<3"
    assert out["primary_recipients"]["man"] == "<3"  # secondary: the smallest non-zero other
    assert out["primary_recipients"]["woman"] == 12
    assert out["persons"]["children"] == "<3" and out["persons"]["adults"] == "<3"
    assert out["children_elsewhere"] == {"girl": "<3", "boy": "<3", "unknown": 0, "total": "<3"}
    assert out["referred_by"]["all"] == {"self": "<3", "police": "<3", "other": 0}
    assert out["nationalities"] == {"NG": 14, "RO": 4}
    assert stats["interventions"][1]["count"] == 2  # the original is untouched
    # No cell a reader could recompute: in each table with a hidden cell, at least two are hidden.
    for table in (out["primary_recipients"], out["children_elsewhere"], out["referred_by"]["all"]):
        assert sum(1 for k, v in table.items() if k != "total" and v == "<3") != 1


def test_publication_threshold_is_a_setting(history_actor, settings):
    history_import(text=jsonl(lines_2022("histtest")), source="2022.jsonl")
    settings.NSP_STATISTICS_SUPPRESSION = 6
    out = io.StringIO()
    call_command("statistics", year=2022, actor="histtest", publication=True, stdout=out)
    stats = json.loads(out.getvalue())
    assert stats["suppressed_below"] == 6
    assert stats["interventions"][0]["count"] == "<6"  # five reflection periods


def test_command_json_has_the_issue_keys(history_actor):
    history_import(text=jsonl(lines_2022("histtest")), source="2022.jsonl")
    out = io.StringIO()
    call_command("statistics", year=2022, actor="histtest", stdout=out)
    stats = json.loads(out.getvalue())
    for key in ("year", "interventions", "total", "persons", "primary_recipients", "secondary_children",
                "children_elsewhere", "referred_by", "exploitation_forms", "nationalities", "regions",
                "not_obtained_reasons"):
        assert key in stats
    assert stats["year"] == 2022 and stats["total"] == {"count": 62, "amount": 2676620}
    assert all(isinstance(row["count"], int) and isinstance(row["amount"], int) for row in stats["interventions"])


def test_command_csv_and_xlsx(history_actor, tmp_path):
    history_import(text=jsonl(lines_2022("histtest")), source="2022.jsonl")
    target = tmp_path / "s.xlsx"
    call_command("statistics", year=2022, actor="histtest", format="xlsx", output=str(target), lang="en")
    book = load_workbook(target)
    assert book.sheetnames[0] == "Interventions" and len(book.sheetnames) >= 8
    rows = list(book["Interventions"].iter_rows(values_only=True))
    assert rows[0] == ("Intervention", "Number", "Amount (SEK)")
    assert rows[-1] == ("Total", 62, 2676620)
    assert book["Interventions"]["C2"].number_format == "#,##0"
    csv_file = tmp_path / "s.csv"
    call_command("statistics", year=2022, actor="histtest", format="csv", output=str(csv_file), lang="sv")
    text = csv_file.read_bytes().decode("utf-8-sig")
    assert text.startswith("Insatser\r\nInsats;Antal;Belopp (kr)\r\n")
    assert "\r\nTotalt;62;2676620\r\n" in text  # numbers stay numbers for a Swedish spreadsheet


def test_command_refuses_an_unknown_actor():
    with pytest.raises(CommandError, match="nobody|No actor"):
        call_command("statistics", year=2022, actor="nobody")


def test_import_is_all_or_nothing_and_names_line_and_field(history_actor):
    lines = lines_2022("histtest")[:3]
    lines[2] = {**lines[2], "person": {"age_group": "adult", "gender": "female", "nationality": "RO"}}
    before = Application.objects.count()
    with pytest.raises(HistoryError) as error:
        history_import(text=jsonl(lines), source="bad.jsonl")
    assert (error.value.line, error.value.field) == (3, "person.gender")
    assert Application.objects.count() == before


@pytest.mark.parametrize("change, field", [
    ({"actor": "nobody"}, "actor"),
    ({"year": 1900}, "year"),
    ({"decided_at": "2099-01-01"}, "decided_at"),
    ({"decided_at": "2022-02-30"}, "decided_at"),
    ({"decision": "maybe"}, "decision"),
    ({"referred_by": "neighbour"}, "referred_by"),
    ({"case_code": "x" * 40}, "case_code"),
    ({"children": [{"gender": "girl", "where": "moon"}]}, "children[0].where"),
    ({"granted_interventions": [{"code": "reflection", "amount": 10 ** 40}]}, "granted_interventions[0].amount"),
    ({"granted_interventions": [{"code": "nothing", "amount": 1}]}, "granted_interventions[0].code"),
    ({"granted_interventions": [{"code": "reflection", "amount": 1, "start": "2022-02-01"}]},
     "granted_interventions[0].end"),
])
def test_import_errors_name_the_field(history_actor, change, field):
    line = {**lines_2022("histtest")[0], **change}
    with pytest.raises(HistoryError) as error:
        history_import(text=jsonl([lines_2022("histtest")[1], line]), source="bad.jsonl")
    assert error.value.line == 2 and error.value.field == field


def test_import_rejects_what_is_not_json(history_actor):
    with pytest.raises(HistoryError) as error:
        history_import(text=jsonl(lines_2022("histtest")[:1]) + "{not json\n", source="bad.jsonl")
    assert (error.value.line, error.value.field) == (2, "line")


def test_importing_twice_changes_nothing_and_marks_imported(history_actor, tmp_path):
    path = tmp_path / "h.jsonl"
    path.write_text(jsonl(lines_2022("histtest")), encoding="utf-8")
    out = io.StringIO()
    call_command("import_history", str(path), stdout=out)
    count = Application.objects.filter(actor=history_actor).count()
    assert count == len(lines_2022("histtest")) and f"Imported {count} decision(s)" in out.getvalue()
    again = io.StringIO()
    call_command("import_history", str(path), stdout=again)
    assert f"Imported 0 decision(s); {count} already" in again.getvalue()
    assert Application.objects.filter(actor=history_actor).count() == count
    application = Application.objects.filter(actor=history_actor, case_code="H2022-001").get()
    assert application.imported.source == "h.jsonl" and application.status == "granted"
    assert application.submitted_at.date().isoformat() == "2022-03-02"
    assert ImportedDecision.objects.filter(application__actor=history_actor).count() == count


def test_import_command_says_nothing_was_imported(history_actor, tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text(jsonl([{**lines_2022("histtest")[0], "decision": "maybe"}]), encoding="utf-8")
    with pytest.raises(CommandError, match=r"Nothing imported.*line 1, decision"):
        call_command("import_history", str(path))


def test_portal_applications_carry_children_one_by_one(demo_actors):
    """The intake sends each child's gender and where, for the tables by gender."""
    from django_tenants.utils import tenant_context

    from intake.models import Case
    from intake.services import statistics_dimensions

    with tenant_context(demo_actors["lindskyddet"]):
        case = Case.objects.filter(children__isnull=False).first()
        stats = statistics_dimensions(case, {}, {})
    assert stats["children"] and all(set(child) == {"gender", "where", "own_plan"} for child in stats["children"])
    assert stats["children_accompanying"] == sum(1 for c in stats["children"] if c["where"] == "with_person")


@pytest.mark.parametrize("year, lines", [(2022, lines_2022), (2025, lines_2025)])
def test_the_query_counts_as_the_python_reference(history_actor, year, lines):
    """One SQL statement counts the page; compute.tables states the rules row by row."""
    history_import(text=jsonl(lines("histtest")), source="x.jsonl")
    for filters in ({"actor": "histtest"}, {}, {"region": "syd"}):
        in_sql = {k: v for k, v in selectors.statistics(year=year, **filters).items() if k not in ("actor", "region")}
        assert in_sql == selectors.statistics_in_python(year=year, **filters)


def test_the_query_reads_older_rows_and_own_plans_like_the_reference(history_actor):
    """Rows with only children counts (before the intake listed them), a child with its own
    plan, a supplement without its period: counted alike in SQL and in Python."""
    from django.utils import timezone

    base = dict(actor=history_actor, year=2023, ruleset_version="t", outcome="recommend", total=1,
                status="granted", decided_at=timezone.now())
    Application.objects.create(**base, case_code="OLD1", local_id=1, statistics={
        "age_group": "adult", "gender": "man", "children_accompanying": 2, "children_elsewhere": 1,
        "referred_by": ""}, granted_interventions=[
        {"code": "reflection", "start": "2023-01-01", "end": "2023-01-30", "amount": 100},
        {"code": "child_supplement", "start": "2023-02-01", "end": "2023-02-10", "amount": 5}])
    Application.objects.create(**base, case_code="OWN1", local_id=2, statistics={
        "age_group": "adult", "gender": "non_binary", "children": [{"gender": "girl", "where": "with_person",
                                                                     "own_plan": True}]},
        granted_interventions=[{"code": "point", "amount": 7}, "not an object", {"amount": 3}])
    in_sql = selectors.statistics(year=2023, actor="histtest")
    assert {k: v for k, v in in_sql.items() if k != "actor"} == selectors.statistics_in_python(year=2023,
                                                                                               actor="histtest")
    assert in_sql["secondary_children"]["unknown"] == 2 and in_sql["primary_recipients"]["girl"] == 1
    assert sorted((r["code"], r["count"], r["amount"]) for r in in_sql["interventions"]) == [
        ("child_supplement", 1, 5), ("point", 1, 7), ("reflection", 1, 100)]


def test_kept_figures_are_never_out_of_date(history_actor, django_assert_max_num_queries):
    """The figures are kept per process with a fingerprint that any decision or import changes."""
    lines = lines_2022("histtest")
    history_import(text=jsonl(lines[:5]), source="a.jsonl")
    first = selectors.statistics(year=2022, actor="histtest")
    with django_assert_max_num_queries(3):  # the fingerprint only, not the count
        assert selectors.statistics(year=2022, actor="histtest") == first
    history_import(text=jsonl(lines[5:6]), source="b.jsonl")
    assert selectors.statistics(year=2022, actor="histtest")["total"]["count"] == first["total"]["count"] + 1
    # A correction changes what is granted, not how many applications there are.
    application = Application.objects.filter(actor=history_actor, case_code="H2022-001").get()
    from django.utils import timezone

    Application.objects.filter(pk=application.pk).update(
        granted_interventions=[{**application.granted_interventions[0], "amount": 1}], decided_at=timezone.now())
    corrected = selectors.statistics(year=2022, actor="histtest")
    assert corrected["total"]["amount"] < first["total"]["amount"] + 100_000
    assert corrected == selectors.statistics_in_python(year=2022, actor="histtest") | {"actor": "histtest"}
