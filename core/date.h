// Dates of articles and of query bounds: "YYYY", "YYYY-MM" or "YYYY-MM-DD",
// checked for a real calendar day, and the YYYYMMDD form that the date value
// slot holds (the form Omega and Xapian's range processors read).
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace knipsel {

// Accepts "YYYY", "YYYY-MM", "YYYY-MM-DD" and a leading ISO date of a longer
// timestamp ("2019-02-28T10:00:00+01:00"); also "YYYY/MM/DD" and "YYYYMMDD".
// Returns the canonical "YYYY[-MM[-DD]]" form, or nullopt if it is no date.
std::optional<std::string> normalise_date(std::string_view text);

// The value-slot form of a canonical date: the first day it covers
// ("2019-02" -> "20190201").
std::string date_slot_low(std::string_view canonical);

// The last day a canonical date covers, for the upper bound of a range
// ("2019-02" -> "20190228", "2019" -> "20191231").
std::string date_slot_high(std::string_view canonical);

}  // namespace knipsel
