import re
import uuid

from django import forms

from newsdesk.stories.models import Story

_UUID = re.compile(r"[0-9a-f]{8}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{4}-?[0-9a-f]{12}", re.IGNORECASE)


class MoveToStoryForm(forms.Form):
    """The target of "Move to story…": a story ID or story page address, or a story picked from a search."""

    story = forms.CharField(
        label="Story ID or address",
        required=False,
        help_text="As in /story/<ID>/…, or pick a story from the list below.",
    )
    pick = forms.UUIDField(required=False, widget=forms.HiddenInput)
    q = forms.CharField(label="Search headlines", required=False)

    def clean(self):
        data = super().clean()
        if data.get("pick"):
            story_id = data["pick"]
        else:
            match = _UUID.search(data.get("story") or "")
            if not match:
                raise forms.ValidationError("Give a story ID or story address, or pick a story from the list.")
            story_id = uuid.UUID(match.group())
        try:
            data["target"] = Story.objects.get(pk=story_id)
        except Story.DoesNotExist:
            raise forms.ValidationError(f"There is no story {story_id}.") from None
        return data
