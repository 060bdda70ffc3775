#include "date.h"

#include <cctype>
#include <cstdio>

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

std::string two(int v) {
    char buf[3];
    std::snprintf(buf, sizeof buf, "%02d", v);
    return buf;
}

}  // namespace

std::optional<std::string> normalise_date(std::string_view t) {
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.front()))) t.remove_prefix(1);
    while (!t.empty() && std::isspace(static_cast<unsigned char>(t.back()))) t.remove_suffix(1);
    std::string_view y, m, d;
    if (t.size() == 8 && all_digits(t)) {
        y = t.substr(0, 4), m = t.substr(4, 2), d = t.substr(6, 2);
    } else {
        if (t.size() < 4 || !all_digits(t.substr(0, 4))) return std::nullopt;
        y = t.substr(0, 4);
        std::string_view rest = t.substr(4);
        if (!rest.empty()) {
            char sep = rest[0];
            if ((sep != '-' && sep != '/') || rest.size() < 3 || !all_digits(rest.substr(1, 2)))
                return std::nullopt;
            m = rest.substr(1, 2);
            rest = rest.substr(3);
            if (!rest.empty()) {
                if (rest[0] != sep || rest.size() < 3 || !all_digits(rest.substr(1, 2)))
                    return std::nullopt;
                d = rest.substr(1, 2);
                rest = rest.substr(3);
                // Only a time part may follow a full date.
                if (!rest.empty() && rest[0] != 'T' && rest[0] != ' ') return std::nullopt;
            }
        }
    }
    int year = to_int(y);
    if (year < 1000) return std::nullopt;
    std::string out(y);
    if (m.empty()) return out;
    int month = to_int(m);
    if (month < 1 || month > 12) return std::nullopt;
    out += "-" + two(month);
    if (d.empty()) return out;
    int day = to_int(d);
    if (day < 1 || day > days_in_month(year, month)) return std::nullopt;
    return out + "-" + two(day);
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
