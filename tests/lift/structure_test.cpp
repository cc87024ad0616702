#include "spak/lift/structure.h"

#include <gtest/gtest.h>

namespace spak::lift {
namespace {

std::string text(const SourceFile& s, Range r) { return s.text.substr(r.begin, r.end - r.begin); }

TEST(Structure, PythonKernelBodyEndsAtDedentAndParamsSplitAtTopLevel) {
  SourceFile s = make_source("k.py", "cutile",
                             "@ct.kernel(occupancy=2)\n"
                             "def k(A, B: ConstInt,\n"
                             "      shape: tuple = (1, 2), F: ConstBool):\n"
                             "    x = 1\n"
                             "\n"
                             "    # comment at any depth\n"
                             "    return x\n"
                             "def host():\n"
                             "    pass\n",
                             CommentStyle::Python);
  Structure st = analyze(s, KernelStyle::PythonDecorator, Regex(R"(^\s*@ct\.kernel\b)"));
  ASSERT_EQ(st.kernels.size(), 1u);
  EXPECT_EQ(st.kernels[0].name, "k");
  EXPECT_EQ(s.line_of(st.kernels[0].head), 2);
  EXPECT_EQ(s.line_of(st.kernels[0].range.end), 8);  // `def host` is outside
  ASSERT_EQ(st.kernel_params.size(), 4u);
  EXPECT_EQ(text(s, st.kernel_params[1].range), "B: ConstInt");
  EXPECT_EQ(text(s, st.kernel_params[2].range), "shape: tuple = (1, 2)");
  EXPECT_EQ(st.kernel_params[3].index, 3);
}

TEST(Structure, CudaKernelsSkipQualifiersAndTemplatesBindInstantiations) {
  SourceFile s = make_source("k.cu", "cuda",
                             "template <int BM, int STAGES = 2>\n"
                             "__global__ void __launch_bounds__(256, 2) gemm(const float* a, int n) {\n"
                             "  if (n > 0) { a += 1; }\n"
                             "}\n"
                             "__global__ void declared_only(int);\n"
                             "void run() { gemm<128, 3><<<1, 256>>>(0, 1); gemm<64, S><<<1, 1>>>(0, 1); }\n",
                             CommentStyle::C);
  Structure st = analyze(s, KernelStyle::CQualifier, Regex(R"(\b__global__\b)"));
  ASSERT_EQ(st.kernels.size(), 1u);
  EXPECT_EQ(st.kernels[0].name, "gemm");
  EXPECT_EQ(s.line_of(st.kernels[0].range.end - 1), 4);
  ASSERT_EQ(st.kernel_params.size(), 2u);
  EXPECT_EQ(text(s, st.kernel_params[0].range), "const float* a");
  ASSERT_EQ(st.template_params.size(), 2u);
  EXPECT_EQ(st.template_params[0].owner, "gemm");
  EXPECT_EQ(st.template_params[0].bound_values, (std::vector<std::string>{"128", "64"}));
  EXPECT_EQ(st.template_params[1].bound_values, (std::vector<std::string>{"3"}));  // S is not a literal
}

TEST(Structure, CallsSpanLinesAndLoopVariablesBindLiteralLists) {
  std::string code =
      "v = ct.load(V, index=(0, j),\n           latency=4)\n"
      "for t in (64, 128):\n"
      "    for m, n in ((1, 2), (3, 4)):\n"
      "        for x in (a, 1):\n";
  auto calls = find_calls(code, Regex(R"((?<![\w.])ct\.load\s*\()"));
  ASSERT_EQ(calls.size(), 1u);
  EXPECT_EQ(code.substr(calls[0].begin, calls[0].end - calls[0].begin),
            "ct.load(V, index=(0, j),\n           latency=4)");
  SourceFile s = make_source("c.py", "cutile", code, CommentStyle::Python);
  Structure st = analyze(s, KernelStyle::PythonDecorator, Regex("@never"));
  EXPECT_EQ(st.list_bindings.at("t"), (std::vector<std::string>{"64", "128"}));
  EXPECT_EQ(st.list_bindings.at("m"), (std::vector<std::string>{"1", "3"}));
  EXPECT_EQ(st.list_bindings.at("n"), (std::vector<std::string>{"2", "4"}));
  EXPECT_EQ(st.list_bindings.count("x"), 0u);  // `a` is not a literal
}

TEST(Structure, UnbalancedBracketsAreNotGuessed) {
  EXPECT_EQ(matching_close("f(a, [b)", 1), std::string_view::npos);
  EXPECT_EQ(matching_close("f(a, \")\", b)", 1), 11u);
}

}  // namespace
}  // namespace spak::lift
