// The lifter against the fixture kernels: every axis and fact the issue lists is found with the right line and
// values, and files with none of them yield an empty result. Expected lines are found by searching the fixture
// for the line's text, independently of the lifter.
#include "spak/lift/lifter.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <filesystem>

#include "fixture.h"
#include "spak/util/error.h"
#include "spak/util/file_io.h"

namespace spak::lift {
namespace {

using nlohmann::json;
using testing::cites;
using testing::fixture_path;
using testing::line_of;
using testing::lines_of;
using testing::named;
using Values = std::vector<json>;

LiftResult lift_fixture(const std::string& name, const std::string& language = "auto") {
  return lift_files({fixture_path(name)}, testing::repository_db(), language);
}

const Axis& axis(const LiftResult& r, const std::string& name) {
  static const Axis missing{};
  const Axis* a = named(r.axes, name);
  EXPECT_NE(a, nullptr) << "axis " << name << " not found";
  return a ? *a : missing;
}

const Fact& fact(const LiftResult& r, const std::string& name) {
  static const Fact missing{};
  const Fact* f = named(r.facts, name);
  EXPECT_NE(f, nullptr) << "fact " << name << " not found";
  return f ? *f : missing;
}

class CuTileAttention : public ::testing::Test {
 protected:
  static constexpr const char* kFile = "attention_cutile.py";
  static void SetUpTestSuite() { result_ = new LiftResult(lift_fixture(kFile)); }
  static void TearDownTestSuite() { delete result_; }
  int line(const std::string& needle) { return line_of(kFile, needle); }
  std::vector<int> lines(const std::string& needle) { return lines_of(kFile, needle); }
  static LiftResult* result_;
};
LiftResult* CuTileAttention::result_ = nullptr;

TEST_F(CuTileAttention, TileSizesAreTuningAxesWithTheAutotunerValues) {
  const LiftResult& r = *result_;
  EXPECT_EQ(r.files.at(0).language, "cutile");
  for (const char* tile : {"TILE_M", "TILE_N"}) {
    const Axis& a = axis(r, tile);
    EXPECT_EQ(a.kind, Axis::Kind::Tuning) << tile;
    EXPECT_EQ(a.values, (Values{64, 128})) << tile;
    EXPECT_TRUE(cites(a.evidence, line("yield SimpleNamespace(TILE_M=tile_m"))) << tile;
    EXPECT_TRUE(cites(a.evidence, lines("TILE_D: ConstInt, H: ConstInt, TILE_M: ConstInt").front())) << tile;
  }
  // Compile-time parameters the file never searches are axes without values.
  EXPECT_TRUE(axis(r, "TILE_D").values.empty());
  EXPECT_TRUE(axis(r, "QUERY_GROUP_SIZE").values.empty());
}

TEST_F(CuTileAttention, OccupancyHintFromDecoratorAndConfigs) {
  const Axis& a = axis(*result_, "occupancy");
  EXPECT_EQ(a.kind, Axis::Kind::Tuning);
  EXPECT_EQ(a.values, (Values{1, 2}));
  EXPECT_TRUE(cites(a.evidence, lines("@ct.kernel(occupancy=2)").front()));
  EXPECT_TRUE(cites(a.evidence, lines("@ct.kernel(occupancy=1)").front()));
}

TEST_F(CuTileAttention, FlagsAreDesignAxes) {
  for (const char* flag : {"CAUSAL", "EVEN_K"}) {
    const Axis& a = axis(*result_, flag);
    EXPECT_EQ(a.kind, Axis::Kind::Design) << flag;
    EXPECT_EQ(a.values, (Values{true, false})) << flag;
  }
}

TEST_F(CuTileAttention, PerTensorLoadLatenciesDifferForKAndV) {
  const Axis& k = axis(*result_, "k_load_latency");
  const Axis& v = axis(*result_, "v_load_latency");
  EXPECT_EQ(k.values, (Values{2}));
  EXPECT_EQ(v.values, (Values{4}));
  // The call starts a line earlier; the citation is the line holding `latency=`.
  EXPECT_EQ(testing::cited_lines(k.evidence), lines("order=(0, 1, 3, 2), latency=2)"));
  EXPECT_EQ(testing::cited_lines(v.evidence), lines("latency=4).reshape"));
  EXPECT_EQ(named(result_->axes, "q_load_latency"), nullptr);  // Q loads carry no hint
}

TEST_F(CuTileAttention, KIsLoadedTransposedThroughTheLoadOrder) {
  const Axis& a = axis(*result_, "k_load_order");
  EXPECT_EQ(a.kind, Axis::Kind::Design);
  EXPECT_EQ(a.observed, (Values{"(0, 1, 3, 2)"}));
  EXPECT_TRUE(cites(a.evidence, lines("order=(0, 1, 3, 2), latency=2)").front()));
}

TEST_F(CuTileAttention, OnlineSoftmaxWithExp2FlushToZeroAndApproximateDivision) {
  const LiftResult& r = *result_;
  const Fact& softmax = fact(r, "online_softmax");
  EXPECT_EQ(softmax.values, (Values{"fmha_fwd_inference", "fmha_fwd_training"}));
  for (int l : lines("alpha = ct.exp2(m_i - m_ij, flush_to_zero=True)")) EXPECT_TRUE(cites(softmax.evidence, l));

  const Axis& exp = axis(r, "exp_function");
  EXPECT_EQ(exp.observed, (Values{"exp2"}));  // the docstring's ct.exp(x) is not code
  EXPECT_EQ(exp.values, (Values{"exp2", "exp"}));

  const Fact& folded = fact(r, "log2e_folded_into_scale");
  EXPECT_TRUE(cites(folded.evidence, line("INV_LOG_2 = 1.0 / math.log(2)")));
  EXPECT_TRUE(cites(folded.evidence, lines("qk_scale = qk_scale * INV_LOG_2").front()));

  EXPECT_EQ(axis(r, "flush_to_zero").observed, (Values{true}));
  const Axis& division = axis(r, "division_rounding");
  EXPECT_EQ(division.observed, (Values{"APPROX"}));
  // Cited where `rounding_mode=` stands: the second line of the inference kernel's call.
  EXPECT_EQ(testing::cited_lines(division.evidence), lines("rounding_mode=RMd.APPROX)"));
  EXPECT_EQ(lines("rounding_mode=RMd.APPROX)").front(), lines("acc = ct.truediv(acc, l_i, flush_to_zero=True,").front() + 1);
}

TEST_F(CuTileAttention, CausalTileSkippingAndEvenKMask) {
  const Fact& skip = fact(*result_, "causal_tile_skipping");
  EXPECT_EQ(skip.values, (Values{"fmha_fwd_inference", "fmha_fwd_training"}));
  EXPECT_TRUE(cites(skip.evidence, line("Tc = ct.cdiv(min(m_end, k_seqlen), TILE_N)")));
  EXPECT_TRUE(cites(skip.evidence, lines("if (CAUSAL or not EVEN_K) and j >= mask_start:").front()));
  const Fact& even = fact(*result_, "even_k_dynamic_mask");
  EXPECT_TRUE(cites(even.evidence, lines("mask = mask & (offs_n < k_seqlen)").front()));
}

TEST_F(CuTileAttention, GroupedQueryAttentionAxisAndInvariant) {
  const Axis& gqa = axis(*result_, "attention_variant");
  EXPECT_EQ(gqa.observed, (Values{"GQA"}));
  EXPECT_TRUE(cites(gqa.evidence, lines("off_kv_h = head_idx // QUERY_GROUP_SIZE").front()));
  const Invariant* inv = named(result_->invariants, "gqa_whole_groups");
  ASSERT_NE(inv, nullptr);
  EXPECT_EQ(inv->assertion, "num_heads % num_kv_heads == 0");
  // The explicit assert says the same thing, so it is one invariant citing both lines.
  EXPECT_TRUE(cites(inv->evidence, line("assert num_heads % num_kv_heads == 0")));
  EXPECT_TRUE(cites(inv->evidence, line("query_group_size = num_heads // num_kv_heads")));
}

TEST_F(CuTileAttention, InferenceAndTrainingKernelsAndTheLse) {
  const Axis& mode = axis(*result_, "forward_mode");
  EXPECT_EQ(mode.observed, (Values{"inference", "training"}));
  EXPECT_TRUE(cites(mode.evidence, line("def fmha_fwd_inference(")));
  EXPECT_TRUE(cites(mode.evidence, line("def fmha_fwd_training(")));
  EXPECT_TRUE(cites(mode.evidence, line("ct.store(Lse, index=")));
}

TEST_F(CuTileAttention, AccumulatorsPrecisionAndKvCacheOffset) {
  const Axis& acc = axis(*result_, "accumulator_dtype");
  EXPECT_EQ(acc.observed, (Values{"float32"}));
  EXPECT_TRUE(cites(acc.evidence, lines("acc = ct.full((TILE_M, TILE_D), 0.0, dtype=np.float32)").front()));
  const Fact& cast = fact(*result_, "p_cast_to_input_dtype");
  EXPECT_TRUE(cites(cast.evidence, line("p = p.astype(Q.dtype)")));
  EXPECT_TRUE(cites(cast.evidence, line("acc = ct.mma(p.astype(Q.dtype), v, acc * alpha)")));
  const Fact& pos = fact(*result_, "kv_cache_position_offset");
  EXPECT_EQ(pos.values, (Values{"input_pos"}));
  EXPECT_EQ(testing::cited_lines(pos.evidence), (std::vector<int>{line("offs_m += input_pos")}));
}

TEST_F(CuTileAttention, BackwardKernels) {
  const LiftResult& r = *result_;
  EXPECT_EQ(testing::cited_lines(fact(r, "bwd_preprocess_delta").evidence),
            (std::vector<int>{line("delta = ct.sum(o * do, axis=-1)")}));
  const Fact& dkdv = fact(r, "bwd_dkdv_kernel");
  EXPECT_EQ(dkdv.values, (Values{"fmha_bwd_dkdv"}));
  EXPECT_TRUE(cites(dkdv.evidence, line("ct.store(dV, index=")));
  const Axis& dq = axis(r, "backward_dq");
  EXPECT_EQ(dq.observed, (Values{"separate_kernel"}));
  EXPECT_TRUE(cites(dq.evidence, line("def fmha_bwd_dq(")));
}

TEST_F(CuTileAttention, LaunchesAndTensorCores) {
  EXPECT_TRUE(cites(fact(*result_, "autotuned_launch").evidence, line("ct_experimental.autotune_launch(")));
  EXPECT_EQ(fact(*result_, "fixed_launch").evidence.size(), 3u);
  EXPECT_FALSE(fact(*result_, "tensor_core_mma").evidence.empty());
  // The GEMM-only rasterisation pattern does not fire on attention.
  EXPECT_EQ(named(result_->axes, "block_rasterization"), nullptr);
}

TEST(CuTileGemm, TilesFromDictConfigsRasterisationAndLoads) {
  const char* file = "gemm_cutile.py";
  LiftResult r = lift_fixture(file);
  EXPECT_EQ(axis(r, "TILE_M").values, (Values{64, 128}));
  EXPECT_EQ(axis(r, "TILE_N").values, (Values{128, 256}));
  EXPECT_EQ(axis(r, "TILE_K").values, (Values{32, 64}));
  EXPECT_EQ(axis(r, "GROUP_SIZE_M").values, (Values{8}));
  EXPECT_TRUE(cites(axis(r, "TILE_K").evidence, line_of(file, "yield {\"TILE_M\": tile_m")));
  EXPECT_EQ(axis(r, "occupancy").values, (Values{1}));
  const Axis& raster = axis(r, "block_rasterization");
  EXPECT_EQ(raster.observed, (Values{"grouped"}));
  EXPECT_TRUE(cites(raster.evidence, line_of(file, "bid_m = first_bid_m + (bid % group_size_m)")));
  EXPECT_EQ(axis(r, "a_load_latency").values, (Values{3}));
  EXPECT_EQ(axis(r, "b_load_latency").values, (Values{3}));
  EXPECT_EQ(fact(r, "a_load_padding").values, (Values{"ZERO"}));
  EXPECT_EQ(axis(r, "accumulator_dtype").observed, (Values{"float32"}));
  for (const char* absent : {"online_softmax", "causal_tile_skipping"}) EXPECT_EQ(named(r.facts, absent), nullptr);
  EXPECT_EQ(named(r.axes, "forward_mode"), nullptr);
}

TEST(CudaMmaSync, DefinesTemplatesAndLaunchBoundsAreTuningAxes) {
  const char* file = "gemm_mma_sync.cu";
  LiftResult r = lift_fixture(file);
  EXPECT_EQ(r.files.at(0).language, "cuda");
  EXPECT_EQ(axis(r, "BLOCK_M").values, (Values{128}));
  EXPECT_EQ(testing::cited_lines(axis(r, "BLOCK_K").evidence), (std::vector<int>{line_of(file, "#define BLOCK_K 32")}));
  EXPECT_EQ(axis(r, "GROUP_M").values, (Values{8}));
  EXPECT_EQ(axis(r, "kThreads").values, (Values{256}));
  EXPECT_EQ(named(r.axes, "WARP_SIZE"), nullptr);  // a hardware constant, not a knob
  EXPECT_EQ(named(r.axes, "BLOCK_Q"), nullptr);    // commented out
  // Template parameters take their values from the instantiations.
  int tmpl = line_of(file, "template <int WARP_M, int WARP_N, int STAGES>");
  EXPECT_EQ(axis(r, "WARP_M").values, (Values{64}));
  EXPECT_EQ(axis(r, "WARP_N").values, (Values{32}));
  const Axis& stages = axis(r, "STAGES");
  EXPECT_EQ(stages.values, (Values{3, 4}));
  EXPECT_TRUE(cites(stages.evidence, tmpl));
  EXPECT_NE(stages.meaning.find("Pipeline depth"), std::string::npos);
  EXPECT_EQ(axis(r, "min_blocks_per_sm").values, (Values{2}));
  EXPECT_EQ(fact(r, "launch_bounds").values, (Values{"kThreads"}));
  const Fact& unroll = fact(r, "loop_unrolling");
  EXPECT_EQ(unroll.values, (Values{"full", 2}));
  EXPECT_TRUE(cites(unroll.evidence, line_of(file, "#pragma unroll 2")));
}

TEST(CudaMmaSync, TensorCoresCpAsyncPipelineSwizzleAndRasterisation) {
  const char* file = "gemm_mma_sync.cu";
  LiftResult r = lift_fixture(file);
  const Axis& mma = axis(r, "mma_instruction");
  EXPECT_EQ(mma.observed, (Values{"mma.sync"}));
  EXPECT_TRUE(cites(mma.evidence, line_of(file, "\"mma.sync.aligned.m16n8k16.row.col")));
  EXPECT_EQ(fact(r, "mma_shape").values, (Values{"m16n8k16"}));  // the block comment's m16n8k8 is not code
  EXPECT_EQ(axis(r, "global_to_shared_copy").observed, (Values{"cp.async"}));
  EXPECT_TRUE(cites(fact(r, "cp_async_multistage_pipeline").evidence, line_of(file, "cp.async.wait_group %0")));
  const Axis& swizzle = axis(r, "smem_swizzle");
  EXPECT_EQ(swizzle.observed, (Values{"xor"}));
  EXPECT_TRUE(cites(swizzle.evidence, line_of(file, "return col ^ ((row & 7) << 3);")));
  EXPECT_EQ(axis(r, "block_rasterization").observed, (Values{"grouped"}));
  EXPECT_EQ(fact(r, "shared_memory_tiling").values,
            (Values{"As[STAGES][BLOCK_M][BLOCK_K]", "Bs[STAGES][BLOCK_N][BLOCK_K]"}));
  EXPECT_FALSE(fact(r, "ldmatrix_fragments").evidence.empty());
  EXPECT_EQ(fact(r, "vectorized_access").values, (Values{"half2"}));
  ASSERT_EQ(r.invariants.size(), 2u);
  EXPECT_EQ(r.invariants[0].assertion, "BLOCK_M % WARP_M == 0 && BLOCK_N % WARP_N == 0");
  EXPECT_EQ(r.invariants[1].name, "static_assert_2");
  EXPECT_EQ(named(r.axes, "warp_specialization"), nullptr);
}

TEST(CudaWgmmaTma, WarpSpecialisedHopperKernel) {
  const char* file = "gemm_wgmma_tma.cu";
  LiftResult r = lift_fixture(file);
  EXPECT_EQ(axis(r, "BM").values, (Values{128}));
  EXPECT_EQ(axis(r, "BK").values, (Values{64}));
  EXPECT_EQ(axis(r, "NUM_CONSUMERS").values, (Values{2}));  // its default
  EXPECT_TRUE(axis(r, "QSIZE").values.empty());              // instantiated with a name, not a literal
  EXPECT_EQ(axis(r, "kStages").values, (Values{4}));
  const Axis& type = axis(r, "T");  // a type parameter: a design axis over the instantiated types
  EXPECT_EQ(type.kind, Axis::Kind::Design);
  EXPECT_EQ(type.values, (Values{"__nv_bfloat16"}));
  const Axis& raster = axis(r, "raster");  // a run-time scheduling argument: tunable, values live elsewhere
  EXPECT_EQ(raster.kind, Axis::Kind::Tuning);
  EXPECT_TRUE(raster.values.empty());
  EXPECT_TRUE(cites(raster.evidence, line_of(file, "T* C, int M, int N, int K, int raster) {")));
  EXPECT_EQ(axis(r, "mma_instruction").observed, (Values{"wgmma"}));
  EXPECT_EQ(axis(r, "wgmma_n").values, (Values{128}));
  const Axis& copy = axis(r, "global_to_shared_copy");
  EXPECT_EQ(copy.observed, (Values{"tma"}));
  EXPECT_TRUE(cites(copy.evidence, line_of(file, "cuTensorMapEncodeTiled(&map")));
  EXPECT_EQ(axis(r, "smem_swizzle").observed, (Values{"128B"}));
  const Axis& ws = axis(r, "warp_specialization");
  EXPECT_EQ(ws.observed, (Values{"producer_consumer"}));
  EXPECT_TRUE(cites(ws.evidence, line_of(file, "gemm_wgmma_tma(const __grid_constant__")));
  EXPECT_TRUE(cites(ws.evidence, line_of(file, "setmaxnreg.dec.sync.aligned.u32 40")));
  EXPECT_EQ(fact(r, "register_reallocation").values, (Values{40, 232}));
  EXPECT_FALSE(fact(r, "mbarrier_pipeline").evidence.empty());
  EXPECT_EQ(axis(r, "cluster_size_x").values, (Values{2}));
  EXPECT_FALSE(fact(r, "dynamic_shared_memory").evidence.empty());
  EXPECT_EQ(fact(r, "launch_bounds").values, (Values{"(NUM_CONSUMERS + 1) * 128"}));
  EXPECT_TRUE(cites(fact(r, "tma_store_epilogue").evidence, line_of(file, "cp.async.bulk.tensor.2d.global.shared::cta")));
}

TEST(CudaSnippets, PersistentLoopsRasterHelpersAndTemplateParametersPassedOn) {
  const Language& cuda = *testing::repository_db().find("cuda");
  SourceFile s = make_source("p.cu", "cuda",
                             "template <typename T, int BM> struct Smem { T a[BM]; };\n"
                             "template <typename T, int BM>\n"
                             "__global__ void k(T* c, int tiles, int raster) {\n"
                             "  __shared__ Smem<T, BM> smem;\n"
                             "  for (int tile = blockIdx.x; tile < tiles; tile += gridDim.x) {\n"
                             "    int m = raster_tile(tile, raster);\n"
                             "  }\n"
                             "}\n"
                             "void run() { k<float, 64><<<1, 1>>>(0, 1, 8); }\n",
                             cuda.comments);
  LiftResult r;
  lift_source(s, cuda, 0, r);
  EXPECT_EQ(testing::cited_lines(fact(r, "persistent_tiles").evidence), (std::vector<int>{5}));
  EXPECT_EQ(axis(r, "block_rasterization").observed, (Values{"grouped"}));
  EXPECT_EQ(axis(r, "T").values, (Values{"float"}));  // `Smem<T, BM>` passes T on; it is not a value
  EXPECT_EQ(axis(r, "BM").values, (Values{64}));
}

TEST(Lifter, FilesWithoutKernelsYieldEmptyResults) {
  EXPECT_TRUE(lift_fixture("not_a_kernel.py").empty());
  EXPECT_TRUE(lift_fixture("empty.cu").empty());
  EXPECT_TRUE(lift_fixture("plain_host.cpp").empty());
  EXPECT_TRUE(lift_fixture("not_a_kernel.py", "cuda").empty());
}

TEST(Lifter, SeveralFilesMergeInInputOrder) {
  LiftResult r = lift_files({fixture_path("gemm_wgmma_tma.cu"), fixture_path("gemm_mma_sync.cu")},
                            testing::repository_db(), "auto");
  ASSERT_EQ(r.files.size(), 2u);
  const Axis& mma = axis(r, "mma_instruction");
  EXPECT_EQ(mma.observed, (Values{"wgmma", "mma.sync"}));
  EXPECT_EQ(mma.evidence.front().file, fixture_path("gemm_wgmma_tma.cu"));
  EXPECT_EQ(mma.evidence.back().file, fixture_path("gemm_mma_sync.cu"));
}

TEST(Lifter, BadInputGetsAClearError) {
  std::filesystem::path dir = std::filesystem::temp_directory_path() / ("spak_lifter_" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  write_file_atomic(dir / "kernel.cu", std::string("\x7f" "ELF\0\0", 6));
  write_file_atomic(dir / "notes.txt", "just words\n");
  auto message = [&](std::vector<std::string> paths, const std::string& lang) {
    try {
      lift_files(paths, testing::repository_db(), lang);
      return std::string();
    } catch (const Error& e) {
      return std::string(e.what());
    }
  };
  EXPECT_NE(message({(dir / "kernel.cu").string()}, "auto").find("binary data"), std::string::npos);
  EXPECT_NE(message({(dir / "notes.txt").string()}, "auto").find("pass --lang"), std::string::npos);
  EXPECT_NE(message({(dir / "missing.cu").string()}, "auto").find("missing.cu"), std::string::npos);
  EXPECT_NE(message({(dir / "notes.txt").string()}, "fortran").find("unknown language"), std::string::npos);
}

TEST(Lifter, LiteralValues) {
  EXPECT_EQ(literal_value("128"), json(128));
  EXPECT_EQ(literal_value("16u"), json(16));
  EXPECT_EQ(literal_value("0.5"), json(0.5));
  EXPECT_EQ(literal_value("True"), json(true));
  EXPECT_EQ(literal_value("'x'"), json("x"));
  EXPECT_EQ(literal_value(" APPROX "), json("APPROX"));
}

}  // namespace
}  // namespace spak::lift
