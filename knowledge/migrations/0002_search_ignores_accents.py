"""Search ignores accents: index every published text again with its accents folded away.

See knowledge/folding.py for why the folding happens before PostgreSQL (the embedded
PostgreSQL has no unaccent extension). SQL translate() with the fold's two strings gives
exactly the Python fold of a composed (NFC) text, which the stored texts are.
"""

from django.db import migrations

from knowledge import folding, languages


def reindex(apps, schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        for code, config in languages.TS_CONFIGS.items():
            cursor.execute(
                """
                UPDATE knowledge_articletranslation AS t
                SET search_text = normalize(t.search_text, NFC),
                    search_vector =
                        setweight(to_tsvector(%(config)s::regconfig, translate(v.title, %(src)s, %(dst)s)), 'A')
                        || setweight(to_tsvector(%(config)s::regconfig, translate(coalesce(v.summary, ''), %(src)s, %(dst)s)), 'B')
                        || setweight(to_tsvector(%(config)s::regconfig, translate(normalize(t.search_text, NFC), %(src)s, %(dst)s)), 'C')
                FROM knowledge_articleversion AS v
                WHERE v.id = t.published_version_id AND t.language = %(code)s
                """,
                {"config": config, "src": folding.FROM, "dst": folding.TO, "code": code},
            )


class Migration(migrations.Migration):

    dependencies = [
        ("knowledge", "0001_initial"),
    ]

    operations = [
        migrations.RunPython(reindex, migrations.RunPython.noop, elidable=True),
    ]
