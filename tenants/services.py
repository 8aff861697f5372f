"""Writes on the programme's side."""

from __future__ import annotations

from django.db import connection


def case_code_next() -> str:
    """The next programme-wide case code, NSP001 onwards.

    The number comes from one sequence in the public schema, so two actors can never
    hand out the same code and no case data is needed to count.
    """
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval('public.nsp_case_code_seq')")
        (number,) = cursor.fetchone()
    return f"NSP{number:03d}"
