"""Names that mean the same organisation or country but cannot be worked out from the text alone.

Within an article, aliases are found from the text itself (``aliases``: "known as", "(IS)", initials,
surnames). Some equivalences are world knowledge instead: an article may say only "ISIS" and another only
"Islamic State". This short table holds those; the first name of each group is the one shown. Editors can
merge any others in the admin, and ``EntityConfig.extra_aliases`` adds groups without a code change.
"""

from __future__ import annotations

from newsdesk.pipeline.entities.values import EntityType

KNOWN_NAMES: tuple[tuple[EntityType, tuple[str, ...]], ...] = (
    (
        EntityType.ORG,
        (
            "Islamic State",
            "IS",
            "ISIS",
            "ISIL",
            "Daesh",
            "Islamic State group",
            "Islamic State in Iraq and Syria",
            "Islamic State of Iraq and Syria",
            "Islamic State in Iraq and the Levant",
            "Islamic State of Iraq and the Levant",
        ),
    ),
    (EntityType.ORG, ("United Nations", "UN", "U.N.")),
    (EntityType.ORG, ("European Union", "EU", "E.U.")),
    (EntityType.ORG, ("NATO", "North Atlantic Treaty Organization", "Nato")),
    (EntityType.ORG, ("Federal Bureau of Investigation", "FBI")),
    (EntityType.ORG, ("Central Intelligence Agency", "CIA")),
    (EntityType.ORG, ("World Health Organization", "WHO")),
    (EntityType.PLACE, ("United States", "US", "U.S.", "USA", "U.S.A.", "America", "United States of America")),
    (EntityType.PLACE, ("United Kingdom", "UK", "U.K.", "Britain", "Great Britain")),
    (EntityType.PLACE, ("Turkey", "Türkiye", "Turkiye")),
    (EntityType.PLACE, ("Russia", "Russian Federation")),
    (EntityType.PLACE, ("South Korea", "Republic of Korea")),
    (EntityType.PLACE, ("North Korea", "Democratic People's Republic of Korea")),
    (EntityType.PLACE, ("Palestinian territories", "Palestine")),
    (EntityType.PLACE, ("Czech Republic", "Czechia")),
)
