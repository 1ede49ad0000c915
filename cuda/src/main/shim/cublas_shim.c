// libcublas.so.12 for a machine that has only cuBLAS 13. JCublas2's native library was linked against cuBLAS 12
// and asks for each function under the version node "libcublas.so.12", which no cuBLAS 13 provides. This library
// carries that soname and version node (build-cublas-shim.sh links it with a version script) and defines each
// symbol of cublas12.symbols as a one-instruction trampoline, jmp *table[i], where i is the symbol's line in that
// list. CublasLibrary fills the table with cuBLAS 13's addresses (found through Java's FFM API) before JCublas2
// loads. The C ABI of these functions did not change between 12 and 13; an entry cuBLAS 13 lacks keeps pointing
// at not_supported. No libc: the shim runs on any glibc.

static int not_supported(void) { return 15; /* CUBLAS_STATUS_NOT_SUPPORTED */ }

#define SYM(name, index)                                                                           \
    __asm__(".globl " #name "\n.type " #name ", @function\n" #name ":\n\tjmp *table+8*" #index    \
            "(%rip)\n.size " #name ", .-" #name "\n");
#include "cublas12_symbols.inc"
#undef SYM

#define SYM(name, index) (void*) not_supported,
static void* table[] __attribute__((used)) = {
#include "cublas12_symbols.inc"
};
#undef SYM

// The forwarding table, one entry per line of cublas12.symbols.
void** socialalign_cublas_shim_table(void) { return table; }

int socialalign_cublas_shim_size(void) { return sizeof table / sizeof table[0]; }
