// axis_harness.h: the clock loop of every generated Verilator harness of adabin-hw.
//
// The harness owns the clock and nothing else. From its working directory it reads the input beats
// (stimulus_<input>.memh, $readmemh format) and the stall pattern (stall.memb, one line per cycle, one
// column per input then per output); it drives the AXI-Stream inputs and the outputs' TREADY under the
// pattern and logs every transfer with its cycle (accepts_<input>.log, beats_<output>.log, summary.txt,
// the formats of org.adabinhw.simulator.RunTrace). All checking happens in Java.
//
// Cycle n is the n-th clock cycle after reset. In cycle n the harness
//   1. offers the next beat on every input with no beat pending if the pattern's column allows it (a
//      pending beat stays offered until it transfers) and sets every output's TREADY from its column;
//   2. evaluates the model with the clock low and records the transfers (TVALID && TREADY);
//   3. raises the clock (the registers take their next state) and lowers it again in the next cycle.
// It stops `drain` cycles after the cycle in which the last expected output beat arrived, or after
// `max_cycles` cycles (status "timeout" when beats were still missing). Past the pattern's end no
// column stalls. This is the loop of org.adabinhw.simulator.SimulationRun, line for line.
//
// Arguments, key=value: expect_<output>=N for every output, drain=N, max_cycles=N, reset_cycles=N,
// seed=N (randomises every register's initial value, so a missing reset shows), vcd=FILE (needs a
// build with --trace).
#pragma once

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "verilated.h"
#if VM_TRACE
#include "verilated_vcd_c.h"
#endif

namespace adabin {

// A TDATA value: 32-bit words, least significant first, at least two words.
using Word = std::vector<uint32_t>;

[[noreturn]] inline void fail(const std::string& message) {
    std::fprintf(stderr, "harness: %s\n", message.c_str());
    std::exit(2);
}

inline std::size_t words_for(int width) { return width > 64 ? static_cast<std::size_t>((width + 31) / 32) : 2; }

inline Word parse_hex(const std::string& text, int width, const std::string& where) {
    Word w(words_for(width), 0);
    int bit = 0;
    for (auto it = text.rbegin(); it != text.rend(); ++it, bit += 4) {
        const char c = *it;
        uint32_t v;
        if (c >= '0' && c <= '9') {
            v = static_cast<uint32_t>(c - '0');
        } else if (c >= 'a' && c <= 'f') {
            v = static_cast<uint32_t>(c - 'a' + 10);
        } else if (c >= 'A' && c <= 'F') {
            v = static_cast<uint32_t>(c - 'A' + 10);
        } else {
            fail(where + ": '" + text + "' is not hexadecimal");
        }
        for (int b = 0; b < 4; ++b) {
            if ((v >> b & 1) != 0 && bit + b >= width) {
                fail(where + ": '" + text + "' does not fit " + std::to_string(width) + " bits");
            }
        }
        if (v != 0) {
            w[static_cast<std::size_t>(bit / 32)] |= v << (bit % 32);
        }
    }
    return w;
}

inline std::string format_hex(const Word& w, int width) {
    static const char digits[] = "0123456789abcdef";
    std::string s;
    for (int d = (width + 3) / 4 - 1; d >= 0; --d) {
        s += digits[(w[static_cast<std::size_t>(d * 4 / 32)] >> (d * 4 % 32)) & 0xf];
    }
    return s;
}

// Port access for every Verilator port type.
inline void put(CData& p, const Word& w) { p = static_cast<CData>(w[0]); }
inline void put(SData& p, const Word& w) { p = static_cast<SData>(w[0]); }
inline void put(IData& p, const Word& w) { p = w[0]; }
inline void put(QData& p, const Word& w) { p = static_cast<QData>(w[1]) << 32 | w[0]; }
template <std::size_t N>
inline void put(VlWide<N>& p, const Word& w) {
    for (std::size_t i = 0; i < N; ++i) p[i] = w[i];
}
inline Word get(CData p, int width) { Word w(words_for(width), 0); w[0] = p; return w; }
inline Word get(SData p, int width) { Word w(words_for(width), 0); w[0] = p; return w; }
inline Word get(IData p, int width) { Word w(words_for(width), 0); w[0] = p; return w; }
inline Word get(QData p, int width) {
    Word w(words_for(width), 0);
    w[0] = static_cast<uint32_t>(p);
    w[1] = static_cast<uint32_t>(p >> 32);
    return w;
}
template <std::size_t N>
inline Word get(const VlWide<N>& p, int width) {
    Word w(words_for(width), 0);
    for (std::size_t i = 0; i < N; ++i) w[i] = p[i];
    return w;
}

inline std::vector<std::string> data_lines(const std::string& file) {
    std::ifstream in(file);
    if (!in) fail("cannot open " + file);
    std::vector<std::string> lines;
    std::string line;
    while (std::getline(in, line)) {
        const auto b = line.find_first_not_of(" \t\r");
        if (b == std::string::npos || line.compare(b, 2, "//") == 0) continue;
        const auto e = line.find_last_not_of(" \t\r");
        lines.push_back(line.substr(b, e - b + 1));
    }
    return lines;
}

template <class Dut>
class Harness {
  public:
    Harness(int argc, char** argv) {
        for (int i = 1; i < argc; ++i) {
            const std::string a = argv[i];
            const auto eq = a.find('=');
            if (eq == std::string::npos) fail("argument '" + a + "' is not key=value");
            args_[a.substr(0, eq)] = a.substr(eq + 1);
        }
        context_ = std::make_unique<VerilatedContext>();
        context_->randReset(2);
        context_->randSeed(static_cast<int>(number("seed", 1)));
        context_->traceEverOn(true);
        dut_ = std::make_unique<Dut>(context_.get());
    }

