#include <catch2/catch.hpp>

#include "date.h"

using knipsel::normalise_date;

TEST_CASE("dates in every accepted form become YYYY[-MM[-DD]]") {
    struct Row { const char* in; const char* out; };
    const Row rows[] = {
        {"2019", "2019"},
        {"2019-02", "2019-02"},
        {"2019-02-28", "2019-02-28"},
        {" 2019-02-28 ", "2019-02-28"},
        {"2019-02-28T10:00:00+01:00", "2019-02-28"},
        {"2019/02/28", "2019-02-28"},
        {"20190228", "2019-02-28"},
        {"2020-02-29", "2020-02-29"},
        // Day first, as the Dutch write it
        {"12-03-2019", "2019-03-12"},
        {"1-3-2019", "2019-03-01"},
        {"12/03/2019", "2019-03-12"},
        {"12.03.2019", "2019-03-12"},
        {"12 maart 2019", "2019-03-12"},
        {"dinsdag 12 maart 2019", "2019-03-12"},
        {"Dinsdag, 12 Maart 2019", "2019-03-12"},
        {"di 12 mrt. 2019", "2019-03-12"},
        {"1 okt 2019", "2019-10-01"},
        {"12 maart 2019 14:35", "2019-03-12"},
        {"12 maart 2019, om 14.35 uur", "2019-03-12"},
        {"12-03-2019 14:35", "2019-03-12"},
        {"maart 2019", "2019-03"},
        {"Mei 2018", "2018-05"},
        // English and RFC 2822 (RSS feeds)
        {"12 March 2019", "2019-03-12"},
        {"March 12, 2019", "2019-03-12"},
        {"Tuesday, March 12th, 2019", "2019-03-12"},
        {"Tue, 12 Mar 2019 10:00:00 +0100", "2019-03-12"},
        {"Sun, 29 Feb 2004 08:00:00 GMT", "2004-02-29"},
        // RFC 822's two-digit year, before a time: 00-49 are 2000-2049, 50-99 1950-1999
        {"Mon, 01 Jul 19 12:30:00 +0200", "2019-07-01"},
        {"01 Jul 19 12:30 +0200", "2019-07-01"},
        {"Thu, 04 Mar 99 09:00:00 GMT", "1999-03-04"},
        {"Tue, 29 Feb 00 10:00:00 GMT", "2000-02-29"},
    };
    for (const auto& r : rows) {
        INFO(r.in);
        auto d = normalise_date(r.in);
        REQUIRE(d);
        CHECK(*d == r.out);
    }
}

TEST_CASE("impossible dates are rejected") {
    for (const char* bad : {"", "19", "2019-13", "2019-13-45", "2019-02-30", "2019-02-29",
                            "gisteren", "2019-02-28x", "2019-02/28",
                            // written forms: no such day, month, or no year; a day-less date with a time
                            "30 februari 2019", "31-04-2019", "12-13-2019", "12 maartje 2019", "12 maart",
                            "maart", "dinsdag", "maart 2019 14:35", "12 maart 2019 en later",
                            // a two-digit year without a time after it, three digits, no such day
                            "12 maart 19", "12 maart 19 en later", "Mon, 01 Jul 19", "Mon, 01 Jul 195 12:30",
                            "Tue, 29 Feb 01 10:00:00 GMT",
                            "Tue, 30 Feb 2019 10:00:00 +0100", "12-03-19", "2019-03-12-04",
                            // a month or day 00 is none (it was read as "not given": all of 2019)
                            "2019-00", "2019-02-00", "2019-00-05", "20190000", "20190200", "00-02-2019"}) {
        INFO(bad);
        CHECK_FALSE(normalise_date(bad));
    }
}

