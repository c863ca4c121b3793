/* mi_sys.ko, part 1: the ring pool that allocated the leaking slab objects in
 * the seed's OOM report. Markers as in ../../user/md.c. */
#include "kapi.h"

struct mi_sys_record {
	unsigned int offset;
	unsigned int length;
	struct mi_sys_record *next;
};

struct mi_sys_ringpool {
	struct kmem_cache *cache;
	struct mi_sys_record *head, *tail;
	unsigned int count;
	unsigned int bytes;
	unsigned int head_off, tail_off, size;
};

/* @inline:mi_sys_ringpool_alloc_record */
static __always_inline struct mi_sys_record *mi_sys_ringpool_alloc_record(struct mi_sys_ringpool *pool)
{
	struct mi_sys_record *rec = kmem_cache_alloc(pool->cache, GFP_KERNEL); /* @site:mi_sys_ringpool_alloc_record>kmem_cache_alloc */
	if (rec != 0)
		rec->next = 0;
	return rec;
}

int noinline mi_sys_ringpool_AppendTailContentTailRecord(struct mi_sys_ringpool *pool, unsigned int offset, unsigned int length)
{
	struct mi_sys_record *rec;

	if (pool == 0 || length == 0 || length > pool->size)
		return -22;
	if (pool->tail != 0 && pool->tail->offset + pool->tail->length == offset) {
		pool->tail->length += length;
		pool->bytes += length;
		return 0;
	}
	if (pool->tail_off + length > pool->size)
		pool->tail_off = 0;
	rec = mi_sys_ringpool_alloc_record(pool); /* @site:mi_sys_ringpool_AppendTailContentTailRecord>mi_sys_ringpool_alloc_record */
	if (rec == 0)
		return -12;
	rec->offset = offset;
	rec->length = length;
	if (pool->tail != 0)
		pool->tail->next = rec;
	else
		pool->head = rec;
	pool->tail = rec;
	pool->count++;
	pool->bytes += length;
	pool->tail_off += length;
	return 0;
}

/* The exported wrapper the seed shows as +0x6/0x8: one call and a return. */
int noinline mi_sys_RingPool_AppendTailContentTailRecord(struct mi_sys_ringpool *pool, unsigned int offset, unsigned int length)
{
	return mi_sys_ringpool_AppendTailContentTailRecord(pool, offset, length); /* @site:mi_sys_RingPool_AppendTailContentTailRecord>mi_sys_ringpool_AppendTailContentTailRecord */
}
