"""Signals other apps may listen to (the tertial follow-up, through
``followup_actions``, to keep an action's läge with its assignment's status).

``assignment_status_changed(assignment=…, user=…)`` is sent inside the
transaction that changes an assignment's status, with who changed it, so that a
listener's change is part of it: what the listener refuses, is not done at all.
"""

from django.dispatch import Signal

assignment_status_changed = Signal()