TEST_CASE("a date at the start of a text says how long it is") {
    struct Row { const char* in; const char* date; std::size_t length; };
    const Row rows[] = {
        {"2019-02 De tweede topontmoeting", "2019-02", 7},
        {"12 maart 2019 De tweede", "2019-03-12", 13},
        {"dinsdag 12 maart 2019. De tweede", "2019-03-12", 21},
        {"12-03-2019 tekst", "2019-03-12", 10},
        {"maart 2019 tekst", "2019-03", 10},
    };
    for (const auto& r : rows) {
        INFO(r.in);
        auto d = knipsel::date_at(r.in);
        REQUIRE(d);
        CHECK(d->date == r.date);
        CHECK(d->length == r.length);
    }
    CHECK_FALSE(knipsel::date_at("De tweede topontmoeting"));
    CHECK_FALSE(knipsel::date_at("12 apen"));
}

TEST_CASE("a weekday written before a date is told, and each day's weekday is known") {
    struct Row { const char* in; int written; };
    const Row rows[] = {
        {"dinsdag 12 maart 2019", 1}, {"Tue, 12 Mar 2019 10:00:00 +0100", 1}, {"zo 4 maart 2019", 6},
        {"Donderdag 3 december 2026", 3}, {"12 maart 2019", -1}, {"dinsdag maart 2019", -1},
    };
    for (const auto& r : rows) {
        INFO(r.in);
        auto d = knipsel::date_at(r.in);
        REQUIRE(d);
        CHECK(d->weekday == r.written);
    }
    CHECK(knipsel::weekday_of("2019-03-12") == 1);   // a Tuesday
    CHECK(knipsel::weekday_of("2026-12-03") == 3);   // a Thursday
    CHECK(knipsel::weekday_of("2000-02-29") == 1);   // a leap day, a Tuesday
    CHECK(knipsel::weekday_of("1900-03-01") == 3);   // 1900 was no leap year: a Thursday
    CHECK(knipsel::weekday_of("2024-01-01") == 0);   // a Monday
    CHECK(knipsel::weekday_of("2023-12-31") == 6);   // a Sunday
    CHECK(knipsel::weekday_name(3) == "Thursday");
}

TEST_CASE("slot values cover the whole period of a partial date") {
    CHECK(knipsel::date_slot_low("2019") == "20190101");
    CHECK(knipsel::date_slot_high("2019") == "20191231");
    CHECK(knipsel::date_slot_low("2019-02") == "20190201");
    CHECK(knipsel::date_slot_high("2019-02") == "20190228");
    CHECK(knipsel::date_slot_high("2020-02") == "20200229");
    CHECK(knipsel::date_slot_low("2019-02-14") == "20190214");
    CHECK(knipsel::date_slot_high("2019-02-14") == "20190214");
}

TEST_CASE("a query's date bound may name its month, with its year") {
    struct Row { const char* in; const char* out; };
    const Row rows[] = {
        // the forms normalise_date() reads stay as they were
        {"2018", "2018"}, {"2018-05", "2018-05"}, {"2018-05-03", "2018-05-03"}, {"03-05-2018", "2018-05-03"},
        // the month by its name where its number stands, or as it is said
        {"mei-2018", "2018-05"}, {"2018-mei", "2018-05"}, {"3-mei-2018", "2018-05-03"}, {"03-mei-2018", "2018-05-03"},
        {"2018-mei-03", "2018-05-03"}, {"Mei-2018", "2018-05"},
        // Dutch full names and abbreviations, English names
        {"januari-2019", "2019-01"}, {"jan-2019", "2019-01"}, {"februari-2019", "2019-02"}, {"feb-2019", "2019-02"},
        {"maart-2019", "2019-03"}, {"mrt-2019", "2019-03"}, {"april-2019", "2019-04"}, {"apr-2019", "2019-04"},
        {"juni-2019", "2019-06"}, {"jun-2019", "2019-06"}, {"juli-2019", "2019-07"}, {"jul-2019", "2019-07"},
        {"augustus-2019", "2019-08"}, {"aug-2019", "2019-08"}, {"september-2019", "2019-09"}, {"sep-2019", "2019-09"},
        {"sept-2019", "2019-09"}, {"oktober-2019", "2019-10"}, {"okt-2019", "2019-10"}, {"november-2019", "2019-11"},
        {"nov-2019", "2019-11"}, {"december-2019", "2019-12"}, {"dec-2019", "2019-12"}, {"may-2019", "2019-05"},
        {"March-2019", "2019-03"}, {"12-october-2019", "2019-10-12"}, {"29-feb-2020", "2020-02-29"},
    };
    for (const auto& r : rows) {
        INFO(r.in);
        const knipsel::QueryDate d = knipsel::query_date(r.in);
        CHECK(d.date == r.out);
        CHECK(d.problem.empty());
    }
}

