import pytest

from newsdesk.pipeline.dedup import DedupConfig, DuplicateIndex
from newsdesk.pipeline.features import FeatureConfig, featurize

PARAGRAPHS = [
    "The Bank of England kept interest rates at 5.25 percent on Thursday, saying inflation was falling faster "
    "than it had expected but remained too high for comfort.",
    "Governor Andrew Bailey said the monetary policy committee voted seven to two to hold, with two members "
    "preferring a cut of a quarter point.",
    "Markets had priced a small chance of a cut. Sterling rose half a cent against the dollar after the "
    "decision, and gilt yields edged higher across the curve.",
    "The bank said it would watch wage growth closely; pay has risen by more than six percent a year for most "
    "of the past year, well above what is consistent with its target.",
    "Bailey told reporters the committee needed more evidence that price pressures in services were easing "
    "before it could consider lowering borrowing costs.",
    "Economists polled last week had expected the decision, though several said a first cut could come as "
    "soon as the summer if the next two inflation reports surprise on the downside.",
    "Consumer price inflation fell to 3.4 percent in February, its lowest level in more than two years, "
    "helped by cheaper energy and food.",
    "The central bank's forecasts, published alongside the decision, showed inflation briefly dipping below "
    "its two percent target in the spring before rising again later in the year.",
    "Business groups urged the bank to act sooner, warning that high borrowing costs were weighing on "
    "investment and hiring across the country.",
    "The next policy decision is due in May, when the bank will also publish a full set of new forecasts.",
]
BODY = "\n\n".join(PARAGRAPHS)
CONFIG = FeatureConfig(embedding=False)


def features(title, body):
    return featurize(title, body, CONFIG)


@pytest.fixture
def index():
    index = DuplicateIndex()
    index.add("original", features("Bank of England holds rates at 5.25%", BODY))
    return index


def test_exact_copy_under_another_headline_is_a_duplicate(index):
    assert index.find(features("BoE leaves rates unchanged, sterling up", BODY)) == "original"


def test_wire_update_prefix_dateline_and_credits_are_ignored(index):
    wire = "UPDATE 1-LONDON, March 21 (Reuters) - " + BODY + "\n(Reporting by Jane Doe; Editing by John Roe)"
    assert index.find(features("UPDATE 1-Bank of England holds rates", wire)) == "original"


def test_near_copy_with_a_rewritten_paragraph_is_a_duplicate(index):
    changed = PARAGRAPHS.copy()
    changed[2] = "Traders had bet against a move, and the pound firmed after the announcement."
    assert index.find(features("BoE holds", "\n\n".join(changed))) == "original"


def test_another_article_on_the_same_event_is_not_a_duplicate(index):
    other = (
        "Britain's central bank left borrowing costs on hold at a 16-year high, but two policymakers voted "
        "for a reduction, a sign the first cut in four years is getting closer. Andrew Bailey said he was "
        "not yet ready to declare victory over inflation, which dropped to 3.4% last month. Mortgage "
        "lenders have already begun trimming fixed-rate deals in anticipation, brokers said, while "
        "savers face falling returns. The pound was little changed against the euro."
    )
    assert index.find(features("Bank of England edges towards rate cut", other)) is None


def test_the_first_copy_seen_is_answered_and_removal_forgets_it(index):
    index.add("copy", features("Second headline", BODY))
    assert index.find(features("Third headline", BODY)) == "original"
    index.remove("original")
    assert index.find(features("Third headline", BODY)) == "copy"
    index.remove("copy")
    assert index.find(features("Third headline", BODY)) is None and len(index) == 0


def test_short_texts_match_only_exactly():
    index = DuplicateIndex()
    index.add("a", features("", "Rates held."))
    assert index.find(features("", "Rates held!")) == "a"
    assert index.find(features("", "Rates cut.")) is None


def test_signature_size_mismatch_says_how_to_fix_it():
    index = DuplicateIndex(DedupConfig(num_perm=64))
    with pytest.raises(ValueError, match="DedupConfig.num_perm"):
        index.add("a", features("", BODY))
