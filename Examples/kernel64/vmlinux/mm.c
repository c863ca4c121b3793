/* 64-bit vmlinux-like image: the slab/page allocator and OOM path with
 * Linux 6.1 names, shared by the x86-64 and arm64 builds. Markers as in
 * ../../user/md.c; `@site:F>WARN` marks the trap of a WARN_ON(). */
#include "kapi.h"
#include "karch.h"

struct page {
	void *freelist;
	int objects;
	int inuse;
};

struct oom_control {
	gfp_t gfp_mask;
	int order;
	const char *comm;
	unsigned long totalpages;
};

static struct page page_pool[64];
static unsigned int page_next;
static char log_buf[256];
static unsigned int log_next;
volatile unsigned long nr_free_pages;
volatile unsigned int fail_page_alloc;

int noinline printk(const char *fmt, ...)
{
	unsigned int n = 0;

	while (fmt[n] != '\0' && log_next < sizeof log_buf)
		log_buf[log_next++] = fmt[n++];
	return (int)n;
}

void dump_stack_lvl(const char *log_lvl);
void dump_stack(void);

static noinline void dump_header(struct oom_control *oc, struct task_struct *p)
{
	printk("%s invoked oom-killer: gfp_mask=%#x(%pGg), order=%d, oom_score_adj=%hd\n");
#if defined(__aarch64__)
	dump_stack(); /* @site:dump_header>dump_stack */
#else
	dump_stack_lvl(KERN_DEFAULT); /* @site:dump_header>dump_stack_lvl */
#endif
	if (oc->order > 1)
		printk("Mem-Info:\n");
}

void noinline oom_kill_process(struct oom_control *oc, const char *message)
{
	dump_header(oc, 0); /* @site:oom_kill_process>dump_header */
	printk(message);
	oc->totalpages = 0;
}

int noinline out_of_memory(struct oom_control *oc)
{
	if (oc->totalpages == 0)
		oc->totalpages = 11264;
	oom_kill_process(oc, "Out of memory"); /* @site:out_of_memory>oom_kill_process */
	return oc->totalpages == 0;
}

int noinline should_fail_alloc_page(gfp_t gfp_mask, unsigned int order)
{
	return fail_page_alloc != 0 && order >= fail_page_alloc;
}

static noinline struct page *get_page_from_freelist(gfp_t gfp_mask, unsigned int order, int alloc_flags)
{
	if (nr_free_pages < (1u << order) + (unsigned int)alloc_flags || page_next >= 64)
		return 0;
	nr_free_pages -= 1u << order;
	return &page_pool[page_next++];
}

/* @inline:__alloc_pages_may_oom */
static __always_inline struct page *__alloc_pages_may_oom(gfp_t gfp_mask, unsigned int order, int *did_some_progress)
{
	struct oom_control oc = { gfp_mask, (int)order, "venc0_P0_MAIN", 0 };

	*did_some_progress = out_of_memory(&oc); /* @site:__alloc_pages_may_oom>out_of_memory */
	return 0;
}

static noinline struct page *__alloc_pages_slowpath(gfp_t gfp_mask, unsigned int order, int nid)
{
	struct page *page;
	int progress = 0;
	int retries = nid + 2;

	while (retries-- > 0) {
		page = get_page_from_freelist(gfp_mask, order, 0); /* @site:__alloc_pages_slowpath>get_page_from_freelist */
		if (page != 0)
			return page;
		page = __alloc_pages_may_oom(gfp_mask, order, &progress); /* @site:__alloc_pages_slowpath>__alloc_pages_may_oom */
		if (page != 0 || progress == 0)
			return page;
	}
	return 0;
}

struct page *noinline __alloc_pages(gfp_t gfp, unsigned int order, int preferred_nid, void *nodemask)
{
	struct page *page;

	if (should_fail_alloc_page(gfp, order)) /* @site:__alloc_pages>should_fail_alloc_page */
		return 0;
	if (order >= MAX_ORDER) {
		WARN_TRAP(); /* @site:__alloc_pages>WARN */
		return 0;
	}
	page = get_page_from_freelist(gfp, order, 1); /* @site:__alloc_pages>get_page_from_freelist */
	if (page != 0)
		return page;
	page = __alloc_pages_slowpath(gfp, order, preferred_nid + (nodemask != 0)); /* @site:__alloc_pages>__alloc_pages_slowpath */
	return page;
}

/* Inline chain of the real kernel: allocate_slab -> alloc_slab_page. */
/* @inline:alloc_slab_page */
static __always_inline struct page *alloc_slab_page(gfp_t flags, int node, unsigned int order)
{
	return __alloc_pages(flags | __GFP_COMP, order, node, 0); /* @site:alloc_slab_page>__alloc_pages */
}

static noinline struct page *allocate_slab(struct kmem_cache *s, gfp_t flags, int node)
{
	struct page *page = alloc_slab_page(flags, node, (unsigned int)s->order); /* @site:allocate_slab>alloc_slab_page */
	if (page != 0)
		page->objects = s->objects;
	return page;
}

static noinline struct page *new_slab(struct kmem_cache *s, gfp_t flags, int node)
{
	struct page *page = allocate_slab(s, flags, node); /* @site:new_slab>allocate_slab */
	if (page != 0)
		page->inuse = 0;
	return page;
}

static noinline void *___slab_alloc(struct kmem_cache *s, gfp_t gfpflags, int node, unsigned long addr)
{
	void *freelist = s->freelist;
	struct page *page;

	if (freelist != 0) {
		s->freelist = *(void **)freelist;
		return freelist;
	}
	page = new_slab(s, gfpflags, node); /* @site:___slab_alloc>new_slab */
	if (page == 0)
		return 0;
	page->inuse++;
	return page->freelist ? page->freelist : (void *)addr;
}

static noinline void *__slab_alloc(struct kmem_cache *s, gfp_t gfpflags, int node, unsigned long addr)
{
	void *p = ___slab_alloc(s, gfpflags, node, addr); /* @site:__slab_alloc>___slab_alloc */
	return p;
}

/* @inline:slab_alloc_node */
static __always_inline void *slab_alloc_node(struct kmem_cache *s, gfp_t gfpflags, int node, unsigned long addr)
{
	void *object = __slab_alloc(s, gfpflags, node, addr); /* @site:slab_alloc_node>__slab_alloc */
	if (object != 0 && s->object_size > 8)
		*(unsigned long *)object = 0;
	return object;
}

/* @inline:slab_alloc */
static __always_inline void *slab_alloc(struct kmem_cache *s, gfp_t gfpflags, unsigned long addr)
{
	return slab_alloc_node(s, gfpflags, -1, addr); /* @site:slab_alloc>slab_alloc_node */
}

void *noinline kmem_cache_alloc(struct kmem_cache *s, gfp_t gfpflags)
{
	void *ret = slab_alloc(s, gfpflags, (unsigned long)__builtin_return_address(0)); /* @site:kmem_cache_alloc>slab_alloc */
	s->objects++;
	return ret;
}

void noinline kmem_cache_free(struct kmem_cache *s, void *x)
{
	*(void **)x = s->freelist;
	s->freelist = x;
	s->objects--;
}

static struct kmem_cache cache_pool[8];
static unsigned int cache_next;

struct kmem_cache *noinline kmem_cache_create(const char *name, unsigned int size)
{
	struct kmem_cache *s;

	if (cache_next >= 8)
		return 0;
	s = &cache_pool[cache_next++];
	s->name = name;
	s->size = size + 64;
	s->object_size = size;
	s->order = size > 4096 ? 3 : 0;
	return s;
}
