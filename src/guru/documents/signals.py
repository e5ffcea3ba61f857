"""Signals other apps may listen to (the assistant, to keep Doris's index current).

``guidance_changed(document=…)`` is sent after the transaction commits whenever what
Doris may answer from changes: a document became or stopped being vägledning, or a
guidance document got a new version, was deleted or restored. Who may read it is
not part of the signal: ask ``selectors.guidance_documents_for(user)``.
"""

from django.dispatch import Signal

guidance_changed = Signal()
