"""Comment moderation in the admin: all comments (pending first), and a one-click moderation queue.

Staff see the commenter's email here (the approval rule and replies to abuse need it); no public page does.
"""

from __future__ import annotations

import logging

from django.contrib import admin, messages
from django.db.models import Case, IntegerField, Value, When
from django.utils import timezone

from newsdesk.comments.models import Comment, PendingComment

logger = logging.getLogger(__name__)


@admin.action(description="Approve selected comments", permissions=["change"])
def approve(modeladmin, request, queryset):
    count = queryset.exclude(status=Comment.Status.APPROVED).update(
        status=Comment.Status.APPROVED, approved_at=timezone.now()
    )
    logger.info("comments_approved count=%d user_id=%s", count, request.user.pk)
    modeladmin.message_user(request, f"{count} comment{'s' if count != 1 else ''} approved.", messages.SUCCESS)


@admin.action(description="Mark selected comments as spam", permissions=["change"])
def mark_spam(modeladmin, request, queryset):
    count = queryset.exclude(status=Comment.Status.SPAM).update(status=Comment.Status.SPAM, approved_at=None)
    logger.info("comments_marked_spam count=%d user_id=%s", count, request.user.pk)
    modeladmin.message_user(request, f"{count} comment{'s' if count != 1 else ''} marked as spam.", messages.SUCCESS)


@admin.register(Comment)
class CommentAdmin(admin.ModelAdmin):
    list_display = ["name", "excerpt", "article", "status", "hold_reason", "created_at", "ip_address"]
    list_display_links = ["name", "excerpt"]
    list_filter = ["status", "hold_reason", "created_at"]
    list_select_related = ["article"]
    search_fields = ["name", "email", "body", "ip_address"]
    actions = [approve, mark_spam]  # plus Django's own "Delete selected comments"
    date_hierarchy = "created_at"
    fields = [
        "status",
        "hold_reason",
        "article",
        "parent",
        "name",
        "email",
        "website",
        "body",
        "ip_address",
        "user_agent",
        "created_at",
        "approved_at",
    ]
    readonly_fields = [
        "hold_reason",
        "article",
        "parent",
        "email",
        "ip_address",
        "user_agent",
        "created_at",
        "approved_at",
    ]

    def get_ordering(self, request):
        # Pending first, then approved, then spam; newest first within each.
        status_rank = Case(
            When(status=Comment.Status.PENDING, then=Value(0)),
            When(status=Comment.Status.APPROVED, then=Value(1)),
            default=Value(2),
            output_field=IntegerField(),
        )
        return [status_rank.asc(), "-created_at"]

    def has_add_permission(self, request):
        return False  # comments come from readers through the form, with its checks

    @admin.display(description="comment")
    def excerpt(self, obj):
        return obj.excerpt


@admin.register(PendingComment)
class ModerationQueueAdmin(CommentAdmin):
    """Only the comments waiting for a decision, oldest first (first come, first answered)."""

    list_filter = ["hold_reason", "created_at"]

    def get_queryset(self, request):
        return super().get_queryset(request).filter(status=Comment.Status.PENDING)

    def get_ordering(self, request):
        return ["created_at"]
