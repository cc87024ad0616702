#pragma once
// Generates structurally valid but messy .dsl text (odd spacing, tabs, CRLF, comments, suites, lists over
// several lines, Korean text) for property tests and the parse benchmark. Deterministic for a given seed.

#include <random>
#include <string>

namespace spak::dsl::testing {

/// A random .dsl document builder.
class Generator {
 public:
  explicit Generator(unsigned seed, bool crlf = false) : rng_(seed), nl_(crlf ? "\r\n" : "\n") {}

  /// One document with roughly `items` entries spread over nested blocks.
  std::string document(int items) {
    std::string out;
    if (pick(4) == 0) out += "---" + nl_ + "title: generated" + nl_ + "tags: [a, b]" + nl_ + "---" + nl_;
    out += std::string("system Gen") + std::to_string(pick(1000)) + " {" + nl_;
    while (items > 0) items -= block(out, 1, 12);
    out += "}" + nl_;
    return out;
  }

  /// A large document of at least `bytes` bytes made of realistic sections (for benchmarks).
  std::string large(std::size_t bytes) {
    std::string out;
    for (int i = 0; out.size() < bytes; ++i) {
      out += std::string("system S") + std::to_string(i) + " {" + nl_;
      for (int k = 0; k < 20; ++k) block(out, 1, 10);
      out += "}" + nl_;
    }
    return out;
  }

 private:
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng_); }
  std::string indent(int depth) {
    static const char* styles[] = {"  ", "    ", "\t", " "};
    std::string s;
    const char* unit = styles[pick(4) == 0 ? pick(4) : 0];
    for (int i = 0; i < depth; ++i) s += unit;
    return s;
  }
  std::string space() { return pick(5) == 0 ? "   " : pick(9) == 0 ? "\t" : " "; }
  std::string name() {
    static const char* names[] = {"tile_m", "BLOCK_N", "extraction-date", "tool.run", "알고리즘", "k_lat", "x"};
    return names[pick(7)];
  }
  std::string scalar() {
    switch (pick(9)) {
      case 0: return std::to_string(pick(512));
      case 1: return std::string("-") + std::to_string(pick(9)) + ".5";
      case 2: return "1e-5";
      case 3: return "\"text with {{hole}} and \\\"quotes\\\"\"";
      case 4: return "'single'";
      case 5: return "true";
      case 6: return "\"한국어 🚀\"";
      case 7: return "1_000";
      default: return name();
    }
  }
  std::string value() {
    switch (pick(7)) {
      case 0: return std::string("[") + scalar() + "," + space() + scalar() + ", " + scalar() + "]";
      case 1: return scalar() + space() + "|" + space() + scalar();
      case 2: return std::string("range [") + std::to_string(pick(8)) + ", " + std::to_string(8 + pick(64)) + "]";
      case 3: return std::string("{a: ") + scalar() + "," + space() + "b: " + scalar() + "}";
      case 4: return std::string("f(") + scalar() + ", key: " + scalar() + ")";
      case 5: return std::string("[") + nl_ + "  " + scalar() + ",  // first" + nl_ + "  " + scalar() + nl_ + "]";
      default: return scalar();
    }
  }
  /// Appends one entry (maybe a nested block); returns how many entries it wrote.
  int block(std::string& out, int depth, int budget) {
    const std::string in = indent(depth);
    switch (depth >= 6 ? pick(6) : pick(10)) {
      case 0: out += in + name() + ":" + space() + value() + nl_; return 1;
      case 1: out += in + name() + ": " + scalar() + space() + "other: " + scalar() + nl_; return 2;
      case 2: out += in + "m_i = max(m_i, s)  # running max" + nl_; return 1;
      case 3: out += in + "// comment " + name() + nl_ + (pick(2) ? nl_ : ""); return 1;
      case 4: out += in + "/* block" + nl_ + "   comment */ " + name() + ": 1" + nl_; return 1;
      case 5: out += in + "prompt: \"\"\"line one {{x}}" + nl_ + "  line two\"\"\"" + nl_; return 1;
      case 6: {
        out += in + "procedure " + name() + ":" + nl_;
        out += in + "  for i in 0..N-1:" + nl_ + in + "    acc += a[i] * b[i]" + nl_ + in + "  return acc" + nl_;
        return 3;
      }
      default: {
        static const char* heads[] = {"knowledge", "rule \"R\"", "fact f(t: Trace)", "tuning_space", "step \"S\"",
                                      "case Perf", "div #log"};
        out += in + heads[pick(7)] + space() + "{" + (pick(6) == 0 ? "" : nl_);
        int n = 1;
        const int inner = 1 + pick(std::max(1, budget / 2));
        for (int k = 0; k < inner && n < budget; ++k) n += block(out, depth + 1, budget / 2);
        out += in + "}" + nl_;
        return n;
      }
    }
  }

  std::mt19937 rng_;
  std::string nl_;
};

}  // namespace spak::dsl::testing
