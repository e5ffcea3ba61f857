"""The code example in docs/meetings.md runs as written."""

import datetime
import re
from pathlib import Path

from django.contrib.auth.models import Group

from guru.meetings.models import Assignment

DOC = Path(__file__).resolve().parents[3] / "docs" / "meetings.md"


def test_the_assignment_create_example_in_the_docs_works(head):
    # given the names the example uses
    code = re.search(r"```python\n(.*?)```", DOC.read_text(encoding="utf-8"), re.S)
    tertial_action = Group.objects.create(name="Åtgärd 3, T2 2026")
    names = {
        "head_of_department": head,
        "tertial_action": tertial_action,
        "date": datetime.date,
    }

    # when
    exec(code.group(1), names)  # noqa: S102 - our own documentation

    # then
    assignment = Assignment.objects.get()
    assert assignment.origin == tertial_action
    assert assignment.source_text == "Tertialuppföljning T2 2026"
