// The allocator settings of the programs that link spak_malloc (`spak` and bench_parse; see CMakeLists.txt).

#include <sys/mman.h>

#include <cstddef>
#include <cstdint>

#include <mimalloc.h>

namespace {

/// Address space mimalloc takes its memory from first: a load of a 32 MiB .dsl file peaks at ~540 MB.
constexpr std::size_t kArenaBytes = std::size_t{1} << 30;
/// mimalloc carves its arena into segments that must start at multiples of their size (32 MiB in mimalloc 2.0;
/// it does not check); 64 MiB also keeps every transparent huge page (2 MiB) of the arena whole.
constexpr std::size_t kAlignment = std::size_t{64} << 20;

/// Loading a large .dsl file is a few hundred MB of tokens, syntax nodes and IR, mostly small blocks. By default
/// mimalloc maps that memory segment by segment and returns freed segments and spans to the kernel after half a
/// second, so every load faults and zeroes all of it again (a tenth of a load's time, in the kernel). Instead:
/// one range of address space, advised for transparent huge pages (Debian's THP setting is `madvise`) and handed
/// to mimalloc as its arena, and freed memory kept committed for the next load. Pages are still only backed when
/// first touched (MAP_NORESERVE), so a small run costs what it uses; beyond the arena mimalloc maps as before.
struct Arena {
  Arena() {
    mi_option_enable(mi_option_large_os_pages);  // huge pages for what mimalloc maps beyond the arena
    // Freed spans stay committed: "decommit after a day" is never for a run. An option rather than turning off
    // mi_option_allow_decommit, which segments read when they are made, and the first is made before this runs.
    mi_option_set(mi_option_decommit_delay, 24L * 3600 * 1000);
    void* const mapped = mmap(nullptr, kArenaBytes + kAlignment, PROT_READ | PROT_WRITE,
                              MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (mapped == MAP_FAILED) return;  // mimalloc maps its memory itself, as without the arena
    void* const start = reinterpret_cast<void*>((reinterpret_cast<std::uintptr_t>(mapped) + kAlignment - 1) &
                                                ~(kAlignment - 1));
    madvise(start, kArenaBytes, MADV_HUGEPAGE);
    mi_manage_os_memory(start, kArenaBytes, /*is_committed=*/true, /*is_large=*/false, /*is_zero=*/true,
                        /*numa_node=*/-1);
  }
} const arena;

}  // namespace
