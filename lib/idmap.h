/* SPDX-License-Identifier: Apache-2.0 */
/* Compact storage for the reconciliation engine's open objects (lib/recon.c). Never installed;
 * names use the ach__ prefix.
 *
 * - ach__arena: variable-length records in chunks that never move, addressed by 32-bit
 *   references (up to 16 GiB); a pointer to a record stays valid while the arena lives.
 * - ach__idmap: an open-addressing hash table from an id (bytes) to the reference of the record
 *   that holds it. A slot is a 32-bit reference plus a one-byte tag (7 bits of the hash, high bit
 *   set; 0 = empty); slots come in groups of 12 that share one cache line, tags first, so a
 *   lookup reads one line of the table and touches a record only when a tag matches (1 in 128
 *   for a wrong one). Probing goes group after group (no deletion, so a group with a free slot
 *   ends a search). The table doubles when it would be more than 4/5 full: 5.33 bytes of slot
 *   cost 6.7 to 13.3 bytes per entry. The id is not copied: it is read from the record, at a
 *   fixed offset per table (a length byte, then the bytes). No deletion (the engine keeps every
 *   object it has seen).
 * - ach__u64map: the same for 64-bit keys with 32-bit values (trace numbers, dates, references).
 *
 * Hostile input (issue 17). Ids, trace numbers and dates come from outside, so both maps hash
 * with a key (the engine's ach_recon_options.hash_seed), and neither lets a probe run far: an
 * entry whose first ACH__IDMAP_PROBE groups (ACH__U64MAP_PROBE slots) are full goes to a balanced
 * tree instead (ach__tree, O(log n) whatever the keys). Entries built to collide under a hash
 * whose key is known thus cost a few cache lines and a tree walk each, never a scan of a cluster
 * that grows with the input; random ones almost never reach the tree.
 *
 * Why by hand: the engine's memory budget (SPEC issue 6: at most 100 bytes per live charge) rules
 * out a generic map that stores keys and 64-bit hashes per entry, and the build's libraries
 * (libical, utf8proc) offer no hash table. */
#ifndef ACH_IDMAP_H
#define ACH_IDMAP_H

#include <stdbool.h>
#include <stdint.h>
#include <string.h>
#include "ach/error.h"
#include "internal.h" /* ach__copy_short(), ach__equal_short() */

#if defined(__GNUC__)
#  define ACH__PREFETCH(p) __builtin_prefetch(p)
#else
#  define ACH__PREFETCH(p) ((void)(p))
#endif

/* Asks for the lines of a record that starts at `p`: records are short (most under 64 bytes) but
 * lie anywhere in a line, so most straddle two, and a prefetch of one line would leave the other
 * to stall the rule that reads it. */
static inline void ach__prefetch_record(const void *p)
{
    ACH__PREFETCH(p);
    ACH__PREFETCH((const char *)p + 63);
}

/* ---- arena ------------------------------------------------------------------------------ */

/* The arena is a list of chunks that never move (64 KiB, 128 KiB, ... then 4 MiB each): a
 * reference is a chunk number (high 12 bits) and a 4-byte unit within it (low 20 bits), so
 * references address almost 16 GiB. A record never
 * straddles two chunks (at most ACH__ARENA_RECORD_MAX bytes). Growing costs no copy, and the
 * memory in use is what was allocated plus less than one chunk. */
#define ACH__ARENA_CHUNK_BITS 20u
#define ACH__ARENA_CHUNK ((size_t)4u << ACH__ARENA_CHUNK_BITS) /* bytes: 4 MiB */
#define ACH__ARENA_CHUNKS_MAX 4096u
#define ACH__ARENA_RECORD_MAX 4096u

typedef struct ach__arena {
    uint8_t **chunks; /* chunks[0 .. nchunks) */
    size_t nchunks, chunks_cap;
    size_t used;      /* bytes in use in the last chunk, a multiple of 4; reference 0 (the first
                         unit of chunk 0) is reserved, never a record */
    size_t total;     /* bytes in use in all chunks (statistics) */
    size_t room;      /* size of the last chunk */
    size_t faulted;   /* bytes of the last chunk faulted in ahead (ACH__ARENA_PREFAULT at a time) */
} ach__arena;

