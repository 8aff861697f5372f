"""What the programme learns from the actors' period and exit reports (issue 10): the
structured outcomes its statistics need (how the period ended, which rights were met),
never free text. The actor's side hands them over through `services.report_outcome_receive`
when staff sign a report."""
