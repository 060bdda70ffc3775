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
    };
    for (const auto& r : rows) {
        INFO(r.in);
        auto d = normalise_date(r.in);
        REQUIRE(d);
        CHECK(*d == r.out);
    }
}

TEST_CASE("impossible dates are rejected") {
    for (const char* bad : {"", "19", "2019-13", "2019-13-45", "2019-02-30", "2019-02-29", "2019-2-3",
                            "gisteren", "2019-02-28x", "2019-02/28",
                            // written forms: no such day, month, or no year; a day-less date with a time
                            "30 februari 2019", "31-04-2019", "12-13-2019", "12 maartje 2019", "12 maart",
                            "12 maart 19", "maart", "dinsdag", "maart 2019 14:35", "12 maart 2019 en later",
                            "Tue, 30 Feb 2019 10:00:00 +0100", "12-03-19", "2019-03-12-04"}) {
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

TEST_CASE("slot values cover the whole period of a partial date") {
    CHECK(knipsel::date_slot_low("2019") == "20190101");
    CHECK(knipsel::date_slot_high("2019") == "20191231");
    CHECK(knipsel::date_slot_low("2019-02") == "20190201");
    CHECK(knipsel::date_slot_high("2019-02") == "20190228");
    CHECK(knipsel::date_slot_high("2020-02") == "20200229");
    CHECK(knipsel::date_slot_low("2019-02-14") == "20190214");
    CHECK(knipsel::date_slot_high("2019-02-14") == "20190214");
}
