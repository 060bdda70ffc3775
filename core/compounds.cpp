#include "compounds.h"

#include <algorithm>
#include <array>
#include <cerrno>
#include <cstdio>
#include <cstddef>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <utility>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <hyphen.h>
#include <xxhash.h>

#include "analyser.h"  // max_term_bytes
#include "error.h"
#include "schema.h"  // data_dir_beside_executable, default_schema_dir

namespace knipsel {
namespace {

// The lexicon file, native byte order, every section 8-aligned:
//
//   header       LexiconHeader
//   buckets      (1 << bucket_bits) + 1 uint32: the entries whose hash >> (64 -
//                bucket_bits) is b are entries[buckets[b], buckets[b + 1])
//   entries      count uint64, sorted: (XXH3_64(word) & ~2047) | LexiconFlags
//   irregular    irregular_count IrregularRecord sorted by hash (a strong
//                verb's form or an irregular plural: XXH3_64(form), and its
//                lemma's place among the strings after them), then the
//                lemmas' text
//   hyphenation  libhyphen's compiled pattern automaton, per level (hyphen-nl
//                has two: compound boundaries, then syllables): LevelRecord,
//                StateRecord[num_states], HyphenTrans[num_trans] (libhyphen's
//                own struct, used in place), the NOHYPHEN strings, the match
//                and replacement strings.
//
// Hashes rather than strings: 8 bytes a form instead of ~11 for the text
// plus 4 for an offset (157k forms with the verbs' and nouns' marks: 1.25
// MB of entries, 2.0 MB with the patterns; the 1,417 irregular forms
// add 25 kB), and a lookup is one hash of the
// substring plus a binary search over the ~10 entries of one bucket (the
// 64 KB bucket table spares the first 14 steps and their cache misses). Hashes keep 51 bits, so the chance that a
// substring looked up collides with a lexicon form is ~5e-11 a lookup. The
// forms cannot be listed back, which nothing needs: the source is Debian's.
//
// The hyphenation automaton is compiled here because hnj_hyphen_load() takes
// ~50 ms on hyph_nl_NL.dic, where mapping the file takes ~3 ms;
// hnj_hyphen_hyphenate2() then runs on HyphenDict structs rebuilt over the
// mapping (hyphen.h makes them public; libhyphen only reads them while hyphenating).
constexpr char lexicon_magic[8] = {'K', 'N', 'P', 'S', 'L', 'E', 'X', '\n'};
// 2: the plural flags; 3: lexicon_e_plural_s; 4: verbs; 5: irregular forms;
// 6: short words (13 flag bits).
constexpr std::uint32_t lexicon_version = 6;
constexpr std::uint32_t lexicon_endian = 0x01020304;
constexpr std::uint32_t bucket_bits = 14;
constexpr std::uint64_t flag_mask = 8191;  // the LexiconFlags; the hash keeps the other 51 bits
constexpr std::uint8_t part_flags = lexicon_last | lexicon_head | lexicon_linked;  // a compound part
constexpr std::uint32_t no_string = 0xFFFFFFFF;

struct LexiconHeader {
    char magic[8];
    std::uint32_t version;
    std::uint32_t endian;  // written natively: another byte order reads 0x04030201
    std::uint32_t bucket_bits;
    std::uint32_t levels;  // hyphenation levels
    std::uint64_t count;
    std::uint64_t checksum;  // XXH3_64 of the entries and the hyphenation section, for identity()
    std::uint64_t hyphen_offset;
    std::uint64_t hyphen_size;
    std::uint64_t irregular_offset;  // entries_offset + count * 8
    std::uint64_t irregular_count;   // records; their lemmas' text runs up to hyphen_offset
};
static_assert(sizeof(LexiconHeader) == 72);

struct IrregularRecord {
    std::uint64_t hash;  // XXH3_64 of the folded form
    std::uint32_t lemma, lemma_size;  // the lemma's offset and size in the text after the records
};
static_assert(sizeof(IrregularRecord) == 16);

struct LevelRecord {
    std::int32_t lhmin, rhmin, clhmin, crhmin, utf8;
    std::int32_t num_states, num_trans, nohyphenl;
    std::uint32_t nohyphen_size;  // 0: no NOHYPHEN list
    std::uint32_t strings_size;
};
static_assert(sizeof(LevelRecord) == 40);

struct StateRecord {
    std::uint32_t match, repl;  // offsets into the level's strings, or no_string
    std::int32_t fallback_state;
    std::int32_t num_trans;
    std::uint32_t first_trans;
    std::int8_t replindex, replcut;
    std::uint16_t pad;
};
static_assert(sizeof(StateRecord) == 24);
static_assert(sizeof(HyphenTrans) == 8, "HyphenTrans is stored in the file as libhyphen lays it out");

constexpr std::size_t bucket_count = std::size_t{1} << bucket_bits;
constexpr std::size_t buckets_offset = sizeof(LexiconHeader);
constexpr std::size_t entries_offset = (buckets_offset + (bucket_count + 1) * 4 + 7) / 8 * 8;

constexpr std::size_t align8(std::size_t n) { return (n + 7) / 8 * 8; }

template <class T>
void append(std::string& out, const T& v) {
    out.append(reinterpret_cast<const char*>(&v), sizeof v);
}

// libhyphen's automaton of one dictionary file, flattened.
std::string serialise_hyphenation(const std::string& path, std::uint32_t& levels) {
    HyphenDict* dict = hnj_hyphen_load(path.c_str());
    if (!dict)
        throw Error(Exit::config, "cannot load the hyphenation patterns " + path,
                    "Debian's package hyphen-nl installs /usr/share/hyphen/hyph_nl_NL.dic");
    std::string out;
    levels = 0;
    for (const HyphenDict* d = dict; d; d = d->nextlevel) {
        ++levels;
        std::string strings, nohyphen;
        auto intern = [&strings](const char* s) {
            if (!s) return no_string;
            auto at = static_cast<std::uint32_t>(strings.size());
            strings.append(s, std::strlen(s) + 1);
            return at;
        };
        if (d->nohyphen) {
            const char* nh = d->nohyphen;
            for (int i = 0; i <= d->nohyphenl; ++i) {
                nohyphen.append(nh, std::strlen(nh) + 1);
                nh += std::strlen(nh) + 1;
            }
        }
        std::vector<StateRecord> states;
        // libhyphen's HyphenTrans has padding: written field by field into
        // zeroed bytes, so the file (and the identity hashed from it) is the
        // same for every build type (a member-wise copy leaves it undefined).
        std::string trans;
        std::size_t trans_count = 0;
        for (int s = 0; s < d->num_states; ++s) {
            const HyphenState& st = d->states[s];
            StateRecord r{};
            r.match = intern(st.match);
            r.repl = intern(st.repl);
            r.fallback_state = st.fallback_state;
            r.num_trans = st.num_trans;
            r.first_trans = static_cast<std::uint32_t>(trans_count);
            // libhyphen leaves these unset on a state without a replacement:
            // copied only with one, so the file is the same on every build.
            r.replindex = st.repl ? st.replindex : 0;
            r.replcut = st.repl ? st.replcut : 0;
            states.push_back(r);
            for (int t = 0; t < st.num_trans; ++t) {
                char rec[sizeof(HyphenTrans)] = {};
                std::memcpy(rec + offsetof(HyphenTrans, ch), &st.trans[t].ch, sizeof st.trans[t].ch);
                std::memcpy(rec + offsetof(HyphenTrans, new_state), &st.trans[t].new_state,
                            sizeof st.trans[t].new_state);
                trans.append(rec, sizeof rec);
                ++trans_count;
            }
        }
        LevelRecord lr{d->lhmin, d->rhmin, d->clhmin, d->crhmin, d->utf8,
                       d->num_states, static_cast<std::int32_t>(trans_count), d->nohyphenl,
                       static_cast<std::uint32_t>(nohyphen.size()), static_cast<std::uint32_t>(strings.size())};
        append(out, lr);
        out.append(reinterpret_cast<const char*>(states.data()), states.size() * sizeof(StateRecord));
        out += trans;
        out += nohyphen;
        out += strings;
        out.resize(align8(out.size()), '\0');
    }
    hnj_hyphen_free(dict);
    return out;
}

std::uint64_t word_hash(std::string_view w) { return XXH3_64bits(w.data(), w.size()); }

std::string hex64(std::uint64_t v) {
    char buf[17];
    std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(v));
    return buf;
}

bool plain_ascii_word(std::string_view w) {
    return !w.empty() && std::all_of(w.begin(), w.end(), [](char c) { return c >= 'a' && c <= 'z'; });
}

std::string read_whole_file(const std::string& path, const char* what) {
    std::ifstream in(path, std::ios::binary);
    if (!in) throw Error(Exit::no_input, std::string("cannot read the ") + what + " " + path);
    std::ostringstream ss;
    ss << in.rdbuf();
    return ss.str();
}

bool is_consonant(char c) { return c != 'a' && c != 'e' && c != 'i' && c != 'o' && c != 'u'; }

}  // namespace

