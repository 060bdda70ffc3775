// Dates of articles and of query bounds, ISO or as Dutch (and English) news
// write them, checked for a real calendar day, and the YYYYMMDD form that the date value
// slot holds (the form Omega and Xapian's range processors read).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace knipsel {

// A date at the start of a text, canonical ("YYYY[-MM[-DD]]"), and the
// bytes it takes. Forms: ISO "YYYY", "YYYY-MM", "YYYY-MM-DD" (or '/'),
// "YYYYMMDD"; day first as the Dutch write it, "12-03-2019" (or '/', '.'),
// "12 maart 2019", "dinsdag 12 maart 2019", "12 mrt. 2019", "maart 2019";
// English "12 March 2019", "March 12, 2019", "Tue, 12 Mar 2019" (RFC 2822).
struct DateAt {
    std::string date;
    std::size_t length = 0;
    bool has_day = false;
};
std::optional<DateAt> date_at(std::string_view text);

// A text that is one date in a form date_at() reads, followed by at most a
// time ("2019-02-28T10:00:00+01:00", "12 maart 2019 14:35"); canonical
// "YYYY[-MM[-DD]]", or nullopt if it is no date or no real calendar day.
std::optional<std::string> normalise_date(std::string_view text);

// The value-slot form of a canonical date: the first day it covers
// ("2019-02" -> "20190201").
std::string date_slot_low(std::string_view canonical);

// The last day a canonical date covers, for the upper bound of a range
// ("2019-02" -> "20190228", "2019" -> "20191231").
std::string date_slot_high(std::string_view canonical);

}  // namespace knipsel
