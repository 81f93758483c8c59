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

/* ---- overflow tree ------------------------------------------------------------------------ */

/* Orders a probe against node `val` when their keys are equal: <0, 0 or >0. NULL: keys are
 * unique (a u64map). */
typedef int (*tie_fn)(const void *ctx, uint32_t val);

static inline uint32_t height_of(const ach__tree *t, uint32_t i)
{
    return i ? t->nodes[i].height : 0;
}

static void fix_height(ach__tree *t, uint32_t i)
{
    uint32_t a = height_of(t, t->nodes[i].kid[0]), b = height_of(t, t->nodes[i].kid[1]);
    t->nodes[i].height = 1 + (a > b ? a : b);
}

/* Lifts the child on side `d` of `x` above it; returns the subtree's new root. */
static uint32_t rotate(ach__tree *t, uint32_t x, int d)
{
    uint32_t y = t->nodes[x].kid[d];
    t->nodes[x].kid[d] = t->nodes[y].kid[!d];
    t->nodes[y].kid[!d] = x;
    fix_height(t, x);
    fix_height(t, y);
    return y;
}

/* Restores the AVL balance at `x` after one insert below it; returns the subtree's root. */
static uint32_t rebalance(ach__tree *t, uint32_t x)
{
    fix_height(t, x);
    for (int d = 0; d < 2; d++) {
        uint32_t y = t->nodes[x].kid[d];
        if (height_of(t, y) <= height_of(t, t->nodes[x].kid[!d]) + 1) continue;
        if (height_of(t, t->nodes[y].kid[!d]) > height_of(t, t->nodes[y].kid[d]))
            t->nodes[x].kid[d] = rotate(t, y, !d);
        return rotate(t, x, d);
    }
    return x;
}

static inline int tree_cmp(const ach__tree_node *nd, uint64_t key, tie_fn tie, const void *ctx)
{
    if (key != nd->key) return key < nd->key ? -1 : 1;
    return tie ? tie(ctx, nd->val) : 0;
}

/* The node of the entry equal to the probe, or 0. */
static uint32_t tree_find(const ach__tree *t, uint64_t key, tie_fn tie, const void *ctx)
{
    uint32_t i = t->root;
    while (i) {
        /* both children are asked for while this node is compared: one level of the walk's
         * cache misses overlaps the next */
        ACH__PREFETCH(&t->nodes[t->nodes[i].kid[0]]);
        ACH__PREFETCH(&t->nodes[t->nodes[i].kid[1]]);
        int c = tree_cmp(&t->nodes[i], key, tie, ctx);
        if (!c) return i;
        i = t->nodes[i].kid[c > 0];
    }
    return 0;
}

/* Room for `n` more nodes. ACH_ENOMEM. */
static ach_status tree_reserve(ach__tree *t, size_t n)
{
    if ((size_t)t->n + 1 + n <= t->cap) return ACH_OK;
    size_t cap = t->cap ? (size_t)t->cap * 2 : 16;
    while (cap < (size_t)t->n + 1 + n) cap *= 2;
    if (cap > UINT32_MAX) return ACH_ENOMEM;
    ach__tree_node *p = realloc(t->nodes, cap * sizeof *p);
    if (!p) return ACH_ENOMEM;
    t->nodes = p;
    t->cap = (uint32_t)cap;
    return ACH_OK;
}

/* Finds the entry equal to the probe, or adds (key, val) (room reserved); returns its node. */
static uint32_t tree_insert(ach__tree *t, uint64_t key, uint32_t val, tie_fn tie, const void *ctx)
{
    uint32_t path[96]; /* the height is below 1.44 log2(2^32 + 2) < 48 */
    int dir[96];
    int depth = 0;
    for (uint32_t i = t->root; i;) {
        ACH__PREFETCH(&t->nodes[t->nodes[i].kid[0]]);
        ACH__PREFETCH(&t->nodes[t->nodes[i].kid[1]]);
        int c = tree_cmp(&t->nodes[i], key, tie, ctx);
        if (!c) return i;
        path[depth] = i;
        dir[depth++] = c > 0;
        i = t->nodes[i].kid[c > 0];
    }
    uint32_t node = ++t->n;
    t->nodes[node] = (ach__tree_node){key, val, {0, 0}, 1};
    uint32_t child = node;
    while (depth--) {
        uint32_t p = path[depth];
        uint32_t before = t->nodes[p].height;
        t->nodes[p].kid[dir[depth]] = child;
        child = rebalance(t, p);
        /* a subtree with the same root and height changes nothing above it */
        if (child == p && t->nodes[p].height == before) return node;
    }
    t->root = child;
    return node;
}

