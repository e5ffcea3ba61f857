"""The demo comments: a spread worth looking at, and idempotent."""

from guru.feedback.demo import feedback_demo_load
from guru.feedback.models import Comment, CommentEvent, HelpfulVote, Reply


def test_demo_gives_a_spread_of_statuses_and_votes_and_runs_twice_safely(
    handbook, caseworker, editor, second_editor
):
    # when the demo is loaded twice
    created = feedback_demo_load()
    counts = (
        Comment.objects.count(),
        Reply.objects.count(),
        HelpfulVote.objects.count(),
        CommentEvent.objects.count(),
    )
    again = feedback_demo_load()

    # then the second run adds nothing
    assert created == Comment.objects.count() > 0 and again == 0
    assert counts == (
        Comment.objects.count(),
        Reply.objects.count(),
        HelpfulVote.objects.count(),
        CommentEvent.objects.count(),
    )
    # and every status, section comments, replies and both kinds of vote are there
    assert set(Comment.objects.values_list("status", flat=True)) == {
        "new",
        "in_progress",
        "resolved",
        "rejected",
    }
    assert Comment.objects.exclude(section_anchor="").exists()
    assert Reply.objects.exists()
    assert set(HelpfulVote.objects.values_list("helpful", flat=True)) == {True, False}
    assert not Comment.objects.filter(
        status="resolved", resolved_revision=None
    ).exists()