    Dut& dut() { return *dut_; }

    void input(const std::string& name, int width, std::function<void(bool, const Word&)> drive,
               std::function<bool()> ready) {
        Input in{name, width, std::move(drive), std::move(ready), {}, 0, false, false, nullptr};
        const std::string file = "stimulus_" + name + ".memh";
        const auto lines = data_lines(file);
        for (std::size_t i = 0; i < lines.size(); ++i) {
            in.beats.push_back(parse_hex(lines[i], width, file + " beat " + std::to_string(i)));
        }
        inputs_.push_back(std::move(in));
    }

    void output(const std::string& name, int width, std::function<void(bool)> set_ready,
                std::function<bool()> valid, std::function<Word()> data) {
        outputs_.push_back(Output{name, width, std::move(set_ready), std::move(valid), std::move(data),
                                  static_cast<std::size_t>(number("expect_" + name, -1)), 0, false, nullptr});
    }

    int run() {
        const std::size_t columns = inputs_.size() + outputs_.size();
        const auto pattern = data_lines("stall.memb");
        for (std::size_t c = 0; c < pattern.size(); ++c) {
            if (pattern[c].size() != columns || pattern[c].find_first_not_of("01") != std::string::npos) {
                fail("stall.memb cycle " + std::to_string(c) + ": '" + pattern[c] + "' is not " +
                     std::to_string(columns) + " binary digits");
            }
        }
        auto allowed = [&](std::size_t column, long cycle) {
            return cycle >= static_cast<long>(pattern.size()) || pattern[static_cast<std::size_t>(cycle)][column] == '1';
        };
        const long drain = number("drain", -1);
        const long max_cycles = number("max_cycles", -1);
        const long reset_cycles = number("reset_cycles", 4);
        for (auto& in : inputs_) in.log = open_log("accepts_" + in.name + ".log");
        for (auto& out : outputs_) out.log = open_log("beats_" + out.name + ".log");
        open_trace();

        Dut& d = *dut_;
        d.ap_rst_n = 0;
        for (auto& in : inputs_) in.drive(false, Word(words_for(in.width), 0));
        for (auto& out : outputs_) out.set_ready(false);
        for (long r = 0; r < reset_cycles; ++r) {
            d.ap_clk = 0;
            eval();
            d.ap_clk = 1;
            eval();
        }
        d.ap_rst_n = 1;

        long done = -1;
        bool timed_out = false;
        long cycle = 0;
        for (;; ++cycle) {
            for (std::size_t i = 0; i < inputs_.size(); ++i) {
                Input& in = inputs_[i];
                if (!in.valid && in.next < in.beats.size() && allowed(i, cycle)) in.valid = true;
                in.drive(in.valid, in.valid ? in.beats[in.next] : Word(words_for(in.width), 0));
            }
            for (std::size_t k = 0; k < outputs_.size(); ++k) {
                outputs_[k].ready = allowed(inputs_.size() + k, cycle);
                outputs_[k].set_ready(outputs_[k].ready);
            }
            d.ap_clk = 0;
            eval();
            for (auto& in : inputs_) {
                in.fired = in.valid && in.ready();
                if (in.fired) std::fprintf(in.log, "%ld\n", cycle);
            }
            for (auto& out : outputs_) {
                if (out.ready && out.valid()) {
                    std::fprintf(out.log, "%ld %s\n", cycle, format_hex(out.data(), out.width).c_str());
                    ++out.received;
                }
            }
            d.ap_clk = 1;
            eval();
            for (auto& in : inputs_) {
                if (in.fired) {
                    in.valid = false;
                    ++in.next;
                }
            }
            bool all = true;
            for (auto& out : outputs_) all = all && out.received >= out.expected;
            if (done < 0 && all) done = cycle;
            if (done >= 0 && cycle >= done + drain) break;
            if (cycle + 1 >= max_cycles) {
                timed_out = done < 0;
                break;
            }
        }
        d.final();
#if VM_TRACE
        if (trace_) trace_->close();
#endif
        for (auto& in : inputs_) std::fclose(in.log);
        for (auto& out : outputs_) std::fclose(out.log);
        FILE* summary = open_log("summary.txt");
        std::fprintf(summary, "cycles %ld\nstatus %s\n", cycle + 1, timed_out ? "timeout" : "ok");
        std::fclose(summary);
        return 0;
    }