void write_compound_lexicon(const std::string& path, const std::vector<LexiconEntry>& entries,
                            const std::vector<IrregularForm>& irregular, const std::string& hyphenation_path) {
    std::uint32_t levels = 0;
    const std::string hyphenation = serialise_hyphenation(hyphenation_path, levels);

    std::vector<std::uint64_t> keys;
    keys.reserve(entries.size());
    for (const auto& e : entries) keys.push_back((word_hash(e.word) & ~flag_mask) | (e.flags & flag_mask));
    std::sort(keys.begin(), keys.end());
    // One key per word: the same word from two sources gets both flags.
    std::vector<std::uint64_t> merged;
    merged.reserve(keys.size());
    for (std::uint64_t k : keys) {
        if (!merged.empty() && (merged.back() & ~flag_mask) == (k & ~flag_mask))
            merged.back() |= k & flag_mask;
        else
            merged.push_back(k);
    }

    std::vector<std::uint32_t> buckets(bucket_count + 1, 0);
    for (std::uint64_t k : merged) ++buckets[(k >> (64 - bucket_bits)) + 1];
    for (std::size_t b = 1; b <= bucket_count; ++b) buckets[b] += buckets[b - 1];

    // The irregular forms, one lemma a form, each lemma's text once.
    std::vector<IrregularRecord> records;
    std::string lemmas;
    std::map<std::string, std::uint32_t> lemma_at;
    for (const IrregularForm& f : irregular) {
        const std::uint64_t hash = word_hash(f.form);
        if (std::any_of(records.begin(), records.end(), [&](const IrregularRecord& r) { return r.hash == hash; }))
            continue;
        auto [at, fresh] = lemma_at.emplace(f.lemma, static_cast<std::uint32_t>(lemmas.size()));
        if (fresh) lemmas += f.lemma;
        records.push_back({hash, at->second, static_cast<std::uint32_t>(f.lemma.size())});
    }
    std::sort(records.begin(), records.end(), [](const auto& a, const auto& b) { return a.hash < b.hash; });
    std::string irregular_section(reinterpret_cast<const char*>(records.data()), records.size() * sizeof(IrregularRecord));
    irregular_section += lemmas;
    irregular_section.resize(align8(irregular_section.size()), '\0');

    LexiconHeader h{};
    std::memcpy(h.magic, lexicon_magic, sizeof h.magic);
    h.version = lexicon_version;
    h.endian = lexicon_endian;
    h.bucket_bits = bucket_bits;
    h.levels = levels;
    h.count = merged.size();
    h.irregular_offset = entries_offset + merged.size() * sizeof(std::uint64_t);
    h.irregular_count = records.size();
    h.hyphen_offset = h.irregular_offset + irregular_section.size();
    h.hyphen_size = hyphenation.size();
    XXH3_state_t* sum = XXH3_createState();
    XXH3_64bits_reset(sum);
    XXH3_64bits_update(sum, merged.data(), merged.size() * sizeof(std::uint64_t));
    XXH3_64bits_update(sum, irregular_section.data(), irregular_section.size());
    XXH3_64bits_update(sum, hyphenation.data(), hyphenation.size());
    h.checksum = XXH3_64bits_digest(sum);
    XXH3_freeState(sum);

    std::string tmp = path + ".tmp";
    {
        std::ofstream out(tmp, std::ios::binary | std::ios::trunc);
        if (!out) throw Error(Exit::cant_create, "cannot create " + tmp);
        out.write(reinterpret_cast<const char*>(&h), sizeof h);
        out.write(reinterpret_cast<const char*>(buckets.data()),
                  static_cast<std::streamsize>(buckets.size() * sizeof(std::uint32_t)));
        const char pad[8] = {};
        out.write(pad, static_cast<std::streamsize>(entries_offset - buckets_offset - buckets.size() * 4));
        out.write(reinterpret_cast<const char*>(merged.data()),
                  static_cast<std::streamsize>(merged.size() * sizeof(std::uint64_t)));
        out.write(irregular_section.data(), static_cast<std::streamsize>(irregular_section.size()));
        out.write(hyphenation.data(), static_cast<std::streamsize>(hyphenation.size()));
        if (!out.flush()) throw Error(Exit::io_error, "cannot write " + tmp);
    }
    // Renamed into place so a build interrupted halfway leaves no half file.
    if (std::rename(tmp.c_str(), path.c_str()) != 0)
        throw Error(Exit::io_error, "cannot rename " + tmp + " to " + path + ": " + std::strerror(errno));
}

