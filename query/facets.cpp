#include "facets.h"

#include <algorithm>
#include <map>
#include <memory>

namespace knipsel {

Facets count_facets(const Xapian::Database& db, const Xapian::Query& query, const Schema& schema) {
    struct Slot {
        const FieldSpec* field;
        std::unique_ptr<Xapian::ValueCountMatchSpy> spy;
    };
    std::vector<Slot> slots;
    for (const FieldSpec& f : schema.fields)
        if (f.slot && (f.kind == FieldKind::date || f.kind == FieldKind::boolean) &&
            db.get_value_freq(*f.slot) > 0)
            slots.push_back({&f, std::make_unique<Xapian::ValueCountMatchSpy>(*f.slot)});
    // The years first, whatever the schema's order.
    std::stable_partition(slots.begin(), slots.end(), [](const Slot& s) { return s.field->kind == FieldKind::date; });

    Facets out;
    Xapian::Enquire enquire(db);
    enquire.set_query(query);
    enquire.set_weighting_scheme(Xapian::BoolWeight());  // counts only: no ranking to compute
    for (const Slot& s : slots) enquire.add_matchspy(s.spy.get());
    // Checking every document the query may match makes the spies see
    // every match, and the count exact.
    const Xapian::MSet mset = enquire.get_mset(0, 0, db.get_doccount());
    out.matches = mset.get_matches_estimated();

    for (const Slot& s : slots) {
        Facet facet;
        facet.field = s.field->kind == FieldKind::date ? "year" : s.field->name;
        Xapian::doccount seen = 0;
        if (s.field->kind == FieldKind::date) {
            std::map<std::string, Xapian::doccount> years;  // YYYYMMDD values -> YYYY
            for (auto it = s.spy->values_begin(); it != s.spy->values_end(); ++it) {
                years[(*it).substr(0, 4)] += it.get_termfreq();
                seen += it.get_termfreq();
            }
            for (const auto& [year, count] : years) facet.counts.push_back({year, count});
        } else {
            for (auto it = s.spy->values_begin(); it != s.spy->values_end(); ++it) {
                facet.counts.push_back({*it, it.get_termfreq()});
                seen += it.get_termfreq();
            }
            std::stable_sort(facet.counts.begin(), facet.counts.end(),
                             [](const FacetCount& a, const FacetCount& b) { return a.count > b.count; });
        }
        facet.without = out.matches > seen ? out.matches - seen : 0;
        out.facets.push_back(std::move(facet));
    }
    return out;
}

}  // namespace knipsel
