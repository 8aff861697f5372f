"""After the first decision, the programme's side: admission as a decision of its own, early
ends of periods as the actors report them, reminders before a period runs out, and the
selector of periods ending without a follow-up (public rows only, one query).
"""
