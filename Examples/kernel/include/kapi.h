/* The few "kernel" types and entry points the fake modules and the
 * vmlinux-like image share. Nothing here runs: the objects exist to be
 * symbolized, so the code only has to be real code with real calls. */
#ifndef KAPI_H
#define KAPI_H

#define noinline __attribute__((noinline))
#define __always_inline inline __attribute__((always_inline))
#define __init __attribute__((section(".init.text"), cold))
#define __cold_text __attribute__((section(".text.unlikely")))

typedef unsigned int gfp_t;
#define GFP_KERNEL 0x24000c0u
#define __GFP_COMP 0x4000u

struct kmem_cache {
	const char *name;
	unsigned int size;
	unsigned int object_size;
	void *freelist;
	int order;
	int objects;
};

struct task_struct;

void *kmem_cache_alloc(struct kmem_cache *s, gfp_t gfpflags);
void kmem_cache_free(struct kmem_cache *s, void *x);
struct kmem_cache *kmem_cache_create(const char *name, unsigned int size);
int printk(const char *fmt, ...);

#endif
