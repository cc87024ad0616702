// The allocator settings of the programs that link spak_malloc (`spak` and bench_parse; see CMakeLists.txt).

#include <mimalloc.h>

namespace {

/// Transparent huge pages for mimalloc's segments and large blocks (mimalloc asks with madvise, which is what
/// Debian's default THP setting waits for). Loading a 32 MiB .dsl file touches a few hundred MB (tokens, syntax
/// nodes, the IR): with 4 KiB pages that was ~1 M page faults per load and a fifth of `spak check`'s time.
struct LargePages {
  LargePages() { mi_option_enable(mi_option_large_os_pages); }
} const large_pages;

}  // namespace