/* Fresh chunk memory is faulted in this many bytes at a time, ahead of the records written to
 * it: one kernel entry instead of 64 page faults (dear under virtualisation), for at most this
 * much memory resident before it is used. */
#define ACH__ARENA_PREFAULT ((size_t)256 << 10)

/* Makes room for a record of `size` bytes (at most ACH__ARENA_RECORD_MAX): after ACH_OK, the next
 * ach__arena_alloc() of at most `size` bytes cannot fail. ACH_ENOMEM otherwise. */
ach_status ach__arena_reserve(ach__arena *a, size_t size);

/* Allocates `size` bytes (rounded up to 4, at most ACH__ARENA_RECORD_MAX), zeroed, and returns
 * their reference (> 0) in *ref. ACH_ENOMEM when no chunk can be added (or past 16 GiB). */
ach_status ach__arena_alloc_slow(uint32_t *ref, ach__arena *a, size_t size);

#define ACH__ARENA_SHORT 64u /* most records are shorter: zeroed with fixed-size stores */

static inline ach_status ach__arena_alloc(uint32_t *ref, ach__arena *a, size_t size)
{
    /* the common case, inline: a short record with a line's room after it in the faulted part
     * of the last chunk, zeroed by one fixed-size store sequence (the bytes past it are not in
     * use yet) */
    if (size <= ACH__ARENA_SHORT && a->used + ACH__ARENA_SHORT <= a->faulted) {
        size = (size + 3u) & ~(size_t)3u;
        *ref = (uint32_t)((a->nchunks - 1) << ACH__ARENA_CHUNK_BITS) | (uint32_t)(a->used / 4u);
        memset(a->chunks[a->nchunks - 1] + a->used, 0, ACH__ARENA_SHORT);
        a->used += size;
        a->total += size;
        return ACH_OK;
    }
    return ach__arena_alloc_slow(ref, a, size);
}

/* Gives back the most recent allocation of `size` bytes (a record that was not committed). */
void ach__arena_unalloc(ach__arena *a, uint32_t ref, size_t size);

void ach__arena_free(ach__arena *a);

/* The size of chunk i: 64 KiB << i, up to ACH__ARENA_CHUNK. */
size_t ach__arena_chunk_size(size_t i);

/* Bytes allocated for chunks. */
size_t ach__arena_bytes(const ach__arena *a);

static inline uint8_t *ach__arena_at(const ach__arena *a, uint32_t ref)
{
    return a->chunks[ref >> ACH__ARENA_CHUNK_BITS] +
           (size_t)(ref & ((1u << ACH__ARENA_CHUNK_BITS) - 1u)) * 4u;
}

/* ---- overflow tree ------------------------------------------------------------------------ */

/* An AVL tree of (64-bit key, 32-bit value) entries in one array of nodes (index 0 is "none"),
 * ordered by key and, between equal keys, by a caller's comparison of the values (an idmap's
 * records by their ids). Height at most 1.44 log2(n + 2): every walk is O(log n). */
typedef struct ach__tree_node {
    uint64_t key;
    uint32_t val;
    uint32_t kid[2];
    uint32_t height;
} ach__tree_node;

typedef struct ach__tree {
    ach__tree_node *nodes; /* nodes[1 .. n]; cap counts nodes[0] */
    uint32_t n, cap, root;
} ach__tree;

/* ---- id map ------------------------------------------------------------------------------ */

/* Slots come in groups of 12 that fill one 64-byte cache line: 12 tags, then 12 references. */
#define ACH__IDMAP_GROUP 12

typedef struct ach__idgroup {
    uint8_t tags[ACH__IDMAP_GROUP];  /* 0 = empty, else 0x80 | 7 bits of the hash */
    uint32_t pad;
    uint32_t refs[ACH__IDMAP_GROUP]; /* record references where the tag is not 0 */
} ach__idgroup;

/* A probe reads at most this many groups (48 slots) before the overflow tree: random ids fill
 * that many in a row at the load bound about once in 10^4 inserts. */
#define ACH__IDMAP_PROBE 4u

typedef struct ach__idmap {
    ach__idgroup *groups; /* 64-byte aligned */
    size_t gmask;         /* number of groups - 1 (a power of two), or 0 before the first insert */
    size_t count;         /* entries, those in the tree included */
    uint32_t id_at;       /* offset, in every record of this table, of the id's length byte */
    uint64_t key;         /* the hash key (ach__id_hash()) */
    const ach__arena *arena; /* where the records are */
    ach__tree spill;      /* entries whose ACH__IDMAP_PROBE groups were full */
} ach__idmap;

