#include "date.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <vector>

namespace knipsel {
namespace {

bool all_digits(std::string_view s) {
    for (char c : s)
        if (!std::isdigit(static_cast<unsigned char>(c))) return false;
    return !s.empty();
}

int to_int(std::string_view s) {
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
}

bool leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int days_in_month(int y, int m) {
    static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && leap(y) ? 29 : days[m - 1];
}

// Two digits of a month or day (1-31).
std::string two(int v) { return {static_cast<char>('0' + v / 10 % 10), static_cast<char>('0' + v % 10)}; }

// A date from its numbers, checked against the calendar: "YYYY[-MM[-DD]]".
std::optional<std::string> canonical(int year, int month, int day) {
    if (year < 1000 || year > 9999) return std::nullopt;
    std::string out = std::to_string(year);
    if (month == 0) return out;
    if (month < 1 || month > 12) return std::nullopt;
    out += "-" + two(month);
    if (day == 0) return out;
    if (day < 1 || day > days_in_month(year, month)) return std::nullopt;
    return out + "-" + two(day);
}

// The length of the run of digits at the start of s, at most 3 (enough to
// tell one or two digits from more).
std::size_t digit_run(std::string_view s) {
    std::size_t n = 0;
    while (n < s.size() && n < 3 && std::isdigit(static_cast<unsigned char>(s[n]))) ++n;
    return n;
}

// ISO order: "YYYY", "YYYY-MM", "YYYY-MM-DD" (or with '/'), "YYYYMMDD".
// A whole date may write its month and day with one digit, "2019/3/4" or
// "2019-3-4", as the day-first "3/4/2019" and "4-3-2019" may; a month
// alone keeps its two ("2019/3" may be an issue's number, "2019-3" a
// report's).
std::optional<DateAt> iso_date_at(std::string_view t) {
    std::string_view y, m, d;
    std::size_t length = 0;
    if (t.size() >= 8 && all_digits(t.substr(0, 8)) && (t.size() == 8 || !std::isdigit(static_cast<unsigned char>(t[8])))) {
        y = t.substr(0, 4), m = t.substr(4, 2), d = t.substr(6, 2);
        length = 8;
    } else {
        if (t.size() < 4 || !all_digits(t.substr(0, 4))) return std::nullopt;
        y = t.substr(0, 4);
        length = 4;
        std::string_view rest = t.substr(4);
        if (!rest.empty() && (rest[0] == '-' || rest[0] == '/')) {
            const char sep = rest[0];
            const std::size_t m_digits = std::min<std::size_t>(digit_run(rest.substr(1)), 2);
            if (rest.size() < 1 + m_digits || !all_digits(rest.substr(1, m_digits))) return std::nullopt;
            m = rest.substr(1, m_digits);
            rest = rest.substr(1 + m_digits);
            length += 1 + m_digits;
            if (!rest.empty() && rest[0] == sep) {
                const std::size_t d_digits = std::min<std::size_t>(digit_run(rest.substr(1)), 2);
                if (rest.size() < 1 + d_digits || !all_digits(rest.substr(1, d_digits))) return std::nullopt;
                d = rest.substr(1, d_digits);
                length += 1 + d_digits;
            } else if (m_digits == 1) {
                return std::nullopt;
            }
        }
    }
    // A month or day written as 00 is none of the calendar's (canonical()
    // reads 0 as "not given": "2019-00" would be all of 2019).
    if ((!m.empty() && to_int(m) == 0) || (!d.empty() && to_int(d) == 0)) return std::nullopt;
    auto date = canonical(to_int(y), m.empty() ? 0 : to_int(m), d.empty() ? 0 : to_int(d));
    if (!date) return std::nullopt;
    return DateAt{*date, length, !d.empty()};
}

// Reads the words and numbers of a written date.
class Reader {
public:
    explicit Reader(std::string_view t) : t_(t) {}
    std::size_t pos() const { return pos_; }
    void skip_space() {
        while (pos_ < t_.size() && std::isspace(static_cast<unsigned char>(t_[pos_]))) ++pos_;
    }
    bool skip(char c) {
        if (pos_ < t_.size() && t_[pos_] == c) return ++pos_, true;
        return false;
    }
    // A run of 1 to `max` digits, or -1.
    int number(std::size_t max) {
        std::size_t end = pos_;
        while (end < t_.size() && end - pos_ < max + 1 && std::isdigit(static_cast<unsigned char>(t_[end]))) ++end;
        if (end == pos_ || end - pos_ > max) return -1;
        const int v = to_int(t_.substr(pos_, end - pos_));
        pos_ = end;
        return v;
    }
    // A run of ASCII letters, lower-cased ("" if none).
    std::string word() {
        std::string w;
        while (pos_ < t_.size() && std::isalpha(static_cast<unsigned char>(t_[pos_])))
            w += static_cast<char>(std::tolower(static_cast<unsigned char>(t_[pos_++])));
        return w;
    }
    // Whether a time of day ("12:30") follows, after blanks.
    bool time_follows() const {
        std::size_t p = pos_;
        while (p < t_.size() && (t_[p] == ' ' || t_[p] == '\t')) ++p;
        if (p == pos_) return false;
        const std::size_t digits = p;
        while (p < t_.size() && p - digits < 3 && std::isdigit(static_cast<unsigned char>(t_[p]))) ++p;
        return p > digits && p - digits <= 2 && p < t_.size() && t_[p] == ':';
    }
    // An English ordinal's ending ("12th").
    void skip_ordinal() {
        const std::size_t start = pos_;
        const std::string w = word();
        if (!w.empty() && w != "st" && w != "nd" && w != "rd" && w != "th" && w != "e") pos_ = start;
    }

private:
    std::string_view t_;
    std::size_t pos_ = 0;
};

// The four-digit year at r that ends a date of `month` and `day` (0: none),
// checked against the calendar.
std::optional<DateAt> with_year(Reader& r, int month, int day) {
    const int year = r.number(4);
    if (year < 1000) return std::nullopt;
    auto date = canonical(year, month, day);
    if (!date) return std::nullopt;
    return DateAt{*date, r.pos(), day > 0};
}

// The year at r that ends a date of `month` and `day`, as with_year reads
// it, or two digits before a time as RFC 822 allows in an e-mail's or a
// feed's date ("Mon, 01 Jul 19 12:30:00 +0200"): 00-49 are 2000-2049,
// 50-99 1950-1999, as RFC 2822 reads them.
std::optional<DateAt> with_year_or_rfc822(Reader& r, int month, int day) {
    Reader two_digits = r;
    if (auto date = with_year(r, month, day)) return date;
    const std::size_t start = two_digits.pos();
    const int year = two_digits.number(2);
    if (year < 0 || two_digits.pos() - start != 2 || !two_digits.time_follows()) return std::nullopt;
    auto date = canonical(year < 50 ? 2000 + year : 1900 + year, month, day);
    if (!date) return std::nullopt;
    return DateAt{*date, two_digits.pos(), true};
}

// Month names and their abbreviations, Dutch and English.
int month_number(const std::string& w) {
    static const std::map<std::string, int, std::less<>> months = {
        {"januari", 1},   {"january", 1},  {"jan", 1},       {"februari", 2}, {"february", 2}, {"feb", 2},
        {"maart", 3},     {"march", 3},    {"mrt", 3},       {"mar", 3},      {"april", 4},    {"apr", 4},
        {"mei", 5},       {"may", 5},      {"juni", 6},      {"june", 6},     {"jun", 6},      {"juli", 7},
        {"july", 7},      {"jul", 7},      {"augustus", 8},  {"august", 8},   {"aug", 8},      {"september", 9},
        {"sep", 9},       {"sept", 9},     {"oktober", 10},  {"october", 10}, {"okt", 10},     {"oct", 10},
        {"november", 11}, {"nov", 11},     {"december", 12}, {"dec", 12}};
    auto it = months.find(w);
    return it == months.end() ? 0 : it->second;
}

// The weekday a name or abbreviation means, Dutch or English (0 Monday …
// 6 Sunday), or -1.
int weekday_number(const std::string& w) {
    static const std::map<std::string, int, std::less<>> days = {
        {"maandag", 0},   {"ma", 0},      {"monday", 0},   {"mon", 0},   {"dinsdag", 1},   {"di", 1},
        {"tuesday", 1},   {"tue", 1},     {"tues", 1},     {"woensdag", 2}, {"wo", 2},     {"wednesday", 2},
        {"wed", 2},       {"donderdag", 3}, {"do", 3},     {"thursday", 3}, {"thu", 3},    {"thur", 3},
        {"thurs", 3},     {"vrijdag", 4}, {"vr", 4},       {"friday", 4},   {"fri", 4},    {"zaterdag", 5},
        {"za", 5},        {"saturday", 5}, {"sat", 5},     {"zondag", 6},   {"zo", 6},     {"sunday", 6},
        {"sun", 6}};
    auto it = days.find(w);
    return it == days.end() ? -1 : it->second;
}

// A written date (written_date_at()) after its weekday, if any.
std::optional<DateAt> written_date_after_weekday(Reader& r) {
    const std::size_t start = r.pos();
    int day = r.number(2);
    if (day > 0) {
        // 12-03-2019, 12/3/2019, 12.03.2019
        for (char sep : {'-', '/', '.'}) {
            Reader numeric = r;
            if (!numeric.skip(sep)) continue;
            const int month = numeric.number(2);
            if (month <= 0 || !numeric.skip(sep)) continue;
            return with_year(numeric, month, day);
        }
        // 12 maart 2019, 12 mrt. 2019, 12th March 2019
        r.skip_ordinal();
        r.skip('.');
        r.skip_space();
        const int month = month_number(r.word());
        if (month == 0) return std::nullopt;
        r.skip('.');
        r.skip(',');
        r.skip_space();
        return with_year_or_rfc822(r, month, day);
    }
    if (r.pos() != start) return std::nullopt;
    // March 12, 2019; maart 2019
    const int month = month_number(r.word());
    if (month == 0) return std::nullopt;
    r.skip('.');
    r.skip_space();
    Reader after_month = r;
    day = r.number(2);
    if (day > 0) {
        r.skip_ordinal();
        r.skip(',');
        r.skip_space();
        return with_year(r, month, day);
    }
    r = after_month;
    return with_year(r, month, 0);
}


// Day first, as the Dutch write it: "12-03-2019", "12/3/2019", "12.03.2019",
// "(dinsdag) 12 maart 2019", "Tue, 12 Mar 2019" (RFC 2822; "12 Mar 19" before
// a time, RFC 822), "maart 2019";
// English month first: "March 12, 2019".
std::optional<DateAt> written_date_at(std::string_view t) {
    Reader r(t);
    // A weekday name: the date decides, and the caller may check the name.
    int weekday = -1;
    {
        Reader look = r;
        weekday = weekday_number(look.word());
        if (weekday >= 0) {
            look.skip('.');
            look.skip(',');
            look.skip_space();
            r = look;
        }
    }
    auto date = written_date_after_weekday(r);
    if (date && date->has_day) date->weekday = weekday;
    return date;
}

// The length of the run of digits at t[i].
std::size_t digits_at(std::string_view t, std::size_t i) {
    std::size_t n = 0;
    while (i + n < t.size() && std::isdigit(static_cast<unsigned char>(t[i + n]))) ++n;
    return n;
}

// Whether the time of day after a date ("10:00", "14.35", "10:00:00.000+01:00",
// "10:00:00 GMT+0100 (…)") is one a clock shows and its zone's offset one
// that exists: at most 14 hours from UTC (Kiribati's), as no zone is
// further. "2019-03-12T25:61:00" and "…+25:00" were dated 12 March 2019
// without a word. Midnight may be written "24:00", as the Dutch do ("om
// 24.00 uur"); a leap second is 60. Text that reads as no time at all
// ("12.000 mensen", "14u35") is not judged here, as before.
bool time_exists(std::string_view t) {
    std::size_t i = 0;
    const auto value = [&](std::size_t n) {
        const int v = to_int(t.substr(i, n));
        i += n;
        return v;
    };
    if (const std::size_t n = digits_at(t, i); n == 0 || n > 2) return true;
    const int hours = value(digits_at(t, i));
    if (i >= t.size() || (t[i] != ':' && t[i] != '.')) return true;
    ++i;
    if (digits_at(t, i) != 2) return true;
    const int minutes = value(2);
    int seconds = 0;
    if (i < t.size() && t[i] == ':' && digits_at(t, i + 1) == 2) {
        ++i;
        seconds = value(2);
        if (i < t.size() && (t[i] == '.' || t[i] == ',')) i += 1 + digits_at(t, i + 1);  // a fraction
    }
    const bool midnight = hours == 24 && minutes == 0 && seconds == 0;
    if ((hours > 23 && !midnight) || minutes > 59 || seconds > 60) return false;
    // The offset: "+01:00", "+0100", "+01", " -0500", "GMT+0100".
    if (i < t.size() && t[i] == ' ') ++i;
    if (t.substr(i, 3) == "GMT" || t.substr(i, 3) == "UTC") i += 3;
    if (i >= t.size() || (t[i] != '+' && t[i] != '-')) return true;
    ++i;
    int offset_hours = 0, offset_minutes = 0;
    if (const std::size_t n = digits_at(t, i); n == 4) {
        offset_hours = value(2);
        offset_minutes = value(2);
    } else if (n == 1 || n == 2) {
        offset_hours = value(n);
        if (i < t.size() && t[i] == ':' && digits_at(t, i + 1) == 2) {
            ++i;
            offset_minutes = value(2);
        }
    } else {
        return true;
    }
    return offset_minutes <= 59 && offset_hours * 60 + offset_minutes <= 14 * 60;
}

}  // namespace

std::optional<DateAt> date_at(std::string_view t) {
    if (auto iso = iso_date_at(t)) return iso;
    return written_date_at(t);
}

int weekday_of(std::string_view canonical_day) {
    // Sakamoto's method: 0 is Sunday there.
    static constexpr int offsets[] = {0, 3, 2, 5, 0, 3, 5, 1, 4, 6, 2, 4};
    const int month = to_int(canonical_day.substr(5, 2));
    const int day = to_int(canonical_day.substr(8, 2));
    int year = to_int(canonical_day.substr(0, 4));
    if (month < 3) --year;
    const int sunday_first = (year + year / 4 - year / 100 + year / 400 + offsets[month - 1] + day) % 7;
    return (sunday_first + 6) % 7;
}

std::string_view weekday_name(int weekday) {
    static constexpr std::string_view names[] = {"Monday", "Tuesday",  "Wednesday", "Thursday",
                                                 "Friday", "Saturday", "Sunday"};
    return weekday >= 0 && weekday < 7 ? names[weekday] : std::string_view();
}

std::optional<std::string> normalise_date(std::string_view t) {
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front()))) t.remove_prefix(1);
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.remove_suffix(1);
    auto d = date_at(t);
    if (!d) return std::nullopt;
    std::string_view rest = t.substr(d->length);
    if (rest.empty()) return d->date;
    // Only a time may follow, and only a whole date: "2019-02-28T10:00",
    // "12 maart 2019 14:35", "12 maart 2019, om 14.35 uur", "Tue, 12 Mar 2019 10:00:00 +0100";
    // one that exists (time_exists).
    if (!d->has_day) return std::nullopt;
    if (rest[0] == 'T' && rest.size() > 1 && std::isdigit(static_cast<unsigned char>(rest[1])))
        return time_exists(rest.substr(1)) ? std::optional(d->date) : std::nullopt;
    if (rest[0] != ' ' && rest[0] != ',' && rest[0] != '\t') return std::nullopt;
    while (!rest.empty() && (rest[0] == ',' || std::isspace(static_cast<unsigned char>(rest[0])))) rest.remove_prefix(1);
    if (rest.substr(0, 3) == "om ") rest.remove_prefix(3);
    if (!rest.empty() && std::isdigit(static_cast<unsigned char>(rest[0])) && time_exists(rest)) return d->date;
    return std::nullopt;
}