TEST_CASE("a query's date bound without its year, or no day of the calendar, says so") {
    for (const char* no_year : {"mei", "3-mei", "mei-3", "Juni", "3-mei-18"}) {
        INFO(no_year);
        const knipsel::QueryDate d = knipsel::query_date(no_year);
        CHECK(d.date.empty());
        CHECK(d.problem == "has no year");
    }
    for (const char* bad : {"", "31-juni-2018", "29-feb-2019", "mei-juni-2018", "2018-mei-2019", "mei-2018-03",
                            "meij-2018", "2018-13", "mei 2018", "3-mei-2018-4", "gisteren", "2019-00", "2019-02-00",
                            "0-mei-2019", "00-mei-2019", "2019-mei-00"}) {
        INFO(bad);
        const knipsel::QueryDate d = knipsel::query_date(bad);
        CHECK(d.date.empty());
        CHECK(d.problem == "is not a date");
    }
}

TEST_CASE("an article's date is not read from a query's month-name forms") {
    // The indexer's reading stays as it was: "mei-2018" in a header is no date.
    CHECK_FALSE(normalise_date("mei-2018"));
    CHECK_FALSE(normalise_date("3-mei-2018"));
}

TEST_CASE("a time after a date is one a clock shows, and its zone's offset one that exists") {
    // "2019-03-12T25:61:00" and "…+25:00" were 12 March 2019: anything
    // after a whole date that started with a digit was taken for its time.
    for (const char* bad : {"2019-03-12T25:61:00", "2019-03-12T25:00", "2019-03-12 25:00", "2019-03-12T10:60",
                            "2019-03-12T10:00:61", "2019-03-12T24:30", "2019-03-12T10:00:00+25:00",
                            "2019-03-12T10:00:00-1500", "2019-03-12T10:00:00+01:60", "12 maart 2019 25:00",
                            "12 maart 2019, om 14.75 uur", "Tue, 12 Mar 2019 10:00:00 +2500",
                            "Tue, 12 Mar 2019 10:00:00 GMT+2500", "12-03-2019 99:99",
                            "Mon, 01 Jul 19 12:61:00 +0200"}) {
        INFO(bad);
        CHECK_FALSE(normalise_date(bad));
    }
    // A clock's times, midnight written as the Dutch do ("24.00 uur"), a
    // leap second, and the offsets of every zone there is (-12:00 to +14:00).
    for (const char* good : {"2019-03-12T00:00", "2019-03-12T23:59:59", "2019-03-12 24:00", "2019-03-12T24:00:00",
                             "2019-03-12, om 24.00 uur", "2019-03-12T23:59:60Z", "2019-03-12T10:00:00.123456+01:00",
                             "2019-03-12T10:00:00+14:00", "2019-03-12T10:00:00-12:00", "2019-03-12T10:00:00 -0530",
                             "2019-03-12T10:00:00+01", "Tue, 12 Mar 2019 10:00:00 GMT+0100 (Midden-Europese "
                             "standaardtijd)", "12 maart 2019 9:05", "12 maart 2019 14:35 CET"}) {
        INFO(good);
        CHECK(normalise_date(good) == std::optional<std::string>("2019-03-12"));
    }
}
