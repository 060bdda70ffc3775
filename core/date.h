// Dates of articles and of query bounds, ISO or as Dutch (and English) news
// write them, checked for a real calendar day, and the YYYYMMDD form that the date value
// slot holds (the form Omega and Xapian's range processors read).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace knipsel {

// A date at the start of a text, canonical ("YYYY[-MM[-DD]]"), and the
// bytes it takes. Forms: ISO "YYYY", "YYYY-MM", "YYYY-MM-DD" (or '/',
// then also "2019/3/4"), "YYYYMMDD"; day first as the Dutch write it, "12-03-2019" (or '/', '.'),
// "12 maart 2019", "dinsdag 12 maart 2019", "12 mrt. 2019", "maart 2019";
// English "12 March 2019", "March 12, 2019", "Tue, 12 Mar 2019" (RFC 2822),
// "Tue, 12 Mar 19 10:00" (RFC 822's two-digit year, before a time).
struct DateAt {
    std::string date;
    std::size_t length = 0;
    bool has_day = false;
    int weekday = -1;  // the weekday written before a whole day (0 Monday … 6 Sunday), else -1
};
std::optional<DateAt> date_at(std::string_view text);

// The weekday of a canonical "YYYY-MM-DD" (0 Monday … 6 Sunday), and its
// English name ("Thursday") for messages.
int weekday_of(std::string_view canonical_day);
std::string_view weekday_name(int weekday);

// A text that is one date in a form date_at() reads, followed by at most a
// time ("2019-02-28T10:00:00+01:00", "12 maart 2019 14:35"); canonical
// "YYYY[-MM[-DD]]", or nullopt if it is no date or no real calendar day.
std::optional<std::string> normalise_date(std::string_view text);

// A bound of a date range as a query writes it (one word, no blanks): a
// form normalise_date() reads ("2019", "2019-02", "2019-02-28",
// "28-02-2019"), or one with the month by its name, Dutch or English, full
// or abbreviated ("mei", "mrt", "sept", "October"), where the number of the
// month would stand or as it is said: "2019-mei", "2019-mei-03",
// "3-mei-2019", "mei-2019". A month or day without its year ("mei",
// "3-mei") is rejected: which year is meant cannot be told.
struct QueryDate {
    std::string date;     // canonical "YYYY[-MM[-DD]]"; empty when not a date
    std::string problem;  // then what is wrong, for a message: "has no year", "is not a date"
};
QueryDate query_date(std::string_view text);

// The forms query_date() reads, for messages and --help.
inline constexpr std::string_view query_date_forms =
    "YYYY, YYYY-MM, YYYY-MM-DD or DD-MM-YYYY, the month also by its name: 2018-mei, mei-2018, 3-mei-2018";

// The value-slot form of a canonical date: the first day it covers
// ("2019-02" -> "20190201").
std::string date_slot_low(std::string_view canonical);

// The last day a canonical date covers, for the upper bound of a range
// ("2019-02" -> "20190228", "2019" -> "20191231").
std::string date_slot_high(std::string_view canonical);

}  // namespace knipsel