QueryDate query_date(std::string_view t) {
    if (t.find_first_of(" \t") == std::string_view::npos)
        if (auto d = normalise_date(t)) return {*d, {}};
    // The '-'-separated pieces, one of them a month's name.
    std::vector<std::string> pieces(1);
    for (char c : t) {
        if (c == '-')
            pieces.emplace_back();
        else
            pieces.back() += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    const auto named = std::find_if(pieces.begin(), pieces.end(), [](const std::string& p) { return month_number(p) > 0; });
    const auto is_year = [](const std::string& p) { return p.size() == 4 && all_digits(p); };
    const auto is_day = [](const std::string& p) {
        return !p.empty() && p.size() <= 2 && all_digits(p) && to_int(p) > 0;
    };
    const QueryDate not_a_date{{}, "is not a date"};
    if (named == pieces.end() || pieces.size() > 3) return not_a_date;
    const int month = month_number(*named);
    const std::size_t at = static_cast<std::size_t>(named - pieces.begin());
    std::optional<std::string> date;
    if (pieces.size() == 2 && at == 0 && is_year(pieces[1]))  // mei-2019
        date = canonical(to_int(pieces[1]), month, 0);
    else if (pieces.size() == 2 && at == 1 && is_year(pieces[0]))  // 2019-mei
        date = canonical(to_int(pieces[0]), month, 0);
    else if (pieces.size() == 3 && at == 1 && is_day(pieces[0]) && is_year(pieces[2]))  // 3-mei-2019
        date = canonical(to_int(pieces[2]), month, to_int(pieces[0]));
    else if (pieces.size() == 3 && at == 1 && is_year(pieces[0]) && is_day(pieces[2]))  // 2019-mei-03
        date = canonical(to_int(pieces[0]), month, to_int(pieces[2]));
    else if (std::none_of(pieces.begin(), pieces.end(), is_year) &&
             std::all_of(pieces.begin(), pieces.end(),
                         [&](const std::string& p) { return month_number(p) > 0 || is_day(p); }))
        return {{}, "has no year"};  // mei, 3-mei, mei-3: of which year?
    if (!date) return not_a_date;
    return {*date, {}};
}

std::string date_slot_low(std::string_view c) {
    std::string out(c.substr(0, 4));
    out += c.size() >= 7 ? std::string(c.substr(5, 2)) : "01";
    out += c.size() >= 10 ? std::string(c.substr(8, 2)) : "01";
    return out;
}

std::string date_slot_high(std::string_view c) {
    int year = to_int(c.substr(0, 4));
    int month = c.size() >= 7 ? to_int(c.substr(5, 2)) : 12;
    int day = c.size() >= 10 ? to_int(c.substr(8, 2)) : days_in_month(year, month);
    return std::string(c.substr(0, 4)) + two(month) + two(day);
}

}  // namespace knipsel
