"""The "Leave a Reply" form: name, email, website and comment, plus the two spam-check fields."""

from __future__ import annotations

import logging

from django import forms
from django.core.validators import URLValidator

from newsdesk.comments import spam
from newsdesk.comments.models import SAFE_WEBSITE_SCHEMES, Comment, normalise_email

logger = logging.getLogger(__name__)

HONEYPOT_FIELD = "homepage"  # a name form-filling bots cannot resist; people never see the field
TOKEN_FIELD = "issued"
BODY_MAX_LENGTH = 10_000
# One message for every spam rejection, so a bot cannot tell which check it failed; it is still
# something a person can act on.
REJECTED_MESSAGE = "Sorry, your comment could not be sent. Please wait a few seconds and send it again."
PARENT_GONE_MESSAGE = "The comment you are replying to is no longer available. Your text is kept below."


class WebsiteField(forms.URLField):
    """A URL field that accepts http and https only (the default also allows ftp), so it can be a link."""

    default_validators = [URLValidator(schemes=SAFE_WEBSITE_SCHEMES)]


class CommentForm(forms.ModelForm):
    name = forms.CharField(
        label="Name",
        max_length=100,
        error_messages={"required": "Please enter your name."},
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label="Email",
        max_length=254,
        error_messages={
            "required": "Please enter your email address.",
            "invalid": "Please enter a valid email address, like name@example.com.",
        },
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    website = WebsiteField(
        label="Website",
        max_length=200,
        required=False,
        assume_scheme="https",
        error_messages={"invalid": "Please enter a web address starting with http:// or https://."},
        widget=forms.URLInput(attrs={"autocomplete": "url"}),
    )
    body = forms.CharField(
        label="Comment",
        max_length=BODY_MAX_LENGTH,
        error_messages={"required": "Please write your comment."},
        widget=forms.Textarea(attrs={"rows": 8, "cols": 45}),
    )
    parent = forms.ModelChoiceField(
        queryset=Comment.objects.none(),
        required=False,
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": PARENT_GONE_MESSAGE},
    )
    homepage = forms.CharField(required=False, label="Leave this field empty")
    issued = forms.CharField(required=False, widget=forms.HiddenInput)

    class Meta:
        model = Comment
        fields = ["name", "email", "website", "body", "parent"]

    def __init__(self, *args, article, policy: spam.SpamPolicy | None = None, now: float | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.article = article
        self.policy = policy or spam.SpamPolicy.from_settings()
        self.now = now
        self.rejection: spam.Rejection | None = None
        # Only approved comments on this article can be replied to.
        self.fields["parent"].queryset = article.comments.approved()
        self.fields[HONEYPOT_FIELD].widget.attrs.update({"tabindex": "-1", "autocomplete": "off"})

    def clean_email(self) -> str:
        return normalise_email(self.cleaned_data["email"])

    def clean(self):
        cleaned = super().clean()
        self.rejection = spam.check_honeypot(cleaned.get(HONEYPOT_FIELD, "")) or spam.check_token(
            cleaned.get(TOKEN_FIELD, ""), self.article.pk, self.policy, now=self.now
        )
        if self.rejection:
            logger.info("comment_rejected reason=%s article_id=%s", self.rejection, self.article.pk)
            raise forms.ValidationError(REJECTED_MESSAGE, code="rejected")
        return cleaned
