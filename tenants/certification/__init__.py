"""Certification and the actor's life cycle (issue 12; seeds 000, 001, 002).

Step 1 the actor profile (NSP/VP/Dok.09), step 2 the certification visit against the 25
minimum requirements (NSP/MC/Dok.10) ending in an action plan, then the decision and the
yearly follow-up. The questions are data (profile.json, requirements.json, read by
`questions`); the file, answers, assessments, actions and status changes live in the
public schema (models); uploaded routine documents are the actor's and stay in its schema
(`tenants.certification.documents`, a tenant app).
"""
