"""After the first decision, the actor's side: entitlement clocks, days used before the
portal, early ends, extensions, case closing and review requests."""
