"""Logging that never writes case text.

A server error's traceback ends with the exception's message, and messages often quote
the value that failed (an answer, a note, a reason). In the logs of a portal for persons
in hiding that is a leak, so records of errors keep the traceback's frames and the
exception's type but not its message.
"""

from __future__ import annotations

import logging
import traceback


class RedactExceptionMessages(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.exc_info[1] is not None:
            exc_type, exc, tb = record.exc_info
            lines = []
            chain = []
            while exc is not None:
                chain.append(exc)
                exc = exc.__cause__ or exc.__context__
            for error in reversed(chain):
                lines.extend(traceback.format_tb(error.__traceback__))
                lines.append(f"{type(error).__module__}.{type(error).__qualname__}: [message withheld]\n")
            record.exc_text = "".join(lines).rstrip("\n")
            record.exc_info = None
        # Django's request logger puts the request in args; its repr is only the path.
        return True
