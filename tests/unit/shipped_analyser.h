// The analyser of the shipped schema (schemas/knipsel.toml), built once per
// test program: what the tests of the analysis chain and its users analyse with.
#pragma once

#include "analyser.h"
#include "schema.h"

inline const knipsel::Analyser& dutch() {
    static const knipsel::Analyser a = [] {
        knipsel::Schema s = knipsel::load_schema_file(KNIPSEL_SCHEMA_FILE);
        return knipsel::Analyser(s.analysis);
    }();
    return a;
}