  private:
    struct Input {
        std::string name;
        int width;
        std::function<void(bool, const Word&)> drive;
        std::function<bool()> ready;
        std::vector<Word> beats;
        std::size_t next;
        bool valid;
        bool fired;
        FILE* log;
    };
    struct Output {
        std::string name;
        int width;
        std::function<void(bool)> set_ready;
        std::function<bool()> valid;
        std::function<Word()> data;
        std::size_t expected;
        std::size_t received;
        bool ready;
        FILE* log;
    };

    long number(const std::string& key, long fallback) const {
        const auto it = args_.find(key);
        if (it == args_.end()) {
            if (fallback < 0) fail("missing argument " + key + "=N");
            return fallback;
        }
        char* end = nullptr;
        const long v = std::strtol(it->second.c_str(), &end, 10);
        if (end == it->second.c_str() || *end != '\0' || v < 0) fail("argument " + key + "=" + it->second + " is not a number >= 0");
        return v;
    }

    static FILE* open_log(const std::string& file) {
        FILE* f = std::fopen(file.c_str(), "w");
        if (f == nullptr) fail("cannot write " + file);
        return f;
    }

    void open_trace() {
        const auto it = args_.find("vcd");
        if (it == args_.end()) return;
#if VM_TRACE
        trace_ = std::make_unique<VerilatedVcdC>();
        dut_->trace(trace_.get(), 99);
        trace_->open(it->second.c_str());
#else
        fail("vcd=" + it->second + " needs a model built with --trace");
#endif
    }

    void eval() {
        dut_->eval();
#if VM_TRACE
        if (trace_) trace_->dump(time_);
#endif
        ++time_;
    }

    std::map<std::string, std::string> args_;
    std::unique_ptr<VerilatedContext> context_;
    std::unique_ptr<Dut> dut_;
#if VM_TRACE
    std::unique_ptr<VerilatedVcdC> trace_;
#endif
    std::vector<Input> inputs_;
    std::vector<Output> outputs_;
    uint64_t time_ = 0;
};

}  // namespace adabin
