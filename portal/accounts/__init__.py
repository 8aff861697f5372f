"""Logging in and staying logged in: password per host, second factor, lockout, sessions."""
