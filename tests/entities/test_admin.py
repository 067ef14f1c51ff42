"""Editors merge entities in the admin; analyses are listed with their failures."""

import pytest

from newsdesk.entities.models import Entity
from newsdesk.entities.understand import understand_pending

pytestmark = pytest.mark.django_db


def test_admin_merges_selected_entities_into_the_most_mentioned(admin_client, seed_article):
    understand_pending()
    assad = Entity.objects.get(name="Bashar Assad")
    shibani = Entity.objects.get(name="Asaad Hassan al-Shibani")
    response = admin_client.post(
        "/admin/entities/entity/",
        {
            "action": "merge",
            "_selected_action": [str(assad.pk), str(shibani.pk)],
        },
        follow=True,
    )
    assert response.status_code == 200
    assert "Merged 1 entities into Bashar Assad" in response.content.decode()
    shibani.refresh_from_db()
    assert shibani.merged_into_id == assad.pk
    assert admin_client.get("/admin/entities/entity/?q=Assad").status_code == 200
    assert admin_client.get("/admin/entities/articleanalysis/").status_code == 200
