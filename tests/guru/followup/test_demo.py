"""The follow-up's demo content is complete, plausible and loads idempotently."""

from guru.followup.demo import followup_demo_load
from guru.followup.models import (
    Analysis,
    ConsultationRound,
    FollowUp,
    FollowUpStatus,
    KeyFigure,
    Period,
    Proposal,
    Value,
    ValueChange,
)
from guru.followup.selectors import report_build


def _counts():
    return [
        m.objects.count()
        for m in (KeyFigure, Period, Value, ValueChange, FollowUp, Analysis, Proposal)
    ]


def test_demo_has_twelve_figures_in_four_perspectives_over_nine_tertials(demo):
    assert KeyFigure.objects.count() >= 12
    assert {k.perspective.key for k in KeyFigure.objects.all()} == {
        "verksamhet",
        "ekonomi",
        "medarbetare",
        "processer",
    }
    assert Period.objects.count() == 9
    finished = FollowUp.objects.get(period__year=2026, period__tertial=2)
    assert finished.status == FollowUpStatus.PUBLISHED
    assert finished.analyses.count() == 6 * 4
    # each department writes its own analysis: no two of the 24 texts are alike
    assert len(set(finished.analyses.values_list("text", flat=True))) == 6 * 4
    assert finished.conclusions.count() == 4
    assert ConsultationRound.objects.get().proposals.count() >= 2


def test_each_demo_proposal_has_a_comment_of_its_own(demo):
    # a comment is about the proposal it is on: no two proposals share one
    proposals = ConsultationRound.objects.get().proposals.all()
    comments = [list(p.comments.values_list("text", flat=True)) for p in proposals]
    assert all(len(texts) == 1 for texts in comments)
    assert len({texts[0] for texts in comments}) == len(comments)


def test_running_the_demo_twice_changes_nothing(demo):
    before = _counts()
    followup_demo_load()
    assert _counts() == before


def test_demo_report_has_a_value_for_every_open_figure_and_withholds_small_groups(
    demo,
):
    report = report_build(period=Period.objects.get(year=2026, tertial=2))
    rows = {row.key_figure.code: row for block in report.blocks for row in block.rows}
    assert rows["V3"].total.value is not None
    assert all(cell.code == "" for cell in rows["V3"].cells)
    # the HR department has ten employees: its sick leave is withheld, and so is
    # one more department, so the agency total cannot reveal it
    assert sum(cell.code == ".." for cell in rows["M2"].cells) >= 2
    assert rows["M2"].total.value is not None
