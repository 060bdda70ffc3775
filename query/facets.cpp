#include "facets.h"

#include <algorithm>
#include <map>
#include <memory>

#include "index_layout.h"

namespace knipsel {
namespace {

// The fields counted: those the index's own (recorded) schema gives a slot,
// whether or not any article has a value there (an index made before
// source and lang had slots records a schema without them). The years first,
// whatever the schema's order.
std::vector<const FieldSpec*> facet_fields(const Schema& schema) {
    std::vector<const FieldSpec*> fields;
    for (const FieldSpec& f : schema.fields)
        if (f.slot && (f.kind == FieldKind::date || f.kind == FieldKind::boolean)) fields.push_back(&f);
    std::stable_partition(fields.begin(), fields.end(),
                          [](const FieldSpec* f) { return f->kind == FieldKind::date; });
    return fields;
}

std::string facet_name(const FieldSpec& field) { return field.kind == FieldKind::date ? "year" : field.name; }

}  // namespace

Facets no_facets(const Schema& schema) {
    Facets out;
    for (const FieldSpec* f : facet_fields(schema)) out.facets.push_back({facet_name(*f), {}, 0});
    return out;
}

Facets count_facets(const Xapian::Database& db, const Xapian::Query& query, const Schema& schema,
                    const Analyser& analyser) {
    struct Slot {
        const FieldSpec* field;
        std::unique_ptr<Xapian::ValueCountMatchSpy> spy;
    };
    std::vector<Slot> slots;
    for (const FieldSpec* f : facet_fields(schema))
        slots.push_back({f, std::make_unique<Xapian::ValueCountMatchSpy>(*f->slot)});

    Facets out;
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());  // counts only: no ranking to compute
    for (const Slot& s : slots) enquire.add_matchspy(s.spy.get());
    // The last day of the articles dated by a year alone ("20191231y"),
    // which the date slot holds as their first day: not January's.
    Xapian::ValueCountMatchSpy date_ends(slot_date_end);
    const bool dated = !slots.empty() && slots.front().field->kind == FieldKind::date;
    if (dated) enquire.add_matchspy(&date_ends);
    // Checking every document the query may match makes the spies see
    // every match, and the count exact.
    const Xapian::MSet mset = enquire.get_mset(0, 0, db.get_doccount());
    out.matches = mset.get_matches_estimated();

    for (const Slot& s : slots) {
        Facet facet;
        facet.field = facet_name(*s.field);
        Xapian::doccount seen = 0;
        if (s.field->kind == FieldKind::date) {
            // YYYYMMDD values -> YYYY, and YYYY-MM for the months of a single year
            std::map<std::string, Xapian::doccount> years, months;
            for (auto it = s.spy->values_begin(); it != s.spy->values_end(); ++it) {
                const std::string& ymd = *it;
                if (ymd.size() < 6) continue;  // no YYYYMMDD (not knipsel's): counted as without a date
                years[ymd.substr(0, 4)] += it.get_termfreq();
                months[ymd.substr(0, 4) + "-" + ymd.substr(4, 2)] += it.get_termfreq();
                seen += it.get_termfreq();
            }
            for (const auto& [year, count] : years) facet.counts.push_back({year, count});
            if (years.size() == 1) {  // "datum:2019 sancties": the months say more than the one year
                Xapian::doccount year_only = 0;
                for (auto it = date_ends.values_begin(); it != date_ends.values_end(); ++it)
                    if (const std::string& end = *it; end.size() == 9 && end.back() == 'y') {
                        const std::string january = end.substr(0, 4) + "-01";
                        if (auto m = months.find(january); m != months.end()) {
                            const Xapian::doccount n = std::min(m->second, it.get_termfreq());
                            year_only += n;
                            if ((m->second -= n) == 0) months.erase(m);
                        }
                    }
                Facet by_month{"month", {}, out.matches > seen - year_only ? out.matches - (seen - year_only) : 0};
                for (const auto& [month, count] : months) by_month.counts.push_back({month, count});
                facet.without = out.matches > seen ? out.matches - seen : 0;
                out.facets.push_back(std::move(facet));
                out.facets.push_back(std::move(by_month));
                continue;
            }
        } else {
            // Values the filter takes for one ("Het Blad", "het blad": both
            // bron:"het blad") are counted as one, shown as most write it.
            struct Value {
                Xapian::doccount count = 0, shown_count = 0;
                std::string shown;
            };
            std::map<std::string, Value> values;
            std::vector<const std::string*> order;  // first seen first, for equal counts
            for (auto it = s.spy->values_begin(); it != s.spy->values_end(); ++it) {
                const std::string written = *it;
                const Xapian::doccount n = it.get_termfreq();
                auto [v, added] = values.try_emplace(analyser.fold_text(written, false));
                if (added) order.push_back(&v->first);
                v->second.count += n;
                if (n > v->second.shown_count) {
                    v->second.shown_count = n;
                    v->second.shown = written;
                }
                seen += n;
            }
            for (const std::string* key : order) facet.counts.push_back({values[*key].shown, values[*key].count});
            std::stable_sort(facet.counts.begin(), facet.counts.end(),
                             [](const FacetCount& a, const FacetCount& b) { return a.count > b.count; });
        }
        facet.without = out.matches > seen ? out.matches - seen : 0;
        out.facets.push_back(std::move(facet));
    }
    return out;
}

}  // namespace knipsel