/* A multiply-xorshift mix (the finaliser of SplitMix64): every input bit affects every output
 * bit, which the map needs twice, for the index (low bits) and the tag (high bits). */
static inline uint64_t ach__mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= UINT64_C(0xbf58476d1ce4e5b9);
    x ^= x >> 27;
    x *= UINT64_C(0x94d049bb133111eb);
    x ^= x >> 31;
    return x;
}

/* The key of the maps' hashes for a seed (ach_recon_options.hash_seed): a seed of 0 gives a
 * fixed key that is not 0. */
static inline uint64_t ach__hash_key(uint64_t seed)
{
    return ach__mix64(seed ^ UINT64_C(0x6a09e667f3bcc909)) | 1u;
}

/* The hash of an id (any bytes) under `key` (ach__hash_key()). The key enters before the first
 * word, so which ids collide depends on it: ids built to collide under one key (or under the
 * unkeyed hash of earlier versions) are spread under another. Not a cryptographic MAC: the probe
 * bound and the overflow tree keep the worst case bounded even when the key is known. Inline: the
 * lookahead hashes two ids a record. */
static inline uint64_t ach__id_hash(uint64_t key, const char *id, size_t len)
{
    uint64_t h = (UINT64_C(0x9e3779b97f4a7c15) ^ key) ^ (uint64_t)len;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, id + i, 8);
        h = (h ^ w) * UINT64_C(0xff51afd7ed558ccd);
        h ^= h >> 32;
    }
    if (i < len) {
        /* the tail: the last 8 bytes (overlapping the words above) when there are 8, else byte
         * by byte; a variable-length memcpy() here would be a library call per id */
        uint64_t w = 0;
        if (len >= 8) {
            memcpy(&w, id + len - 8, 8);
        } else {
            for (size_t k = 0; k < len; k++) w |= (uint64_t)(unsigned char)id[k] << (8 * k);
        }
        h = (h ^ w) * UINT64_C(0xc4ceb9fe1a85ec53);
    }
    return ach__mix64(h);
}

/* An empty map whose records, in `a`, hold their id at `id_at` (length byte, then the bytes),
 * hashed under `key` (ach__hash_key()). */
void ach__idmap_init(ach__idmap *m, const ach__arena *a, uint32_t id_at, uint64_t key);

/* The reference of the record with this id, or 0. `h` is ach__id_hash(m->key, id, len). */
uint32_t ach__idmap_find(const ach__idmap *m, const ach__arena *a, const char *id, size_t len,
                         uint64_t h);

/* Prefetch hints for a lookup to come (no effect on results): the group line of hash `h`; then,
 * once that line has arrived, the records whose tags match. */
static inline void ach__idmap_prefetch_group(const ach__idmap *m, uint64_t h)
{
    if (m->groups) ACH__PREFETCH(&m->groups[(size_t)h & m->gmask]);
}
void ach__idmap_prefetch_record(const ach__idmap *m, const ach__arena *a, uint64_t h);

/* Whether one more entry would pass the load bound (4/5 of the slots), or find no free node in
 * the overflow tree: ach__idmap_reserve() must grow the map first. */
static inline bool ach__idmap_full(const ach__idmap *m)
{
    size_t ngroups = m->groups ? m->gmask + 1 : 0;
    return (m->count + 1) * 5 > ngroups * ACH__IDMAP_GROUP * 4 || m->spill.n + 1 >= m->spill.cap;
}

/* Makes room for one more entry (a slot, or a node of the overflow tree). When the table must
 * grow it takes at least twice its slots and,
 * when `expect` (a projection of the entries it will finally hold; 0 when unknown) asks for
 * more, enough for `expect` entries: all of them when `trusted` (a projection from enough of the
 * input), else up to four times its slots (an early projection can be far off). Each step of
 * growth re-reads every id from the arena, at random places. ACH_ENOMEM. */
ach_status ach__idmap_reserve(ach__idmap *m, const ach__arena *a, size_t expect, bool trusted);

