"""Views of the follow-up: thin, each parses input, calls one function, renders.

Reading the report is open to every employee; what changes state checks the
rules in ``permissions.py`` (the services check them again).

One module per subject: report, uploads, follow_ups, rounds; common holds what they
share.
"""
