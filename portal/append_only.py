"""SQL that makes an audit table append-only, for the migrations of both schemas' tables.

A row-level trigger refuses UPDATE and DELETE, a statement-level one TRUNCATE, whatever
role asks (the portal's own included). The function lives in the public schema; each
tenant schema's audit table points at it by its qualified name.
"""

FUNCTION = """
CREATE OR REPLACE FUNCTION public.nsp_audit_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'audit rows are append-only: % on %.% is refused', TG_OP, TG_TABLE_SCHEMA, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END
$$;
"""

DROP_FUNCTION = "DROP FUNCTION IF EXISTS public.nsp_audit_append_only() CASCADE;"


def protect(table: str) -> str:
    return f"""
CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table}
    FOR EACH ROW EXECUTE FUNCTION public.nsp_audit_append_only();
CREATE TRIGGER {table}_no_truncate BEFORE TRUNCATE ON {table}
    FOR EACH STATEMENT EXECUTE FUNCTION public.nsp_audit_append_only();
"""


def unprotect(table: str) -> str:
    return f"""
DROP TRIGGER IF EXISTS {table}_append_only ON {table};
DROP TRIGGER IF EXISTS {table}_no_truncate ON {table};
"""
