/* SPDX-License-Identifier: Apache-2.0 */
/* Arena and open-addressing maps of the reconciliation engine (see idmap.h). */
#include "idmap.h"
#include <stdint.h>
#include <stdlib.h>
#include <sys/mman.h>
#if defined(__SSE2__)
#  include <emmintrin.h>
#endif

/* Asks for transparent huge pages on the page-aligned inside of a large block: the engine's
 * lookups are random over tens or hundreds of MiB, where 4 KiB pages cost a TLB miss and a
 * page fault each. A hint only: ignored where unsupported. */
#define HUGE_PAGE ((size_t)2 << 20)

/* Asks for huge pages over the whole 2 MiB pages of [p, p + len). */
static void huge_pages(void *p, size_t len)
{
#if defined(MADV_HUGEPAGE)
    const uintptr_t huge = HUGE_PAGE;
    if (len < huge) return;
    uintptr_t from = ((uintptr_t)p + huge - 1) & ~(huge - 1);
    uintptr_t to = ((uintptr_t)p + len) & ~(huge - 1);
    if (to > from) (void)madvise((char *)p + (from - (uintptr_t)p), to - from, MADV_HUGEPAGE);
#else
    (void)p;
    (void)len;
#endif
}

/* Faults in the whole pages of [p, p + len) in one call, where the system can: a block about to
 * be written throughout (a new table) then costs one kernel entry instead of one page fault per
 * page, which is dear under virtualisation. A hint only. */
static void prefault(void *p, size_t len)
{
#if defined(MADV_POPULATE_WRITE)
    const uintptr_t page = 4096;
    uintptr_t from = ((uintptr_t)p + page - 1) & ~(page - 1);
    uintptr_t to = ((uintptr_t)p + len) & ~(page - 1);
    if (to > from)
        (void)madvise((char *)p + (from - (uintptr_t)p), to - from, MADV_POPULATE_WRITE);
#else
    (void)p;
    (void)len;
#endif
}

/* ---- arena ------------------------------------------------------------------------------ */

static size_t round4(size_t n)
{
    return (n + 3u) & ~(size_t)3u;
}

/* Chunk i holds 64 KiB << i, up to ACH__ARENA_CHUNK: a small engine stays small. */
size_t ach__arena_chunk_size(size_t i)
{
    return i >= 6 ? ACH__ARENA_CHUNK : ((size_t)64 << 10) << i;
}

ach_status ach__arena_reserve(ach__arena *a, size_t size)
{
    size = round4(size);
    if (size > ACH__ARENA_RECORD_MAX) return ACH_ENOMEM;
    if (a->nchunks && a->used + size <= ach__arena_chunk_size(a->nchunks - 1)) return ACH_OK;
    if (a->nchunks == ACH__ARENA_CHUNKS_MAX) return ACH_ENOMEM;
    if (a->nchunks == a->chunks_cap) {
        size_t cap = a->chunks_cap ? a->chunks_cap * 2 : 16;
        uint8_t **p = realloc(a->chunks, cap * sizeof *p);
        if (!p) return ACH_ENOMEM;
        a->chunks = p;
        a->chunks_cap = cap;
    }
    size_t len = ach__arena_chunk_size(a->nchunks);
    uint8_t *c;
    if (len == ACH__ARENA_CHUNK) {
        /* 2 MiB-aligned, so that the chunk is made of whole huge pages */
        c = aligned_alloc((size_t)2 << 20, len);
        if (c) huge_pages(c, len);
    } else {
        c = malloc(len);
    }
    if (!c) return ACH_ENOMEM;
    a->chunks[a->nchunks++] = c;
    a->room = len;
    a->faulted = 0;
    a->used = a->nchunks == 1 ? 4u : 0u; /* reference 0 is reserved */
    return ACH_OK;
}

ach_status ach__arena_alloc_slow(uint32_t *ref, ach__arena *a, size_t size)
{
    ach_status st = ach__arena_reserve(a, size);
    if (st != ACH_OK) return st;
    size = round4(size);
    if (a->used + size + ACH__ARENA_SHORT > a->faulted && a->faulted < a->room) {
        size_t to = a->used + size + ACH__ARENA_PREFAULT;
        if (to > a->room) to = a->room;
        prefault(a->chunks[a->nchunks - 1] + a->faulted, to - a->faulted);
        a->faulted = to;
    }
    *ref = (uint32_t)((a->nchunks - 1) << ACH__ARENA_CHUNK_BITS) | (uint32_t)(a->used / 4u);
    memset(a->chunks[a->nchunks - 1] + a->used, 0, size);
    a->used += size;
    a->total += size;
    return ACH_OK;
}

void ach__arena_unalloc(ach__arena *a, uint32_t ref, size_t size)
{
    size = round4(size);
    if (a->nchunks && ref >> ACH__ARENA_CHUNK_BITS == a->nchunks - 1 &&
        (size_t)(ref & ((1u << ACH__ARENA_CHUNK_BITS) - 1u)) * 4u + size == a->used) {
        a->used -= size;
        a->total -= size;
    }
}

