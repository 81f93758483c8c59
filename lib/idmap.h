/* Compact storage for the reconciliation engine's open objects (lib/recon.c). Never installed;
 * names use the ach__ prefix.
 *
 * - ach__arena: one growable block of variable-length records, addressed by 32-bit references
 *   in 4-byte units (so up to 16 GiB). Records never move relative to the block's start, but the
 *   block itself may move when it grows: keep references, not pointers, across allocations.
 *   Growth doubles the capacity with realloc(); on glibc a large block is an mmap that realloc
 *   extends with mremap, so untouched capacity costs no resident memory and nothing is copied.
 * - ach__idmap: an open-addressing hash table from an id (bytes) to the reference of the record
 *   that holds it. A slot is a 32-bit reference plus a one-byte tag (7 bits of the hash, high bit
 *   set; 0 = empty) kept in a separate byte array, so a probe reads tags only and touches a record
 *   only when its tag matches (1 in 128 for a wrong one). Linear probing; the table doubles
 *   when it would be more than 4/5 full, so 5 bytes of slot cost 6.25 to 12.5 bytes per entry. The id is not copied: it is read from the record, at a
 *   fixed offset per table (a length byte, then the bytes). No deletion (the engine keeps every
 *   object it has seen).
 * - ach__u64map: the same for 64-bit keys with 32-bit values (trace numbers, dates, references).
 *
 * Why by hand: the engine's memory budget (SPEC issue 6: at most 100 bytes per live charge) rules
 * out a generic map that stores keys and 64-bit hashes per entry, and the build's libraries
 * (libical, utf8proc) offer no hash table. */
#ifndef ACH_IDMAP_H
#define ACH_IDMAP_H

#include <stdint.h>
#include <string.h>
#include "ach/error.h"

/* ---- arena ------------------------------------------------------------------------------ */

typedef struct ach__arena {
    uint8_t *base;
    size_t used; /* bytes in use, a multiple of 4; reference 0 is reserved (never a record) */
    size_t cap;  /* bytes allocated */
} ach__arena;

/* The largest arena: references are 32-bit counts of 4-byte units. */
#define ACH__ARENA_MAX ((size_t)UINT32_MAX * 4u)

/* Makes room for `size` more bytes (rounded up to 4) without allocating them: after ACH_OK,
 * the next ach__arena_alloc() of at most `size` bytes cannot fail. ACH_ENOMEM otherwise. */
ach_status ach__arena_reserve(ach__arena *a, size_t size);

/* Allocates `size` bytes (rounded up to 4), zeroed, and returns their reference (> 0) in *ref.
 * ACH_ENOMEM when the block cannot grow or would pass ACH__ARENA_MAX. */
ach_status ach__arena_alloc(uint32_t *ref, ach__arena *a, size_t size);

/* Gives back the most recent allocation of `size` bytes (a record that was not committed). */
void ach__arena_unalloc(ach__arena *a, uint32_t ref, size_t size);

void ach__arena_free(ach__arena *a);

static inline uint8_t *ach__arena_at(const ach__arena *a, uint32_t ref)
{
    return a->base + (size_t)ref * 4u;
}

/* ---- id map ------------------------------------------------------------------------------ */

typedef struct ach__idmap {
    uint32_t *slots;  /* record references; meaningful where tags[i] != 0 */
    uint8_t *tags;    /* 0 = empty, else 0x80 | 7 bits of the hash */
    size_t mask;      /* capacity - 1 (capacity a power of two), or 0 before the first insert */
    size_t count;     /* entries */
    uint32_t id_at;   /* offset, in every record of this table, of the id's length byte */
} ach__idmap;

/* The hash of an id (any bytes). Deterministic, not keyed: the engine's input is trusted to the
 * extent that a crafted ledger could only slow it down. */
uint64_t ach__id_hash(const char *id, size_t len);

/* An empty map whose records hold their id at `id_at` (length byte, then the bytes). */
void ach__idmap_init(ach__idmap *m, uint32_t id_at);

/* The reference of the record with this id, or 0. `h` is ach__id_hash(id, len). */
uint32_t ach__idmap_find(const ach__idmap *m, const ach__arena *a, const char *id, size_t len,
                         uint64_t h);

/* Makes room for one more entry (grows when the load would pass its bound). ACH_ENOMEM. */
ach_status ach__idmap_reserve(ach__idmap *m, const ach__arena *a);

/* Adds the record `ref` (its id must not be in the map yet; the caller found it absent) under
 * hash `h`. Call ach__idmap_reserve() first: this cannot fail. */
void ach__idmap_insert(ach__idmap *m, uint32_t ref, uint64_t h);

/* Bytes allocated by the map. */
size_t ach__idmap_bytes(const ach__idmap *m);

void ach__idmap_free(ach__idmap *m);

/* ---- 64-bit keys --------------------------------------------------------------------------- */

typedef struct ach__u64map {
    uint64_t *keys;
    uint32_t *vals; /* 0 = empty slot: values must be non-zero */
    size_t mask;
    size_t count;
} ach__u64map;

/* The value stored for `key`, or 0. */
uint32_t ach__u64map_get(const ach__u64map *m, uint64_t key);

/* Makes room for `n` more entries. ACH_ENOMEM. */
ach_status ach__u64map_reserve(ach__u64map *m, size_t n);

/* Sets key -> val (val != 0), replacing an existing value. Call ach__u64map_reserve() first. */
void ach__u64map_put(ach__u64map *m, uint64_t key, uint32_t val);

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
    int64_t v = (int64_t)((uint64_t)p[0] | (uint64_t)p[1] << 8 | (uint64_t)p[2] << 16 |
                          (uint64_t)p[3] << 24 | (uint64_t)p[4] << 32);
    return v >= (INT64_C(1) << 39) ? v - (INT64_C(1) << 40) : v; /* sign of bit 39 */
}

static inline void ach__st40(uint8_t *p, int64_t v)
{
    uint64_t u = (uint64_t)v;
    for (int i = 0; i < 5; i++) p[i] = (uint8_t)(u >> (8 * i));
}

/* True when v fits ach__st40(). */
static inline bool ach__fits40(int64_t v)
{
    return v >= -(INT64_C(1) << 39) && v < (INT64_C(1) << 39);
}

#endif /* ACH_IDMAP_H */
