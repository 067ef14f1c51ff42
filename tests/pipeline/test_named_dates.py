"""Calendar days named in article text, and whether two reports name the same one."""

from newsdesk.pipeline.named_dates import calendar_dates, day_numbers, same_day_named


def test_the_ways_news_writes_a_day_are_read_as_one_key():
    assert calendar_dates("Posted on Feb. 04, 2009") == ("2009-02-04",)
    assert calendar_dates("9 September 2013, 14:08") == ("2013-09-09",)
    assert calendar_dates("Sept. 18th, 2013") == ("2013-09-18",)
    assert calendar_dates("Voting began on Dec.14.") == ("--12-14",)  # no year given
    assert calendar_dates("the 5th of March") == ("--03-05",)
    assert calendar_dates("Posted 2 / 3 / 2009 11:11 PM") == ("2009-02-03",)  # month first
    assert calendar_dates("On Tue, 16/08/2011 - 13:42") == ("2011-08-16",)  # day first: 16 is no month
    assert calendar_dates("11/28/05") == ("2005-11-28",)
    assert calendar_dates("updated 2013-09-17T10:00") == ("2013-09-17",)


def test_each_day_once_in_order_of_first_mention():
    text = "On March 4, 2009 the rule was reversed. Critics had warned on Dec. 11. By March 4, 2009 it was law."
    assert calendar_dates(text) == ("2009-03-04", "--12-11")


def test_words_that_only_look_like_dates_are_not_dates():
    assert calendar_dates("The Marines 2 and Junior 3 won; he may 5 times refuse.") == ()
    assert calendar_dates("February 30, 2010 and 31/31/2010") == ()  # no such days
    assert calendar_dates("In May 2013 the club was sold") == ()  # a month, no day


def test_same_day_within_two_days_and_only_when_years_agree():
    sunday = day_numbers(("2005-11-27",))
    assert same_day_named(sunday, day_numbers(("2005-11-28",)))  # "Monday" in the next report
    assert same_day_named(sunday, day_numbers(("--11-29",)))  # no year: the day decides
    assert not same_day_named(sunday, day_numbers(("2005-12-02",)))
    assert not same_day_named(sunday, day_numbers(("2008-11-27",)))  # another year's 27 November
    assert same_day_named(day_numbers(("--12-31",)), day_numbers(("--01-01",)))  # across the new year
    assert not same_day_named(sunday, ())
