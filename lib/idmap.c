/* Arena and open-addressing maps of the reconciliation engine (see idmap.h). */
#include "idmap.h"
#include <stdlib.h>

/* ---- arena ------------------------------------------------------------------------------ */

#define ARENA_FIRST_CAP ((size_t)64 * 1024)

static size_t round4(size_t n)
{
    return (n + 3u) & ~(size_t)3u;
}

ach_status ach__arena_reserve(ach__arena *a, size_t size)
{
    size = round4(size);
    size_t used = a->used ? a->used : 4u; /* reference 0 is reserved */
    if (size > ACH__ARENA_MAX - used) return ACH_ENOMEM;
    size_t need = used + size;
    if (need <= a->cap) return ACH_OK;
    size_t cap = a->cap ? a->cap : ARENA_FIRST_CAP;
    while (cap < need) cap = cap > ACH__ARENA_MAX / 2 ? ACH__ARENA_MAX : cap * 2;
    uint8_t *p = realloc(a->base, cap);
    if (!p) return ACH_ENOMEM;
    a->base = p;
    a->cap = cap;
    if (!a->used) {
        memset(p, 0, 4);
        a->used = 4;
    }
    return ACH_OK;
}

ach_status ach__arena_alloc(uint32_t *ref, ach__arena *a, size_t size)
{
    ach_status st = ach__arena_reserve(a, size);
    if (st != ACH_OK) return st;
    size = round4(size);
    *ref = (uint32_t)(a->used / 4u);
    memset(a->base + a->used, 0, size);
    a->used += size;
    return ACH_OK;
}

void ach__arena_unalloc(ach__arena *a, uint32_t ref, size_t size)
{
    if ((size_t)ref * 4u + round4(size) == a->used) a->used = (size_t)ref * 4u;
}

void ach__arena_free(ach__arena *a)
{
    free(a->base);
    memset(a, 0, sizeof *a);
}

/* ---- hashing ----------------------------------------------------------------------------- */

/* A multiply-xorshift mix (the finaliser of SplitMix64): every input bit affects every output
 * bit, which the map needs twice, for the index (low bits) and the tag (high bits). */
static inline uint64_t mix64(uint64_t x)
{
    x ^= x >> 30;
    x *= UINT64_C(0xbf58476d1ce4e5b9);
    x ^= x >> 27;
    x *= UINT64_C(0x94d049bb133111eb);
    x ^= x >> 31;
    return x;
}

uint64_t ach__id_hash(const char *id, size_t len)
{
    uint64_t h = UINT64_C(0x9e3779b97f4a7c15) ^ (uint64_t)len;
    size_t i = 0;
    for (; i + 8 <= len; i += 8) {
        uint64_t w;
        memcpy(&w, id + i, 8);
        h = (h ^ w) * UINT64_C(0xff51afd7ed558ccd);
        h ^= h >> 32;
    }
    if (i < len) {
        uint64_t w = 0;
        memcpy(&w, id + i, len - i);
        h = (h ^ w) * UINT64_C(0xc4ceb9fe1a85ec53);
    }
    return mix64(h);
}

static inline uint8_t tag_of(uint64_t h)
{
    return (uint8_t)(0x80u | (h >> 57));
}

/* ---- id map ------------------------------------------------------------------------------ */

#define FIRST_CAP 1024u

void ach__idmap_init(ach__idmap *m, uint32_t id_at)
{
    memset(m, 0, sizeof *m);
    m->id_at = id_at;
}

static inline bool id_equal(const ach__idmap *m, const ach__arena *a, uint32_t ref, const char *id,
                            size_t len)
{
    const uint8_t *p = ach__arena_at(a, ref) + m->id_at;
    return p[0] == len && memcmp(p + 1, id, len) == 0;
}

uint32_t ach__idmap_find(const ach__idmap *m, const ach__arena *a, const char *id, size_t len,
                         uint64_t h)
{
    if (!m->mask) return 0;
    uint8_t tag = tag_of(h);
    for (size_t i = (size_t)h & m->mask;; i = (i + 1) & m->mask) {
        uint8_t t = m->tags[i];
        if (t == 0) return 0;
        if (t == tag && id_equal(m, a, m->slots[i], id, len)) return m->slots[i];
    }
}

static void place(uint32_t *slots, uint8_t *tags, size_t mask, uint32_t ref, uint64_t h)
{
    size_t i = (size_t)h & mask;
    while (tags[i]) i = (i + 1) & mask;
    tags[i] = tag_of(h);
    slots[i] = ref;
}

ach_status ach__idmap_reserve(ach__idmap *m, const ach__arena *a)
{
    size_t cap = m->mask ? m->mask + 1 : 0;
    if ((m->count + 1) * 5 <= cap * 4) return ACH_OK;
    size_t ncap = cap ? cap * 2 : FIRST_CAP;
    if (ncap > SIZE_MAX / sizeof(uint32_t)) return ACH_ENOMEM;
    uint32_t *slots = malloc(ncap * sizeof *slots);
    uint8_t *tags = calloc(ncap, 1);
    if (!slots || !tags) {
        free(slots);
        free(tags);
        return ACH_ENOMEM;
    }
    /* Rehash: the hashes are not stored, so each id is read back from its record. */
    for (size_t i = 0; i < cap; i++) {
        if (!m->tags[i]) continue;
        const uint8_t *p = ach__arena_at(a, m->slots[i]) + m->id_at;
        place(slots, tags, ncap - 1, m->slots[i], ach__id_hash((const char *)p + 1, p[0]));
    }
    free(m->slots);
    free(m->tags);
    m->slots = slots;
    m->tags = tags;
    m->mask = ncap - 1;
    return ACH_OK;
}

void ach__idmap_insert(ach__idmap *m, uint32_t ref, uint64_t h)
{
    place(m->slots, m->tags, m->mask, ref, h);
    m->count++;
}

size_t ach__idmap_bytes(const ach__idmap *m)
{
    return m->mask ? (m->mask + 1) * (sizeof *m->slots + 1) : 0;
}

void ach__idmap_free(ach__idmap *m)
{
    free(m->slots);
    free(m->tags);
    m->slots = NULL;
    m->tags = NULL;
    m->mask = m->count = 0;
}

/* ---- 64-bit keys --------------------------------------------------------------------------- */

uint32_t ach__u64map_get(const ach__u64map *m, uint64_t key)
{
    if (!m->mask) return 0;
    for (size_t i = (size_t)mix64(key) & m->mask;; i = (i + 1) & m->mask) {
        if (!m->vals[i]) return 0;
        if (m->keys[i] == key) return m->vals[i];
    }
}

static void u64_place(uint64_t *keys, uint32_t *vals, size_t mask, uint64_t key, uint32_t val)
{
    size_t i = (size_t)mix64(key) & mask;
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
    size_t i = (size_t)mix64(key) & m->mask;
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
