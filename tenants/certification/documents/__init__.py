"""Routine documents an actor uploads as evidence for a minimum requirement.

A tenant app: the documents are the actor's own (its routines may name staff, addresses,
security arrangements), so they live in the actor's schema, beside its cases. The
programme's certification file names them by id only; the coordinator opens one through
the actor page, audited, during the visit.
"""
