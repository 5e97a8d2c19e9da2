// tests/export_folio_litmus.cpp: writes every configuration of the default matrix and of
// every release table (`matrix --kernel V`) under --memory lkmm as a herd7 litmus test
// (export_litmus_config(), the scenario `run --litmus` exports), so that herd7's answers
// on them can be committed as LKMM conformance data (scripts/export-folio-litmus.sh).
//
//     export_folio_litmus OUTDIR PAGES...
//
// OUTDIR gets NAME.litmus per configuration and reader order, and manifest.tsv: one line
// per configuration with the key the conformance test matches `matrix --json` results by
// (tests/lkmm_conformance.cpp), the files of its reader orders, or why it cannot be
// exported. Deterministic: the same files on every run.
#include <cstdio>
#include <fstream>
#include <iostream>
#include <map>
#include <stdexcept>
#include <string>
#include <vector>

#include "checks/kernels.hpp"
#include "harness/report/export_litmus.hpp"
#include "harness/report/report.hpp"
#include "harness/search/matrix.hpp"

using namespace fc;

namespace {

std::string test_name(const std::string& litmus) {  // the "C NAME" line
    const size_t e = litmus.find('\n');
    return litmus.substr(2, e - 2);
}

// The fields of `run --json` that tell the configurations of one sweep apart.
std::string key(const std::string& table, const RunRequest& q) {
    return table + "|" + q.check->name + "|" + q.writer->name + "|" + std::to_string(q.pages) + "|" +
           mapcount_name(q.mapcount) + "|" + read_order_name(q.effective_order()) + "|" +
           reader_barrier_name(q.barrier) + "|" + (q.range.first < 0 ? std::string("all") : range_text(q.range));
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 3) {
        std::cerr << "usage: export_folio_litmus OUTDIR PAGES...\n";
        return 2;
    }
    const std::string out = argv[1];
    std::vector<int> pages;
    for (int i = 2; i < argc; i++) pages.push_back(std::stoi(argv[i]));

    std::vector<std::pair<std::string, MatrixSpec>> tables{{"default", default_matrix()}};
    for (const KernelRelease& k : all_kernels()) tables.push_back({k.name, kernel_matrix(k.name)});

    std::ofstream manifest(out + "/manifest.tsv");
    manifest << "# Written by tests/export_folio_litmus (scripts/export-folio-litmus.sh): each configuration of\n"
                "# the default matrix (table \"default\") and of the release tables under --memory lkmm, its\n"
                "# key (table|check|writer|pages|mapcount|reader order|reader barrier|range) and its litmus\n"
                "# files, one per reader order (\"either\": ref-first and map-first), or why there are none.\n"
                "key\tfiles\n";
    std::map<std::string, std::string> written;  // name -> text
    int configs = 0, files = 0, refused = 0;
    for (auto& [table, spec] : tables) {
        spec.pages = pages;
        spec.memories = {Memory::lkmm};
        // A litmus test has one initial state, so it holds one pin (the scenario of every pin
        // count starts at one); the conformance test sweeps these tables with --pins 1.
        spec.pins = 1;
        Skipped skipped;
        for (const RunRequest& q : enumerate(spec, skipped)) {
            configs++;
            std::vector<ReadOrder> orders{q.effective_order()};
            if (orders[0] == ReadOrder::either) orders = {ReadOrder::ref_first, ReadOrder::map_first};
            std::string names;
            try {
                for (ReadOrder o : orders) {
                    std::string text = export_litmus_config(q, o);
                    std::string name = test_name(text);
                    // The name leaves out what a release table adds (compaction's own reference,
                    // the release): a different test under a name already written gets the table's.
                    auto w = written.find(name);
                    if (w != written.end() && w->second != text) {
                        const std::string renamed = name + "+" + table;
                        text.replace(2, name.size(), renamed);
                        name = renamed;
                        w = written.find(name);
                        if (w != written.end() && w->second != text)
                            throw std::logic_error("two configurations export different tests named " + name);
                    }
                    if (w == written.end()) {
                        written[name] = text;
                        std::ofstream(out + "/" + name + ".litmus") << text;
                        files++;
                    }
                    names += (names.empty() ? "" : " ") + name + ".litmus";
                }
            } catch (const std::invalid_argument& e) {
                names = std::string("refused: ") + e.what();
                refused++;
            }
            manifest << key(table, q) << "\t" << names << "\n";
        }
    }
    std::cerr << configs << " configurations, " << files << " litmus files, " << refused << " not exportable\n";
    return 0;
}