static void tree_free(ach__tree *t)
{
    free(t->nodes);
    memset(t, 0, sizeof *t);
}

unsigned ach__tree_height(const ach__tree *t)
{
    return height_of(t, t->root);
}

/* ---- hashing ----------------------------------------------------------------------------- */

static inline uint8_t tag_of(uint64_t h)
{
    return (uint8_t)(0x80u | (h >> 57));
}

/* ---- id map ------------------------------------------------------------------------------ */

_Static_assert(sizeof(ach__idgroup) == 64, "a group fills one cache line");

#define FIRST_GROUPS 64u

void ach__idmap_init(ach__idmap *m, const ach__arena *a, uint32_t id_at, uint64_t key)
{
    memset(m, 0, sizeof *m);
    m->id_at = id_at;
    m->key = key;
    m->arena = a;
}

/* An id to look for in the overflow tree, ordered against records by length, then bytes. */
typedef struct id_probe {
    const ach__idmap *m;
    const char *id;
    size_t len;
} id_probe;

static int id_tie(const void *ctx, uint32_t ref)
{
    const id_probe *p = ctx;
    const uint8_t *r = ach__arena_at(p->m->arena, ref) + p->m->id_at;
    if (p->len != r[0]) return p->len < r[0] ? -1 : 1;
    return memcmp(p->id, r + 1, p->len);
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

/* The tree, for an id whose ACH__IDMAP_PROBE groups are full. */
ACH__COLD static uint32_t find_spilled(const ach__idmap *m, const char *id, size_t len,
                                       uint64_t h)
{
    if (!m->spill.n) return 0;
    id_probe p = {m, id, len};
    uint32_t node = tree_find(&m->spill, h, id_tie, &p);
    return node ? m->spill.nodes[node].val : 0;
}

uint32_t ach__idmap_find(const ach__idmap *m, const ach__arena *a, const char *id, size_t len,
                         uint64_t h)
{
    if (!m->groups) return 0;
    uint8_t tag = tag_of(h);
    size_t g = home(h, m->gmask);
    for (unsigned k = 0; k < ACH__IDMAP_PROBE; k++, g = (g + 1) & m->gmask) {
        const ach__idgroup *grp = &m->groups[g];
        slot_masks sm = group_masks(grp, tag);
        for (unsigned x = sm.match; x; x &= x - 1u) {
            int i = lowest_bit(x);
            if (id_equal(m, a, grp->refs[i], id, len)) return grp->refs[i];
        }
        /* a group with a free slot ends every probe sequence: had it been full when the id was
         * added, it still would be (no deletion) */
        if (sm.free) return 0;
    }
    return find_spilled(m, id, len, h);
}

void ach__idmap_prefetch_record(const ach__idmap *m, const ach__arena *a, uint64_t h)
{
    if (!m->groups) return;
    const ach__idgroup *grp = &m->groups[home(h, m->gmask)];
    for (unsigned x = group_masks(grp, tag_of(h)).match; x; x &= x - 1u)
        ach__prefetch_record(ach__arena_at(a, grp->refs[lowest_bit(x)]));
}

/* Puts `ref` in the first free slot of its ACH__IDMAP_PROBE groups; false when they are full. */
static bool place(ach__idgroup *groups, size_t gmask, uint32_t ref, uint64_t h)
{
    size_t g = home(h, gmask);
    for (unsigned k = 0; k < ACH__IDMAP_PROBE; k++, g = (g + 1) & gmask) {
        ach__idgroup *grp = &groups[g];
        unsigned free = group_masks(grp, 0x80u).free;
        if (!free) continue;
        int i = lowest_bit(free);
        grp->tags[i] = tag_of(h);
        grp->refs[i] = ref;
        return true;
    }
    return false;
}

/* Adds the record `ref` of hash `h` to the tree (room reserved). */
ACH__COLD static void spill(ach__tree *t, const ach__idmap *m, uint32_t ref, uint64_t h)
{
    const uint8_t *p = ach__arena_at(m->arena, ref) + m->id_at;
    id_probe probe = {m, (const char *)p + 1, p[0]};
    (void)tree_insert(t, h, ref, id_tie, &probe);
}

ach_status ach__idmap_reserve(ach__idmap *m, const ach__arena *a, size_t expect, bool trusted)
{
    if (!ach__idmap_full(m)) return ACH_OK;
    size_t ngroups = m->groups ? m->gmask + 1 : 0;
    if ((m->count + 1) * 5 <= ngroups * ACH__IDMAP_GROUP * 4) /* the tree alone is full */
        return tree_reserve(&m->spill, 1);
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
    ach__tree tree = {NULL, 0, 0, 0};
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
            uint64_t h = ach__id_hash(m->key, (const char *)p + 1, p[0]);
            if (place(groups, n - 1, grp->refs[i], h)) continue;
            if (tree_reserve(&tree, 2) != ACH_OK) {
                free(groups);
                tree_free(&tree);
                return ACH_ENOMEM;
            }
            spill(&tree, m, grp->refs[i], h);
        }
    }
    /* room for the old tree's entries, and one more for the insert to come */
    if (tree_reserve(&tree, (size_t)m->spill.n + 1) != ACH_OK) {
        free(groups);
        tree_free(&tree);
        return ACH_ENOMEM;
    }
    for (uint32_t i = 1; i <= m->spill.n; i++) {
        const ach__tree_node *nd = &m->spill.nodes[i];
        if (!place(groups, n - 1, nd->val, nd->key)) spill(&tree, m, nd->val, nd->key);
    }
    free(m->groups);
    tree_free(&m->spill);
    m->groups = groups;
    m->gmask = n - 1;
    m->spill = tree;
    return ACH_OK;
}

