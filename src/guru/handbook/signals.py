"""What editors write in Wagtail's admin is masked like every other comment.

Wagtail stores inline comments on a page, their replies and the comment of a
workflow step ("Godkänn med kommentar", "Begär ändringar") as typed; Guru's
rule is that no personnummer is kept in what staff write.
"""

from django.db.models.signals import pre_save
from django.dispatch import receiver
from wagtail.models import Comment, CommentReply, TaskState

from guru.privacy import mask_fields


@receiver(pre_save, sender=Comment)
@receiver(pre_save, sender=CommentReply)
def mask_editor_comment(sender, instance, **kwargs) -> None:
    mask_fields(instance, "text")


@receiver(pre_save)
def mask_workflow_comment(sender, instance, **kwargs) -> None:
    # Any kind of task state: a custom task may bring its own subclass.
    if isinstance(instance, TaskState):
        mask_fields(instance, "comment")
