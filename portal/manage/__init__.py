"""The administration area: an actor's administrator for the actor, the coordinator for
the programme. Users (lift a lockout, reset the second factor) and the audit log."""
