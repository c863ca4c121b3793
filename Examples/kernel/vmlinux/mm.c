/* vmlinux-like image: the slab/page allocator and OOM path of the seed's
 * report (Linux 4.9 names). Markers as in ../../user/md.c. */
#include "kapi.h"

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

int noinline printk(const char *fmt, ...)
{
	unsigned int n = 0;

	while (fmt[n] != '\0' && log_next < sizeof log_buf)
		log_buf[log_next++] = fmt[n++];
	return (int)n;
}

struct stackframe {
	unsigned long sp;
	unsigned long lr;
	unsigned long pc;
};

int noinline unwind_frame(struct stackframe *frame)
{
	if (frame->pc == 0 || (frame->sp & 3) != 0)
		return -1;
	frame->pc = frame->lr;
	frame->sp += 8;
	return 0;
}

void noinline unwind_backtrace(void *regs, struct task_struct *tsk)
{
	struct stackframe frame = { (unsigned long)regs, 0, (unsigned long)tsk };

	while (unwind_frame(&frame) == 0) /* @site:unwind_backtrace>unwind_frame */
		printk("[<%08lx>] (%ps) from [<%08lx>] (%pS)\n");
}

void noinline show_stack(struct task_struct *tsk, unsigned long *sp)
{
	unwind_backtrace(sp, tsk); /* @site:show_stack>unwind_backtrace */
}

static noinline void dump_header(struct oom_control *oc, struct task_struct *p)
{
	printk("%s invoked oom-killer: gfp_mask=%#x(%pGg), order=%d\n");
	show_stack(p, 0); /* @site:dump_header>show_stack */
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

static noinline struct page *get_page_from_freelist(gfp_t gfp_mask, unsigned int order)
{
	if (nr_free_pages < (1u << order) || page_next >= 64)
		return 0;
	nr_free_pages -= 1u << order;
	return &page_pool[page_next++];
}

struct page *noinline __alloc_pages_nodemask(gfp_t gfp_mask, unsigned int order, int nid, void *nodemask)
{
	struct oom_control oc = { gfp_mask, (int)order, "venc0_P0_MAIN", 0 };
	struct page *page;
	int retries = nid + (nodemask != 0);

	for (;;) {
		page = get_page_from_freelist(gfp_mask, order);
		if (page != 0 || retries-- < 0)
			return page;
		if (!out_of_memory(&oc)) /* @site:__alloc_pages_nodemask>out_of_memory */
			return 0;
	}
}

/* Inline chain of the real kernel: new_slab -> allocate_slab -> alloc_slab_page. */
/* @inline:alloc_slab_page */
static __always_inline struct page *alloc_slab_page(struct kmem_cache *s, gfp_t flags, int node)
{
	struct page *page = __alloc_pages_nodemask(flags | __GFP_COMP, (unsigned int)s->order, node, 0); /* @site:alloc_slab_page>__alloc_pages_nodemask */
	return page;
}

/* @inline:allocate_slab */
static __always_inline struct page *allocate_slab(struct kmem_cache *s, gfp_t flags, int node)
{
	struct page *page = alloc_slab_page(s, flags, node); /* @site:allocate_slab>alloc_slab_page */
	if (page != 0)
		page->objects = s->objects;
	return page;
}

struct page *noinline new_slab(struct kmem_cache *s, gfp_t flags, int node)
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

/* @inline:slab_alloc_node */
static __always_inline void *slab_alloc_node(struct kmem_cache *s, gfp_t gfpflags, int node, unsigned long addr)
{
	void *object = ___slab_alloc(s, gfpflags, node, addr); /* @site:slab_alloc_node>___slab_alloc */
	if (object != 0 && s->object_size > 4)
		*(unsigned int *)object = 0;
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
