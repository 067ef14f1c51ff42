"""Second thoughts: a story that two look-alike events fell into is split, and one event filed as two is merged.

Online assignment decides on little evidence while a story is young: the first article about the second
earthquake of the week may join the story of the first one, and every later article about either then
follows; or the first two reports of one event differ enough to start two stories.

- Split: as a story grows (at the sizes in ``ClusterConfig.split_checks``), its articles are compared pairwise
  (``pair_signals``, with the weights ``combine`` uses between an article and a story), grouped in two by
  average linkage (``split_in_two``), and the story is split when the two groups' mean same-event
  probability is below ``ClusterConfig.split_below``.
- Merge: when an arriving article was nearly as likely to belong to a second story (the runner-up, at least
  ``merge_runner_up``), the two stories' recent articles are compared pairwise (``mean_same_event``) and the
  stories merged at ``merge_above`` or more.

Measured on ECB+ (BENCHMARKS.md). The cost is bounded: a split check compares at most ``split_max_members``
articles and happens only at a handful of sizes; a merge check compares ``merge_max_side`` articles a side.
"""

from __future__ import annotations

from newsdesk.pipeline.cluster.signals import Member, Side, combine, conflict_signals, dot_packed, jaccard
from newsdesk.pipeline.cluster.values import ClusterConfig


def pair_signals(a: Member, b: Member) -> dict[str, float]:
    """The signals ``compare`` measures between a document and a story, between two stored articles (the
    story-wide and best-member similarities are one and the same here)."""
    a_terms, a_lead, a_numbers = (dict(zip(*packed)) for packed in (a.terms, a.lead, a.numbers))
    a_side, b_side = _side(a), _side(b)
    # _side gives names as a dict of weights, which Side types as a Collection of names.
    term, entity, lead = dot_packed(a_terms, b.terms), dot_packed(a_side.names, b.entities), dot_packed(a_lead, b.lead)  # type: ignore[arg-type]
    return {
        "term": term,
        "term_max": term,
        "entity": entity,
        "entity_max": entity,
        "lead": lead,
        "lead_max": lead,
        "number": dot_packed(a_numbers, b.numbers),
        "lead_names_max": jaccard(a.lead_names, b.lead_names),
        **conflict_signals(a_side, b_side),
    }


def _side(member: Member) -> Side:
    return Side(
        member.years,
        member.months,
        member.actor,
        member.persons,
        dict(zip(*member.entities)),
        member.days,
        member.lead_actor,
        member.lead_names,
    )


def split_in_two(members: list[Member], config: ClusterConfig) -> tuple[list[int], list[int]] | None:
    """Indexes of the two groups, the one holding the earliest published article first (it keeps the story:
    a story is named after its first article), or None when the story holds together."""
    n = len(members)
    if n < 4:
        return None
    same = [[0.0] * n for _ in range(n)]
    for i in range(n):
        for j in range(i + 1, n):
            same[i][j] = same[j][i] = combine(pair_signals(members[i], members[j]), config)
    # Average linkage down to two groups. ``total[x][y]`` is the summed probability between groups x and y,
    # so merging two groups is a row addition, not a recount.
    groups: dict[int, list[int]] = {i: [i] for i in range(n)}
    total = {i: {j: same[i][j] for j in range(n) if j != i} for i in range(n)}
    while len(groups) > 2:
        x, y = max(
            ((x, y) for x in groups for y in groups if x < y),
            key=lambda pair: total[pair[0]][pair[1]] / (len(groups[pair[0]]) * len(groups[pair[1]])),
        )
        groups[x].extend(groups.pop(y))
        for z in groups:
            if z != x:
                total[x][z] = total[z][x] = total[x][z] + total[y][z]
        del total[y]
        for row in total.values():
            row.pop(y, None)
    first, second = groups.values()
    if min(len(first), len(second)) < 2:
        return None  # one odd article is not a second event (and may be the best link between them)
    (x, y) = groups
    if total[x][y] / (len(first) * len(second)) >= config.split_below:
        return None
    earliest = min(range(n), key=lambda i: (members[i].published, members[i].doc_id))
    return (first, second) if earliest in first else (second, first)


def mean_same_event(a: list[Member], b: list[Member], config: ClusterConfig) -> float:
    """The mean same-event probability over every pair of one article from ``a`` and one from ``b``."""
    return sum(combine(pair_signals(x, y), config) for x in a for y in b) / (len(a) * len(b))
