"""Stories: articles about the same event grouped online, as they arrive.

- ``values``     the values in and out (``StoryDoc``, ``Assignment``, ``Evidence``) and ``ClusterConfig``.
- ``signals``    online IDF, per-article vectors, story centroids, and the same-event score.
- ``index``      the inverted index that yields candidate stories without scanning them all.
- ``clusterer``  ``OnlineClusterer``: assign, add, remove, merge, forbid, close, expire, explain.
- ``evaluate``   B-cubed evaluation on ECB+ and the TF-IDF single-pass baseline it is compared with.

Near-duplicates are ``dedup``'s job, before clustering: a copy joins its original's story.
"""

from newsdesk.pipeline.cluster.clusterer import OnlineClusterer
from newsdesk.pipeline.cluster.values import Assignment, ClusterConfig, Evidence, StoryDoc

__all__ = ["Assignment", "ClusterConfig", "Evidence", "OnlineClusterer", "StoryDoc"]
