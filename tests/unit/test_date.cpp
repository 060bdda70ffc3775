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
                            "gisteren", "2019-02-28x", "2019-02/28"}) {
        INFO(bad);
        CHECK_FALSE(normalise_date(bad));
    }
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