void ach__idmap_insert(ach__idmap *m, uint32_t ref, uint64_t h)
{
    if (!place(m->groups, m->gmask, ref, h)) spill(&m->spill, m, ref, h);
    m->count++;
}

size_t ach__idmap_bytes(const ach__idmap *m)
{
    return (m->groups ? (m->gmask + 1) * sizeof(ach__idgroup) : 0) +
           (size_t)m->spill.cap * sizeof(ach__tree_node);
}

size_t ach__idmap_spilled(const ach__idmap *m)
{
    return m->spill.n;
}

void ach__idmap_free(ach__idmap *m)
{
    free(m->groups);
    tree_free(&m->spill);
    m->groups = NULL;
    m->gmask = m->count = 0;
}

/* Calls fn(ctx, ref) for every entry: the table's in table order, then the tree's. */
void ach__idmap_each(const ach__idmap *m, void (*fn)(void *ctx, uint32_t ref), void *ctx)
{
    for (size_t g = 0; m->groups && g <= m->gmask; g++)
        for (int i = 0; i < ACH__IDMAP_GROUP && m->groups[g].tags[i]; i++)
            fn(ctx, m->groups[g].refs[i]);
    for (uint32_t i = 1; i <= m->spill.n; i++) fn(ctx, m->spill.nodes[i].val);
}

/* ---- 64-bit keys --------------------------------------------------------------------------- */

static inline size_t u64_home(const ach__u64map *m, uint64_t key, size_t mask)
{
    return (size_t)ach__mix64(key ^ m->key) & mask;
}

/* The slot holding `key`, or the free slot where it would go, within its ACH__U64MAP_PROBE
 * slots; SIZE_MAX when they are all taken by other keys. */
static inline size_t u64_slot(const ach__u64map *m, const uint64_t *keys, const uint32_t *vals,
                              size_t mask, uint64_t key)
{
    size_t i = u64_home(m, key, mask);
    for (unsigned k = 0; k < ACH__U64MAP_PROBE; k++, i = (i + 1) & mask)
        if (!vals[i] || keys[i] == key) return i;
    return SIZE_MAX;
}

uint32_t ach__u64map_get(const ach__u64map *m, uint64_t key)
{
    if (!m->mask) return 0;
    size_t i = u64_slot(m, m->keys, m->vals, m->mask, key);
    if (i != SIZE_MAX) return m->vals[i]; /* 0 when free: a key is never past a free slot */
    uint32_t node = m->spill.n ? tree_find(&m->spill, key, NULL, NULL) : 0;
    return node ? m->spill.nodes[node].val : 0;
}