size_t ach__arena_bytes(const ach__arena *a)
{
    size_t n = 0;
    for (size_t i = 0; i < a->nchunks; i++) n += ach__arena_chunk_size(i);
    return n;
}

void ach__arena_free(ach__arena *a)
{
    for (size_t i = 0; i < a->nchunks; i++) free(a->chunks[i]);
    free(a->chunks);
    memset(a, 0, sizeof *a);
}

/* ---- hashing ----------------------------------------------------------------------------- */

static inline uint8_t tag_of(uint64_t h)
{
    return (uint8_t)(0x80u | (h >> 57));
}

/* ---- id map ------------------------------------------------------------------------------ */

_Static_assert(sizeof(ach__idgroup) == 64, "a group fills one cache line");

#define FIRST_GROUPS 64u

void ach__idmap_init(ach__idmap *m, uint32_t id_at)
{
    memset(m, 0, sizeof *m);
    m->id_at = id_at;
}

static inline bool id_equal(const ach__idmap *m, const ach__arena *a, uint32_t ref, const char *id,
                            size_t len)
{
    const uint8_t *p = ach__arena_at(a, ref) + m->id_at;
    return p[0] == len && ach__equal_short(p + 1, id, len);
}

/* The first group of a hash: its low bits (the tag takes the high ones). */
static inline size_t home(uint64_t h, size_t gmask)
{
    return (size_t)h & gmask;
}

/* The slots of a group, as bit masks (bit i = slot i): those whose tag is `tag`, and the free
 * ones. Slots fill in order, so the slots in use are those below the first free one. One SSE2
 * compare where available (x86-64 always has it), else a loop. */
typedef struct slot_masks {
    unsigned match, free;
} slot_masks;

static inline slot_masks group_masks(const ach__idgroup *grp, uint8_t tag)
{
    slot_masks m;
    const unsigned all = (1u << ACH__IDMAP_GROUP) - 1u;
#if defined(__SSE2__)
    /* the 16 bytes are the 12 tags and the padding word (kept 0) */
    __m128i v = _mm_loadu_si128((const __m128i *)(const void *)grp->tags); /* any alignment */
    m.match = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8((char)tag))) & all;
    m.free = (unsigned)_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_setzero_si128())) & all;
#else
    m.match = m.free = 0;
    for (int i = 0; i < ACH__IDMAP_GROUP; i++) {
        m.match |= (unsigned)(grp->tags[i] == tag) << i;
        m.free |= (unsigned)(grp->tags[i] == 0) << i;
    }
#endif
    if (m.free) m.match &= (m.free & (0u - m.free)) - 1u; /* below the first free slot */
    return m;
}

static inline int lowest_bit(unsigned x)
{
#if defined(__GNUC__)
    return __builtin_ctz(x);
#else
    int i = 0;
    while (!(x & 1u)) x >>= 1, i++;
    return i;
#endif
}

uint32_t ach__idmap_find(const ach__idmap *m, const ach__arena *a, const char *id, size_t len,
                         uint64_t h)
{
    if (!m->groups) return 0;
    uint8_t tag = tag_of(h);
    for (size_t g = home(h, m->gmask);; g = (g + 1) & m->gmask) {
        const ach__idgroup *grp = &m->groups[g];
        slot_masks sm = group_masks(grp, tag);
        for (unsigned x = sm.match; x; x &= x - 1u) {
            int i = lowest_bit(x);
            if (id_equal(m, a, grp->refs[i], id, len)) return grp->refs[i];
        }
        if (sm.free) return 0; /* a group with a free slot ends every probe sequence */
    }
}

void ach__idmap_prefetch_record(const ach__idmap *m, const ach__arena *a, uint64_t h)
{
    if (!m->groups) return;
    const ach__idgroup *grp = &m->groups[home(h, m->gmask)];
    for (unsigned x = group_masks(grp, tag_of(h)).match; x; x &= x - 1u)
        ach__prefetch_record(ach__arena_at(a, grp->refs[lowest_bit(x)]));
}

static void place(ach__idgroup *groups, size_t gmask, uint32_t ref, uint64_t h)
{
    for (size_t g = home(h, gmask);; g = (g + 1) & gmask) {
        ach__idgroup *grp = &groups[g];
        unsigned free = group_masks(grp, 0x80u).free;
        if (!free) continue;
        int i = lowest_bit(free);
        grp->tags[i] = tag_of(h);
        grp->refs[i] = ref;
        return;
    }
}

