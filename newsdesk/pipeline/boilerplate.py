"""What precedes the news in an article's opening: datelines, bylines, timestamps, photo credits, captions.

A page prints these above its first paragraph, and extraction keeps them when they are text: "LONDON (Reuters)
-", "(CNN)", "By . Jane Doe . PUBLISHED: . 08:13 EST, 5 March 2013 . | . UPDATED: ...", "By Jane Doe, CNN",
"Last updated at 5:25 PM on 3rd December 2011", "Photo: Jane Doe/Reuters", "Image copyright Getty Images",
"(AP Photo/Jane Doe)", and a Daily Mail caption run into the first sentence without its full stop ("... with a
towel on her face An 86-year-old nun was ..."). None of it is news, so a summary made of the lead leaves it out.

``news_sentences(sentences)`` takes an article's sentences with their positions and returns them with the
opening's boilerplate removed: sentences that are nothing else are dropped, the first news sentence loses
what was glued before it, and every sentence keeps its position, so a summary stays traceable to the text.
Only the opening is read (boilerplate precedes the news); later, a sentence that is nothing but a credit or
a byline is dropped too.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from newsdesk.pipeline.datelines import DATELINE

OPENING_SENTENCES = 8  # boilerplate never runs longer than this before the news starts

_WORD = r"[A-Z][\w'’.&-]*"
_AGENCIES = r"CNN(?: Business| Money)?|Reuters|AP|AFP|UPI|dpa|PA|Bloomberg|Xinhua|The Hollywood Reporter"
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_WEEKDAY = r"(?:Mon|Tue|Tues|Wed|Thu|Thur|Thurs|Fri|Sat|Sun)[a-z]*\.?"
_TIME = r"\d{1,2}[:.]\d{2}\s*(?:[AaPp]\.?[Mm]\.?)?"
_ZONE = r"(?:ET|EST|EDT|CT|PT|PST|PDT|GMT|BST|UTC|CET|CEST)"
# A date or time as a page prints it: "08:13 EST, 5 March 2013", "5:25 PM on 3rd December 2011",
# "1:23 PM ET, Mon March 2, 2015", "2015-03-02".
_WHEN = (
    rf"(?:\s*(?:{_TIME}|{_ZONE}|{_MONTH}|{_WEEKDAY}|\d{{4}}-\d{{2}}-\d{{2}}|\d{{4}}|\d{{1,2}}(?:st|nd|rd|th)?"
    rf"|at|on|,|/))+"
)

# Each pattern matches one piece of boilerplate at the current place in the opening; they are tried again and
# again until none matches, so they may come in any order ("By ... | UPDATED: ... LONDON (Reuters) -").
_PIECES = [
    # Separators left between pieces: Daily Mail's " . | . ", bullets.
    re.compile(r"[\s.|•·]+"),
    # "By . Jane Doe and . John Smith . ": the Daily Mail byline, a space before each full stop.
    re.compile(r"By\s+\.\s+(?:(?!PUBLISHED|UPDATED|Last updated)[A-Z][^.|\n]{0,60}?\s\.\s*)+"),
    # "By Jane Doe, CNN" ending its sentence, or followed by a timestamp.
    re.compile(
        rf"By[ \t]+{_WORD}(?:(?:[ \t]+|,[ \t]*)(?:{_WORD}|and|&|for|of|in))"
        r"{0,9}"
        rf"(?=\s*(?:\n|$|[|•]|(?:Last\s+)?(?:Updated|UPDATED|Published|PUBLISHED|Posted)\b|{_TIME}))"
    ),
    # A byline alone in its sentence.
    re.compile(
        r"(?:Staff|Wire|From staff and wire) [Rr]eports?|(?:Daily Mail|MailOnline|Associated Press|Press Association)"
        r"(?: Reporter)?(?=\s*(?:\n|$))"
    ),
    # "PUBLISHED: . 08:13 EST, 5 March 2013 .", "Last updated at 5:25 PM on 3rd December 2011", "Updated 1:23 PM ET".
    re.compile(
        r"(?:Last\s+)?(?:PUBLISHED|UPDATED|Published|Updated|Posted|POSTED|Last updated)\s*:?\s*\.?"
        rf"(?=(?:\s*(?:at|on|,|{_WEEKDAY}|{_MONTH}))*\s*\d){_WHEN}"  # a date has a number: not "Published on Monday, the"
    ),
    # "Comments (1)", "Share this article": the page's buttons, printed as text.
    re.compile(r"(?:Comments|Shares?)\s*\(\d+\)|Share this article|View comments"),
    # "Reading time: 2 minutes", "4 min read".
    re.compile(r"(?:Reading time|Read time)\s*:?\s*\d+\s*min(?:ute)?s?|\d+\s*min(?:ute)?s?\s+read\b"),
    # Credits: "(AP Photo/Jane Doe)", "(Photo: Reuters)", "Photo: Jane Doe/Reuters", "Image copyright Getty Images".
    re.compile(r"\((?:[A-Z]{2,}\s+)?(?:Photo|Photograph|Picture|Image)s?(?:\s+credit)?\s*[:/][^()\n]{0,80}\)"),
    re.compile(
        r"(?:Photo|Photograph|Picture|Image)s?(?: credit)?\s*:\s*[^/\n]{1,50}/\s*[\w.&'’-]+"
        r"(?:\s+(?:Images|Pictures|Photos|Press|News))?"
    ),
    re.compile(r"(?:Photo|Photograph|Picture|Image)s?(?: credit)?\s*:[^\n]{0,80}?(?=\n|$)"),
    re.compile(r"Image (?:copyright|source)\s+[^\n]{0,60}?(?=\s+Image caption\b|\n|$)"),
    re.compile(r"Image caption\s+[^\n]{0,200}?(?=\n|$)"),
    # "Kathmandu, Nepal (CNN)", "(CNN) --", "(The Hollywood Reporter)", "HAYWARD, Calif.\n(AP) —".
    re.compile(
        rf"(?:{_WORD}(?:,?\s+{_WORD}){{0,4}},?\s+)?\((?:{_AGENCIES})\)\s*(?:(?:—|–|--?|:)\s*)?"
        rf"|(?:{_WORD}(?:,?\s+{_WORD}){{0,4}},?\s+)?\([A-Z][\w.&'’ ]{{0,38}}\)(?:\s*(?:—|–|--?|:)\s+|(?=[A-Z\"“‘]))"
    ),
    # "WASHINGTON —", "STANNARD CROSS, 24 November (Metro Wire) —", "CLEVELAND, Ohio –" (``datelines``).
    re.compile(r"(?=[A-Z.'’ -]{3})" + DATELINE.pattern.removeprefix("^")),
    # "NEW DELHI:", and a place written in title case with its region: "New York, NY –".
    re.compile(r"[A-Z][A-Z.'’-]+(?:\s[A-Z][A-Z.'’-]+){0,3}:\s+(?=[A-Z\"“‘])"),
    re.compile(rf"{_WORD}(?:\s{_WORD}){{0,3}}(?:,\s{_WORD}(?:\s{_WORD}){{0,3}}){{1,2}}\s*(?:—|–|--?|:)\s+"),
]

# A Daily Mail caption run into the first sentence: words, no full stop, then the lead starting anew with an
# article or a pronoun ("... with a towel on her face An 86-year-old nun was ...").
_GLUED_CAPTION = re.compile(r"(?<=[a-z0-9)%'’])\s+(?=(?:A|An|He|She|They|It)\s+[a-z0-9])")
# How a caption says it is one: where its subject stands in the picture.
_CAPTION_MARK = re.compile(
    r"\((?:not )?pictured(?: [a-z ]{1,20})?\)|\((?:left|right|centre|center|above|below|inset)\)"
)
CAPTION_MIN_WORDS = 8  # on both sides: a shorter "caption" is more likely "Vitamin A rays" or "Nurse A"


def news_sentences(sentences: Sequence[tuple[int, str]], *, unmarked_captions: bool = False) -> list[tuple[int, str]]:
    """``(position, text)`` pairs, in order, without the boilerplate of the opening (see the module doc).

    A caption run into the first sentence is cut when it says it is one ("(pictured)"); ``unmarked_captions``
    cuts it on the run-in alone. Off: on CNN/DM dev that lost ROUGE on one half (an unmarked caption often
    says what the highlights say) and won on the other (``bench/summaries_halves.py --fit``).
    """
    opening = list(sentences[:OPENING_SENTENCES])
    joined = "\n".join(text for _, text in opening)
    cut = boilerplate_end(joined)
    kept: list[tuple[int, str]] = []
    start = 0  # of each opening sentence in ``joined``
    for index, (position, text) in enumerate(opening):
        if start + len(text) > cut:  # the first sentence with news in it: what was glued before it goes
            first = _without_glued_caption(text[max(0, cut - start) :].strip(), unmarked_captions)
            if first != text:  # cut after a dateline ("— the"): a sentence starts with a capital
                first = first[:1].upper() + first[1:]
            kept = [(position, first), *opening[index + 1 :]]
            break
        start += len(text) + 1
    kept.extend(sentences[OPENING_SENTENCES:])
    # Later on, a sentence that is nothing but a credit or a byline (a caption between paragraphs) goes too.
    return [(position, text) for position, text in kept if boilerplate_end(text) < len(text)]


def boilerplate_end(text: str) -> int:
    """Where the news starts in ``text``: the end of the boilerplate pieces at its beginning (0: none)."""
    offset = 0
    while offset < len(text):
        match = next((m for m in (p.match(text, offset) for p in _PIECES) if m and m.end() > offset), None)
        if match is None:
            break
        offset = match.end()
    return offset


def _without_glued_caption(sentence: str, unmarked: bool) -> str:
    match = _GLUED_CAPTION.search(sentence)
    if match is None:
        return sentence
    caption, rest = sentence[: match.start()], sentence[match.end() :]
    if len(caption.split()) < CAPTION_MIN_WORDS or len(rest.split()) < CAPTION_MIN_WORDS:
        return sentence
    return rest if unmarked or _CAPTION_MARK.search(caption) else sentence