/* Adds the record `ref` (its id must not be in the map yet; the caller found it absent) under
 * hash `h`. Call ach__idmap_reserve() first: this cannot fail. */
void ach__idmap_insert(ach__idmap *m, uint32_t ref, uint64_t h);

/* Bytes allocated by the map (its tree included). */
size_t ach__idmap_bytes(const ach__idmap *m);

/* Entries in the overflow tree, and its height (statistics and tests). */
size_t ach__idmap_spilled(const ach__idmap *m);
unsigned ach__tree_height(const ach__tree *t);

/* Calls fn(ctx, ref) for every entry, in table order. */
void ach__idmap_each(const ach__idmap *m, void (*fn)(void *ctx, uint32_t ref), void *ctx);

void ach__idmap_free(ach__idmap *m);

/* ---- 64-bit keys --------------------------------------------------------------------------- */

/* A probe reads at most this many slots (4 cache lines of keys) before the overflow tree. */
#define ACH__U64MAP_PROBE 32u

typedef struct ach__u64map {
    uint64_t *keys;
    uint32_t *vals; /* 0 = empty slot: values must be non-zero */
    size_t mask;
    size_t count;   /* entries, those in the tree included */
    uint64_t key;   /* the hash key (ach__hash_key()); set it before the first entry */
    ach__tree spill; /* entries whose ACH__U64MAP_PROBE slots were full */
} ach__u64map;

/* The value stored for `key`, or 0. */
uint32_t ach__u64map_get(const ach__u64map *m, uint64_t key);

/* Makes room for `n` more entries, slots and tree nodes: the next `n` ach__u64map_put() cannot
 * fail. ACH_ENOMEM. */
ach_status ach__u64map_reserve(ach__u64map *m, size_t n);

/* Room in the table for `n` more entries, none reserved in the tree: for a map then filled with
 * ach__u64map_set(). ACH_ENOMEM. */
ach_status ach__u64map_presize(ach__u64map *m, size_t n);

/* How many more entries surely fit (what ach__u64map_reserve() made room for). */
size_t ach__u64map_room(const ach__u64map *m);

/* Sets key -> val (val != 0), replacing an existing value. Call ach__u64map_reserve() first. */
void ach__u64map_put(ach__u64map *m, uint64_t key, uint32_t val);

/* ach__u64map_put() that makes its own room (for filling a map in bulk, where reserving a tree
 * node per entry ahead would cost memory for nothing). ACH_ENOMEM, the map unchanged. */
ach_status ach__u64map_set(ach__u64map *m, uint64_t key, uint32_t val);

/* Entries in the overflow tree. */
size_t ach__u64map_spilled(const ach__u64map *m);

size_t ach__u64map_bytes(const ach__u64map *m);

void ach__u64map_free(ach__u64map *m);

/* ---- packed little-endian integers in records ------------------------------------------- */

static inline uint32_t ach__ld32(const uint8_t *p)
{
    uint32_t v;
    memcpy(&v, p, 4);
    return v;
}

static inline void ach__st32(uint8_t *p, uint32_t v)
{
    memcpy(p, &v, 4);
}

/* 40-bit signed integers: amounts up to ACH_AMOUNT_MAX (< 2^34) and instants of years
 * 0000-9999 (|t| < 2^39) fit. */
static inline int64_t ach__ld40(const uint8_t *p)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint32_t lo;
    memcpy(&lo, p, 4);
    uint64_t u = (uint64_t)lo | (uint64_t)p[4] << 32;
#else
    uint64_t u = (uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
                 (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32;
#endif
    int64_t v = (int64_t)u;
    return v >= (INT64_C(1) << 39) ? v - (INT64_C(1) << 40) : v; /* sign of bit 39 */
}

static inline void ach__st40(uint8_t *p, int64_t v)
{
    uint64_t u = (uint64_t)v;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
    uint32_t lo = (uint32_t)u;
    memcpy(p, &lo, 4);
    p[4] = (uint8_t)(u >> 32);
#else
    for (int i = 0; i < 5; i++) p[i] = (uint8_t)(u >> (8 * i));
#endif
}

/* True when v fits ach__st40(). */
static inline bool ach__fits40(int64_t v)
{
    return v >= -(INT64_C(1) << 39) && v < (INT64_C(1) << 39);
}

#endif /* ACH_IDMAP_H */