ach_status ach__idmap_reserve(ach__idmap *m, const ach__arena *a, size_t expect, bool trusted)
{
    if (!ach__idmap_full(m)) return ACH_OK;
    size_t ngroups = m->groups ? m->gmask + 1 : 0;
    size_t n = ngroups ? ngroups * 2 : FIRST_GROUPS;
    /* groups for `expect` entries at the load bound; an untrusted projection within 4 times the
     * slots of now, so that one that overshoots leaves the map at worst twice as large as
     * doubling would */
    size_t cap = trusted ? SIZE_MAX / sizeof(ach__idgroup) / 2
                         : ngroups ? ngroups * 4 : (size_t)FIRST_GROUPS * 4;
    if (expect > SIZE_MAX / 5) expect = SIZE_MAX / 5;
    size_t want = expect * 5 / ((size_t)ACH__IDMAP_GROUP * 4) + 1;
    while (n < want && n < cap) n *= 2;
    if (n > SIZE_MAX / sizeof(ach__idgroup)) return ACH_ENOMEM;
    /* a table of whole huge pages is 2 MiB-aligned so that it is made of them: its lines are read
     * at random, and a TLB miss per lookup would cost more than the lookup */
    size_t bytes = n * sizeof(ach__idgroup);
    ach__idgroup *groups = aligned_alloc(bytes >= HUGE_PAGE ? HUGE_PAGE : 64, bytes);
    if (!groups) return ACH_ENOMEM;
    huge_pages(groups, bytes);
    prefault(groups, bytes);
    memset(groups, 0, bytes);
    /* Rehash: the hashes are not stored, so each id is read back from its record (fetched a
     * few groups ahead: the records lie at random in the arena). */
    for (size_t g = 0; g < ngroups; g++) {
        const ach__idgroup *grp = &m->groups[g];
        if (g + 4 < ngroups) {
            const ach__idgroup *ahead = &m->groups[g + 4];
            for (int i = 0; i < ACH__IDMAP_GROUP && ahead->tags[i]; i++)
                ACH__PREFETCH(ach__arena_at(a, ahead->refs[i]) + m->id_at);
        }
        for (int i = 0; i < ACH__IDMAP_GROUP && grp->tags[i]; i++) {
            const uint8_t *p = ach__arena_at(a, grp->refs[i]) + m->id_at;
            place(groups, n - 1, grp->refs[i], ach__id_hash((const char *)p + 1, p[0]));
        }
    }
    free(m->groups);
    m->groups = groups;
    m->gmask = n - 1;
    return ACH_OK;
}

void ach__idmap_insert(ach__idmap *m, uint32_t ref, uint64_t h)
{
    place(m->groups, m->gmask, ref, h);
    m->count++;
}

size_t ach__idmap_bytes(const ach__idmap *m)
{
    return m->groups ? (m->gmask + 1) * sizeof(ach__idgroup) : 0;
}

void ach__idmap_free(ach__idmap *m)
{
    free(m->groups);
    m->groups = NULL;
    m->gmask = m->count = 0;
}

/* Calls fn(ctx, ref) for every entry, in table order. */
void ach__idmap_each(const ach__idmap *m, void (*fn)(void *ctx, uint32_t ref), void *ctx)
{
    for (size_t g = 0; m->groups && g <= m->gmask; g++)
        for (int i = 0; i < ACH__IDMAP_GROUP && m->groups[g].tags[i]; i++)
            fn(ctx, m->groups[g].refs[i]);
}

/* ---- 64-bit keys --------------------------------------------------------------------------- */

uint32_t ach__u64map_get(const ach__u64map *m, uint64_t key)
{
    if (!m->mask) return 0;
    for (size_t i = (size_t)ach__mix64(key) & m->mask;; i = (i + 1) & m->mask) {
        if (!m->vals[i]) return 0;
        if (m->keys[i] == key) return m->vals[i];
    }
}

static void u64_place(uint64_t *keys, uint32_t *vals, size_t mask, uint64_t key, uint32_t val)
{
    size_t i = (size_t)ach__mix64(key) & mask;
    while (vals[i] && keys[i] != key) i = (i + 1) & mask;
    keys[i] = key;
    vals[i] = val;
}

ach_status ach__u64map_reserve(ach__u64map *m, size_t n)
{
    size_t cap = m->mask ? m->mask + 1 : 0;
    if ((m->count + n) * 4 <= cap * 3) return ACH_OK;
    size_t ncap = cap ? cap * 2 : 64u;
    while ((m->count + n) * 4 > ncap * 3) ncap *= 2;
    if (ncap > SIZE_MAX / sizeof(uint64_t)) return ACH_ENOMEM;
    uint64_t *keys = malloc(ncap * sizeof *keys);
    uint32_t *vals = calloc(ncap, sizeof *vals);
    if (!keys || !vals) {
        free(keys);
        free(vals);
        return ACH_ENOMEM;
    }
    for (size_t i = 0; i < cap; i++)
        if (m->vals[i]) u64_place(keys, vals, ncap - 1, m->keys[i], m->vals[i]);
    free(m->keys);
    free(m->vals);
    m->keys = keys;
    m->vals = vals;
    m->mask = ncap - 1;
    return ACH_OK;
}

void ach__u64map_put(ach__u64map *m, uint64_t key, uint32_t val)
{
    size_t i = (size_t)ach__mix64(key) & m->mask;
    while (m->vals[i] && m->keys[i] != key) i = (i + 1) & m->mask;
    if (!m->vals[i]) m->count++;
    m->keys[i] = key;
    m->vals[i] = val;
}

size_t ach__u64map_bytes(const ach__u64map *m)
{
    return m->mask ? (m->mask + 1) * (sizeof *m->keys + sizeof *m->vals) : 0;
}

void ach__u64map_free(ach__u64map *m)
{
    free(m->keys);
    free(m->vals);
    memset(m, 0, sizeof *m);
}