CompoundExceptions load_compound_exceptions(const std::string& path) {
    CompoundExceptions ex;
    ex.text = read_whole_file(path, "compound exception file");
    std::istringstream in(ex.text);
    std::string line;
    int lineno = 0;
    auto bad = [&](const std::string& why) {
        return Error(Exit::config, path + ":" + std::to_string(lineno) + ": " + why,
                     "see the format at the top of the file");
    };
    auto trim = [](std::string s) {
        auto first = s.find_first_not_of(" \t\r");
        if (first == std::string::npos) return std::string();
        return s.substr(first, s.find_last_not_of(" \t\r") - first + 1);
    };
    while (std::getline(in, line)) {
        ++lineno;
        if (auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
        line = trim(line);
        if (line.empty()) continue;
        if (line[0] == '-' || line[0] == '!') {
            std::string w = trim(line.substr(1));
            if (!plain_ascii_word(w)) throw bad("'" + w + "' is not a folded word (a-z)");
            (line[0] == '-' ? ex.never_split : ex.never_part).insert(w);
            continue;
        }
        if (line[0] == '+') {
            std::string w = trim(line.substr(1));
            if (!plain_ascii_word(w) || w.size() >= compound_min_part)
                throw bad("'+" + w + "': a short folded word (a-z, fewer than " +
                          std::to_string(compound_min_part) + " letters) may be admitted as a part");
            ex.short_part.insert(w);
            continue;
        }
        auto eq = line.find('=');
        if (eq == std::string::npos) throw bad("expected '-word', '!word' or 'word = part|part'");
        std::string word = trim(line.substr(0, eq));
        std::string rest = trim(line.substr(eq + 1));
        if (!plain_ascii_word(word)) throw bad("'" + word + "' is not a folded word (a-z)");
        std::vector<std::string> parts;
        std::size_t start = 0;
        for (;;) {
            auto bar = rest.find('|', start);
            std::string part = trim(rest.substr(start, bar == std::string::npos ? std::string::npos : bar - start));
            if (!plain_ascii_word(part)) throw bad("'" + part + "' is not a folded word (a-z)");
            parts.push_back(part);
            if (bar == std::string::npos) break;
            start = bar + 1;
        }
        if (parts.size() < 2) throw bad("a forced split needs two parts or more");
        ex.never_split.erase(word);
        ex.forced[word] = std::move(parts);
    }
    return ex;
}

CompoundFiles default_compound_files() {
    CompoundFiles f;
    const std::string data = data_dir_beside_executable();
    if (const char* env = std::getenv("KNIPSEL_COMPOUND_LEXICON"); env && *env) {
        f.lexicon = env;
    } else {
        // Beside the binary first (an install, or the build tree's own
        // share/), so a rebuilt or deleted build tree does not break an
        // installed binary; the build's path only for a binary copied alone.
        struct stat st;
        const std::string beside = data + "/nl-compounds.lex";
        f.lexicon = !data.empty() && ::stat(beside.c_str(), &st) == 0 ? beside : KNIPSEL_COMPOUND_LEXICON;
    }
    // The exceptions the lexicon was compiled with: in the schemas/ beside
    // the lexicon $KNIPSEL_COMPOUND_LEXICON names, as an install's
    // share/knipsel/ lays them out, else the install's schemas/, or the
    // source tree's for a build tree. (Not beside a schema: a copied
    // schemas/ folder keeps the exceptions of the knipsel it was copied
    // from, which the lexicon of a later one was not compiled with.)
    f.exceptions = default_schema_dir(data) + "/compound-exceptions.txt";
    if (const char* env = std::getenv("KNIPSEL_COMPOUND_LEXICON"); env && *env) {
        const std::string beside =
            (std::filesystem::path(env).parent_path() / "schemas" / "compound-exceptions.txt").string();
        struct stat st;
        if (::stat(beside.c_str(), &st) == 0) f.exceptions = beside;
    }
    return f;
}

struct CompoundSplitter::Data {
    const unsigned char* map = nullptr;  // the whole lexicon file, read-only
    std::size_t map_size = 0;
    const std::uint32_t* buckets = nullptr;
    const std::uint64_t* entries = nullptr;
    std::size_t count = 0;
    const IrregularRecord* irregular = nullptr;  // sorted by hash
    std::size_t irregular_count = 0;
    const char* lemmas = nullptr;  // the text the records point into
    std::size_t lemmas_size = 0;
    // libhyphen's dictionary levels rebuilt over the mapping; `levels` is
    // sized once, so the nextlevel pointers into it stay valid.
    std::vector<HyphenDict> levels;
    std::vector<std::vector<HyphenState>> states;
    // Rebuilt on first use (std::call_once: split() runs on many threads), so
    // a process that never splits (knipsel-query) does not pay for it.
    mutable std::once_flag hyphen_once;
    mutable bool hyphen_ok = false;
    std::size_t hyphen_offset = 0, hyphen_size = 0;
    std::uint32_t hyphen_levels = 0;
    std::uint64_t checksum = 0;  // the header's, of the entries to the hyphenation section's end
    CompoundExceptions exceptions;
    std::string identity;

    Data() = default;
    Data(const Data&) = delete;
    Data& operator=(const Data&) = delete;
    ~Data() {
        if (map) ::munmap(const_cast<unsigned char*>(map), map_size);
    }

    std::uint16_t lookup(std::string_view word) const {
        const std::uint64_t key = word_hash(word) & ~flag_mask;
        const std::size_t b = static_cast<std::size_t>(key >> (64 - bucket_bits));
        // The bucket table is checked here, where it is read, not all of it
        // at start-up (a query reads a few buckets; the check of 16,385 was a
        // tenth of knipsel-query's own work): a damaged one knows no word.
        if (buckets[b] > buckets[b + 1] || buckets[b + 1] > count) return 0;
        const std::uint64_t* first = entries + buckets[b];
        const std::uint64_t* last = entries + buckets[b + 1];
        const std::uint64_t* it = std::lower_bound(first, last, key);
        if (it != last && (*it & ~flag_mask) == key) return static_cast<std::uint16_t>(*it & flag_mask);
        return 0;
    }

    // Rebuilds the HyphenDict levels over the mapped section; false when it
    // does not hold together (offsets, sizes or states out of range).
    bool load_hyphenation(std::size_t offset, std::size_t size, std::uint32_t level_count);
};

bool CompoundSplitter::Data::load_hyphenation(std::size_t offset, std::size_t size, std::uint32_t level_count) {
    if (offset > map_size || size > map_size - offset || offset % 8 != 0 || level_count == 0 || level_count > 4)
        return false;
    const unsigned char* p = map + offset;
    const unsigned char* end = p + size;
    levels.resize(level_count);
    states.resize(level_count);
    for (std::uint32_t l = 0; l < level_count; ++l) {
        if (end - p < static_cast<std::ptrdiff_t>(sizeof(LevelRecord))) return false;
        LevelRecord lr;
        std::memcpy(&lr, p, sizeof lr);
        p += sizeof lr;
        if (lr.num_states <= 0 || lr.num_trans < 0 || lr.nohyphenl < 0) return false;
        const std::size_t need = std::size_t(lr.num_states) * sizeof(StateRecord) +
                                 std::size_t(lr.num_trans) * sizeof(HyphenTrans) + lr.nohyphen_size + lr.strings_size;
        if (std::size_t(end - p) < need) return false;
        const auto* recs = reinterpret_cast<const StateRecord*>(p);
        auto* trans = reinterpret_cast<HyphenTrans*>(const_cast<unsigned char*>(p) + lr.num_states * sizeof(StateRecord));
        auto* nohyphen = reinterpret_cast<char*>(trans + lr.num_trans);
        auto* strings = nohyphen + lr.nohyphen_size;
        if (lr.strings_size && strings[lr.strings_size - 1] != '\0') return false;
        if (lr.nohyphen_size && nohyphen[lr.nohyphen_size - 1] != '\0') return false;
        for (std::int32_t t = 0; t < lr.num_trans; ++t)
            if (trans[t].new_state < 0 || trans[t].new_state >= lr.num_states) return false;

        auto string_at = [&](std::uint32_t at, bool& ok) -> char* {
            if (at == no_string) return nullptr;
            if (at >= lr.strings_size) ok = false;
            return ok ? strings + at : nullptr;
        };
        std::vector<HyphenState>& st = states[l];
        st.resize(std::size_t(lr.num_states));
        bool ok = true;
        for (std::int32_t s = 0; s < lr.num_states && ok; ++s) {
            const StateRecord& r = recs[s];
            if (r.num_trans < 0 || std::uint64_t(r.first_trans) + std::uint64_t(r.num_trans) > std::uint64_t(lr.num_trans) ||
                r.fallback_state < -1 || r.fallback_state >= lr.num_states)
                return false;
            st[s].match = string_at(r.match, ok);
            st[s].repl = string_at(r.repl, ok);
            st[s].replindex = r.replindex;
            st[s].replcut = r.replcut;
            st[s].fallback_state = r.fallback_state;
            st[s].num_trans = r.num_trans;
            st[s].trans = trans + r.first_trans;
        }
        if (!ok) return false;

        HyphenDict& d = levels[l];
        d = HyphenDict{};
        d.lhmin = static_cast<char>(lr.lhmin);
        d.rhmin = static_cast<char>(lr.rhmin);
        d.clhmin = static_cast<char>(lr.clhmin);
        d.crhmin = static_cast<char>(lr.crhmin);
        d.nohyphen = lr.nohyphen_size ? nohyphen : nullptr;
        d.nohyphenl = lr.nohyphenl;
        d.num_states = lr.num_states;
        d.utf8 = lr.utf8;
        d.states = st.data();
        d.nextlevel = l + 1 < level_count ? &levels[l + 1] : nullptr;
        p += align8(sizeof(LevelRecord) + need) - sizeof(LevelRecord);
        if (p > end) return false;
    }
    return true;
}

CompoundSplitter::CompoundSplitter(const std::string& lexicon_path, const std::string& exceptions_path) {
    auto d = std::make_unique<Data>();
    d->exceptions = load_compound_exceptions(exceptions_path);
    const std::string rebuild = "rebuild it: cmake --build build --target knipsel_lexicon";
    int fd = ::open(lexicon_path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0)
        throw Error(Exit::no_input, "cannot open the compound lexicon " + lexicon_path + ": " + std::strerror(errno),
                    rebuild);
    struct stat st {};
    if (::fstat(fd, &st) != 0 || static_cast<std::size_t>(st.st_size) < entries_offset) {
        ::close(fd);
        throw Error(Exit::config, "the compound lexicon " + lexicon_path + " is too short", rebuild);
    }
    void* m = ::mmap(nullptr, static_cast<std::size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);  // the mapping keeps the file
    if (m == MAP_FAILED)
        throw Error(Exit::io_error, "cannot map the compound lexicon " + lexicon_path + ": " + std::strerror(errno));
    d->map = static_cast<const unsigned char*>(m);
    d->map_size = static_cast<std::size_t>(st.st_size);

    LexiconHeader h{};
    std::memcpy(&h, d->map, sizeof h);
    const char* problem = nullptr;
    if (std::memcmp(h.magic, lexicon_magic, sizeof h.magic) != 0)
        problem = "is not a knipsel compound lexicon";
    else if (h.endian != lexicon_endian)
        problem = "was built on a machine of another byte order";
    else if (h.version != lexicon_version || h.bucket_bits != bucket_bits)
        problem = "has another format version";
    else if (h.count > (d->map_size - entries_offset) / 8 || h.irregular_offset != entries_offset + h.count * 8 ||
             h.hyphen_offset < h.irregular_offset ||
             h.irregular_count > (h.hyphen_offset - h.irregular_offset) / sizeof(IrregularRecord) ||
             h.hyphen_offset > d->map_size || d->map_size - h.hyphen_offset != h.hyphen_size)
        problem = "is damaged (wrong size)";
    if (!problem) {
        d->buckets = reinterpret_cast<const std::uint32_t*>(d->map + buckets_offset);
        d->entries = reinterpret_cast<const std::uint64_t*>(d->map + entries_offset);
        d->count = h.count;
        // Each bucket and each irregular record is checked where it is read
        // (lookup, stored_lemma): a damaged one is a word not known.
        if (d->buckets[bucket_count] != d->count) problem = "is damaged (bucket table)";
        d->irregular = reinterpret_cast<const IrregularRecord*>(d->map + h.irregular_offset);
        d->irregular_count = h.irregular_count;
        d->lemmas = reinterpret_cast<const char*>(d->irregular + h.irregular_count);
        d->lemmas_size = h.hyphen_offset - h.irregular_offset - h.irregular_count * sizeof(IrregularRecord);
    }
    d->hyphen_offset = h.hyphen_offset;
    d->hyphen_size = h.hyphen_size;
    d->hyphen_levels = h.levels;
    d->checksum = h.checksum;
    if (problem) throw Error(Exit::config, "the compound lexicon " + lexicon_path + " " + problem, rebuild);

    d->identity = "knipsel-compounds/" + std::to_string(lexicon_version) + " lexicon=" + hex64(h.checksum) +
                  " words=" + std::to_string(d->count) + " irregular=" + std::to_string(d->irregular_count) +
                  " exceptions=" +
                  hex64(XXH3_64bits(d->exceptions.text.data(), d->exceptions.text.size())) +
                  " min=" + std::to_string(compound_min_word) + "/" + std::to_string(compound_min_part);
    d_ = std::move(d);
}

std::shared_ptr<const CompoundSplitter> CompoundSplitter::shared(const CompoundFiles& files) {
    static std::mutex lock;
    static std::map<std::pair<std::string, std::string>, std::weak_ptr<const CompoundSplitter>> loaded;
    const std::lock_guard<std::mutex> hold(lock);  // a second thread waits for the first one's load
    std::weak_ptr<const CompoundSplitter>& slot = loaded[{files.lexicon, files.exceptions}];
    std::shared_ptr<const CompoundSplitter> splitter = slot.lock();
    if (!splitter) {
        splitter = std::make_shared<const CompoundSplitter>(files);
        slot = splitter;
    }
    return splitter;
}

CompoundSplitter::~CompoundSplitter() = default;
CompoundSplitter::CompoundSplitter(CompoundSplitter&&) noexcept = default;
CompoundSplitter& CompoundSplitter::operator=(CompoundSplitter&&) noexcept = default;

std::size_t CompoundSplitter::lexicon_size() const { return d_->count; }
std::size_t CompoundSplitter::irregular_size() const { return d_->irregular_count; }

std::string_view CompoundSplitter::stored_lemma(std::string_view folded_word) const {
    if (d_->irregular_count == 0) return {};
    const std::uint64_t hash = word_hash(folded_word);
    const IrregularRecord* first = d_->irregular;
    const IrregularRecord* last = first + d_->irregular_count;
    const IrregularRecord* it =
        std::lower_bound(first, last, hash, [](const IrregularRecord& r, std::uint64_t h) { return r.hash < h; });
    if (it == last || it->hash != hash) return {};
    if (it->lemma > d_->lemmas_size || it->lemma_size > d_->lemmas_size - it->lemma) return {};  // damaged
    return {d_->lemmas + it->lemma, it->lemma_size};
}

std::string_view CompoundSplitter::irregular_lemma(std::string_view folded_word) const {
    const std::string_view lemma = stored_lemma(folded_word);
    return !lemma.empty() && lemma[0] == own_stem_mark ? std::string_view() : lemma;
}

std::string_view CompoundSplitter::own_stem(std::string_view folded_word) const {
    const std::string_view lemma = stored_lemma(folded_word);
    if (lemma.empty() || lemma[0] != own_stem_mark) return {};
    return lemma.substr(lemma.size() > 1 && lemma[1] == own_stem_mark ? 2 : 1);
}

bool CompoundSplitter::own_stem_in_parts(std::string_view folded_word) const {
    const std::string_view lemma = stored_lemma(folded_word);
    return lemma.size() > 2 && lemma[0] == own_stem_mark && lemma[1] == own_stem_mark;
}
const std::string& CompoundSplitter::identity() const { return d_->identity; }

bool CompoundSplitter::known(std::string_view folded_word, std::uint16_t flags) const {
    return (d_->lookup(folded_word) & flags) != 0;
}

std::vector<std::size_t> CompoundSplitter::hyphenation_points(std::string_view folded_word) const {
    std::call_once(d_->hyphen_once, [this] {
        Data& d = const_cast<Data&>(*d_);
        // libhyphen trusts its automaton (its strings' ends, replacement
        // offsets): a damaged byte crashed both tools. The file's checksum
        // is checked first, once, when a word is first split (2 MB: a
        // tenth of a millisecond), not at start-up.
        const std::size_t end = d.hyphen_offset + d.hyphen_size;  // checked against map_size at load
        d.hyphen_ok = end > entries_offset && end <= d.map_size &&
                      XXH3_64bits(d.map + entries_offset, end - entries_offset) == d.checksum &&
                      d.load_hyphenation(d.hyphen_offset, d.hyphen_size, d.hyphen_levels);
    });
    if (!d_->hyphen_ok)
        throw Error(Exit::config, "the compound lexicon is damaged (its checksum or hyphenation patterns)",
                    "rebuild it: cmake --build build --target knipsel_lexicon");
    std::vector<std::size_t> points;
    if (folded_word.empty() || folded_word.size() > max_term_bytes || !plain_ascii_word(folded_word)) return points;
    // libhyphen wants a NUL-terminated word and a buffer of size + 5; the
    // Dutch patterns are ISO-8859-1, which plain a-z is too.
    std::array<char, max_term_bytes + 1> word{};
    std::memcpy(word.data(), folded_word.data(), folded_word.size());
    std::array<char, max_term_bytes + 5> hyphens{};
    char** rep = nullptr;
    int* pos = nullptr;
    int* cut = nullptr;
    const int n = static_cast<int>(folded_word.size());
    // libhyphen's API is not const-correct; hyphenating only reads the dictionary.
    hnj_hyphen_hyphenate2(const_cast<HyphenDict*>(&d_->levels[0]), word.data(), n, hyphens.data(), nullptr, &rep, &pos, &cut);
    for (int i = 0; i + 1 < n; ++i) {
        // A non-standard break changes letters (cafeetje -> cafe-tje): not a
        // place where two words meet.
        if ((hyphens[i] & 1) && !(rep && rep[i])) points.push_back(static_cast<std::size_t>(i) + 1);
    }
    if (rep) {
        for (int i = 0; i < n; ++i) std::free(rep[i]);
        std::free(rep);
    }
    std::free(pos);
    std::free(cut);
    return points;
}

std::vector<std::string> CompoundSplitter::split(std::string_view w) const {
    if (w.size() < compound_min_word || w.size() > max_term_bytes || !plain_ascii_word(w)) return {};
    const std::string word(w);
    const CompoundExceptions& ex = d_->exceptions;
    if (auto it = ex.forced.find(word); it != ex.forced.end()) return it->second;
    if (ex.never_split.count(word)) return {};

    const std::size_t n = word.size();

    // best[i]: the best split of word[i..n) into parts, for i at a
    // hyphenation point; filled from the right. parts == 0: none.
    struct Best {
        std::uint8_t parts = 0;
        std::uint8_t head = 0;  // length of the first part (without its linker)
        std::uint8_t next = 0;  // where the next part starts (after the linker)
    };
    std::array<Best, max_term_bytes + 1> best{};
    // The lexicon holds no word under compound_min_part letters but the few
    // the exception file admits ("+top"), so the loops look at those too.
    constexpr std::size_t shortest = 2;

    // The length of the part word[i..p) gives, 0 when it cannot begin a
    // compound. A linking form gives its word without the linker: vredes ->
    // vrede, mensen -> mens, stappen -> stap (hunspell-nl's -s- and -en- forms).
    auto head_of = [&](std::size_t i, std::size_t p) -> std::size_t {
        const std::string_view seg(word.data() + i, p - i);
        const std::uint16_t f = d_->lookup(seg);
        if (f & lexicon_head) return seg.size();
        if (!(f & lexicon_linked)) return 0;
        // hunspell-nl's -s- forms add just the s (vredes, uitzonderings); its
        // -en- forms may change the word (bomen), so the word must be known.
        if (seg.ends_with("s") && !seg.ends_with("jes")) return seg.size() - 1;
        if (seg.ends_with("en") && seg.size() > 2) {
            const std::size_t len = seg.size() - 2;
            if (d_->lookup(seg.substr(0, len)) & part_flags) return len;
            if (len > 2 && seg[len - 1] == seg[len - 2] && is_consonant(seg[len - 1]) &&
                (d_->lookup(seg.substr(0, len - 1)) & part_flags))
                return len - 1;
        }
        return seg.size();  // another linking form (a diminutive): the form itself
    };

    // "ring" after a verb's stem is its noun's ending, no word: waarde|ring
    // is waardering (waarderen), verwar|ring verwarring; not trouw|ring.
    auto verb_noun_ending = [&](std::size_t i) {
        const std::string_view tail = std::string_view(word).substr(i);
        return (tail == "ring" || tail == "ringen") &&
               (d_->lookup(word.substr(0, i) + "ren") & lexicon_infinitive);
    };

    std::array<bool, max_term_bytes + 1> is_point{};
    auto fill_best = [&] {
        for (std::size_t i = n - shortest + 1; i-- > 0;) {
            best[i] = Best{};
            if (i != 0 && !is_point[i]) continue;
            Best b;
            if (i != 0 && (d_->lookup(std::string_view(word).substr(i)) & lexicon_last) && !verb_noun_ending(i)) {
                b = {1, static_cast<std::uint8_t>(n - i), static_cast<std::uint8_t>(n)};
            } else {
                for (std::size_t p = n - shortest; p >= i + shortest; --p) {
                    // Longest segment first: on equal part counts the first found wins.
                    if (!is_point[p] || best[p].parts == 0) continue;
                    if (b.parts != 0 && best[p].parts + 1 >= b.parts) continue;
                    if (std::size_t head = head_of(i, p))
                        b = {static_cast<std::uint8_t>(best[p].parts + 1), static_cast<std::uint8_t>(head),
                             static_cast<std::uint8_t>(p)};
                }
            }
            best[i] = b;
        }
    };
    // First with a cut allowed everywhere: a word that splits nowhere then
    // (most long words) cannot split at its hyphenation points either, and
    // is answered without them. That spares knipsel-query building
    // libhyphen's automaton (~2.7 ms) for query words like "installeren".
    is_point.fill(true);
    fill_best();
    if (best[0].parts < 2) return {};
    is_point.fill(false);
    for (std::size_t p : hyphenation_points(w)) is_point[p] = true;
    fill_best();
    if (best[0].parts < 2) return {};

    std::vector<std::string> parts;
    for (std::size_t i = 0; i < n; i = best[i].next) parts.emplace_back(word, i, best[i].head);
    return parts;
}

std::vector<std::string> CompoundSplitter::split_deep(std::string_view folded_word) const {
    std::vector<std::string> out;
    for (std::string& part : split(folded_word)) {
        std::vector<std::string> sub = split_deep(part);
        if (sub.empty())
            out.push_back(std::move(part));
        else
            out.insert(out.end(), std::make_move_iterator(sub.begin()), std::make_move_iterator(sub.end()));
    }
    return out;
}

}  // namespace knipsel