/* Sets key -> val in the table or the tree (room made); returns whether the key is new. */
static bool u64_place(ach__u64map *m, uint64_t *keys, uint32_t *vals, ach__tree *t, size_t mask,
                      uint64_t key, uint32_t val)
{
    size_t i = u64_slot(m, keys, vals, mask, key);
    if (i != SIZE_MAX) {
        bool fresh = !vals[i];
        keys[i] = key;
        vals[i] = val;
        return fresh;
    }
    uint32_t before = t->n;
    uint32_t node = tree_insert(t, key, val, NULL, NULL);
    t->nodes[node].val = val;
    return t->n != before;
}

/* Room in the table for `n` more entries (at the load bound of 3/4), and `nodes` free nodes in
 * the tree. */
static ach_status u64_grow(ach__u64map *m, size_t n, size_t nodes)
{
    size_t cap = m->mask ? m->mask + 1 : 0;
    if ((m->count + n) * 4 <= cap * 3) return tree_reserve(&m->spill, nodes);
    size_t ncap = cap ? cap * 2 : 64u;
    while ((m->count + n) * 4 > ncap * 3) ncap *= 2;
    if (ncap > SIZE_MAX / sizeof(uint64_t)) return ACH_ENOMEM;
    uint64_t *keys = malloc(ncap * sizeof *keys);
    uint32_t *vals = calloc(ncap, sizeof *vals);
    ach__tree tree = {NULL, 0, 0, 0};
    if (!keys || !vals || tree_reserve(&tree, (size_t)m->spill.n + nodes) != ACH_OK) goto fail;
    for (size_t i = 0; i < cap; i++) {
        if (!m->vals[i]) continue;
        /* a node for each entry that spills, on top of those kept for the old tree's */
        if (tree.n + (size_t)m->spill.n + nodes + 1 >= tree.cap &&
            tree_reserve(&tree, (size_t)m->spill.n + nodes + 1) != ACH_OK)
            goto fail;
        (void)u64_place(m, keys, vals, &tree, ncap - 1, m->keys[i], m->vals[i]);
    }
    for (uint32_t i = 1; i <= m->spill.n; i++)
        (void)u64_place(m, keys, vals, &tree, ncap - 1, m->spill.nodes[i].key,
                        m->spill.nodes[i].val);
    free(m->keys);
    free(m->vals);
    tree_free(&m->spill);
    m->keys = keys;
    m->vals = vals;
    m->mask = ncap - 1;
    m->spill = tree;
    return ACH_OK;
fail:
    free(keys);
    free(vals);
    tree_free(&tree);
    return ACH_ENOMEM;
}

ach_status ach__u64map_reserve(ach__u64map *m, size_t n)
{
    return u64_grow(m, n, n);
}

ach_status ach__u64map_presize(ach__u64map *m, size_t n)
{
    return u64_grow(m, n, 0);
}

size_t ach__u64map_room(const ach__u64map *m)
{
    size_t slots = (m->mask ? m->mask + 1 : 0) * 3 / 4;
    size_t table = slots > m->count ? slots - m->count : 0;
    size_t nodes = m->spill.cap > m->spill.n + 1u ? m->spill.cap - m->spill.n - 1u : 0;
    return table < nodes ? table : nodes;
}

void ach__u64map_put(ach__u64map *m, uint64_t key, uint32_t val)
{
    if (u64_place(m, m->keys, m->vals, &m->spill, m->mask, key, val)) m->count++;
}

ach_status ach__u64map_set(ach__u64map *m, uint64_t key, uint32_t val)
{
    size_t cap = m->mask ? m->mask + 1 : 0;
    if ((m->count + 1) * 4 > cap * 3 || (size_t)m->spill.n + 2u > m->spill.cap) {
        ach_status st = u64_grow(m, 1, 1);
        if (st != ACH_OK) return st;
    }
    ach__u64map_put(m, key, val);
    return ACH_OK;
}

size_t ach__u64map_spilled(const ach__u64map *m)
{
    return m->spill.n;
}

size_t ach__u64map_bytes(const ach__u64map *m)
{
    return (m->mask ? (m->mask + 1) * (sizeof *m->keys + sizeof *m->vals) : 0) +
           (size_t)m->spill.cap * sizeof(ach__tree_node);
}

void ach__u64map_free(ach__u64map *m)
{
    free(m->keys);
    free(m->vals);
    tree_free(&m->spill);
    uint64_t key = m->key;
    memset(m, 0, sizeof *m);
    m->key = key;
}
