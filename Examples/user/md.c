/* libMD_LINUX.so: motion detection. Only MI_MD_Init/MI_MD_Uninit/MI_MD_GetOps
 * are exported; the work happens in STATIC functions, so glibc prints their
 * frames as `libMD_LINUX.so(+0x...)` (old libc: `libMD_LINUX.so [0x...]`),
 * and in ALWAYS-INLINE helpers, whose calls show up as inline chains.
 *
 * Markers: `@site:CALLER>CALLEE` on the line of every call a backtrace can
 * return into (`tag=` names the MI_SYS_MMA_Alloc site), `@inline:NAME` on
 * every always-inline function. Keep each call on one line. */
#include <stddef.h>
#include "mi_sys.h"
#include "mi_md.h"

#define NOINLINE __attribute__((noinline))
#define ALWAYS_INLINE static inline __attribute__((always_inline))

struct md_ctx {
	unsigned int w, h;
	MI_PHY luma, chroma, sad, model, result, history;
	int frames;
	int ready;
};

static struct md_ctx g_md[4];

/* @inline:md_alloc_luma */
ALWAYS_INLINE int md_alloc_luma(struct md_ctx *c)
{
	int ret = MI_SYS_MMA_Alloc("md_luma", c->w * c->h, &c->luma); /* @site:md_alloc_luma>MI_SYS_MMA_Alloc tag=md_luma */
	if (ret == 0)
		c->ready |= 1;
	return ret;
}

/* Two levels of inlining: md_alloc_luma -> md_alloc_planes -> md_setup_buffers. */
/* @inline:md_alloc_planes */
ALWAYS_INLINE int md_alloc_planes(struct md_ctx *c)
{
	int ret = md_alloc_luma(c); /* @site:md_alloc_planes>md_alloc_luma */
	if (ret == 0)
		ret = MI_SYS_MMA_Alloc("md_chroma", c->w * c->h / 2, &c->chroma); /* @site:md_alloc_planes>MI_SYS_MMA_Alloc tag=md_chroma */
	if (ret == 0)
		c->ready |= 2;
	return ret;
}

static NOINLINE int md_setup_buffers(struct md_ctx *c)
{
	int ret = md_alloc_planes(c); /* @site:md_setup_buffers>md_alloc_planes */
	if (ret == 0)
		ret = MI_SYS_MMA_Alloc("md_sad", (c->w / 8) * (c->h / 8) * 4, &c->sad); /* @site:md_setup_buffers>MI_SYS_MMA_Alloc tag=md_sad */
	if (ret == 0)
		c->ready |= 4;
	return ret;
}

/* @inline:md_alloc_aligned */
ALWAYS_INLINE int md_alloc_aligned(const char *site, unsigned int size, MI_PHY *phy)
{
	unsigned int aligned = (size + 0x3ffu) & ~0x3ffu;
	int ret = MI_SYS_MMA_Alloc(site, aligned, phy); /* @site:md_alloc_aligned>MI_SYS_MMA_Alloc tag=md_model */
	return ret ? ret : (*phy & 0x3ffu ? -1 : 0);
}

static NOINLINE int md_setup_model(struct md_ctx *c)
{
	int ret = md_alloc_aligned("md_model", c->w * 3 + 100, &c->model); /* @site:md_setup_model>md_alloc_aligned */
	if (ret == 0)
		c->ready |= 8;
	return ret;
}

static NOINLINE int md_init_model(struct md_ctx *c)
{
	int ret = md_setup_buffers(c); /* @site:md_init_model>md_setup_buffers */
	if (ret != 0)
		return ret;
	ret = md_setup_model(c); /* @site:md_init_model>md_setup_model */
	if (ret == 0)
		c->frames = 0;
	return ret;
}

static NOINLINE int md_create_instance(struct md_ctx *c)
{
	int ret = md_init_model(c); /* @site:md_create_instance>md_init_model */
	if (ret == 0)
		ret = MI_SYS_MMA_Alloc("md_result", 4096, &c->result); /* @site:md_create_instance>MI_SYS_MMA_Alloc tag=md_result */
	if (ret == 0)
		c->ready |= 16;
	return ret;
}

int MI_MD_Init(int chn, unsigned int width, unsigned int height)
{
	struct md_ctx *c = &g_md[chn & 3];
	int ret;

	c->w = width;
	c->h = height;
	c->ready = 0;
	ret = md_create_instance(c); /* @site:MI_MD_Init>md_create_instance */
	if (ret != 0)
		c->ready = 0;
	return ret;
}

/* THE LEAK: model and history blocks are never given back. */
int MI_MD_Uninit(int chn)
{
	struct md_ctx *c = &g_md[chn & 3];

	MI_SYS_MMA_Free(c->luma);
	MI_SYS_MMA_Free(c->chroma);
	MI_SYS_MMA_Free(c->sad);
	MI_SYS_MMA_Free(c->result);
	c->luma = c->chroma = c->sad = c->result = 0;
	c->ready = 0;
	return 0;
}

/* Worker path: vdf_CalcRst_task -> (pointer) md_process_frame -> ... */

/* @inline:md_alloc_history */
ALWAYS_INLINE int md_alloc_history(struct md_ctx *c)
{
	int ret = MI_SYS_MMA_Alloc("md_history", c->w * 2, &c->history); /* @site:md_alloc_history>MI_SYS_MMA_Alloc tag=md_history */
	if (ret == 0)
		c->frames++;
	return ret;
}

static NOINLINE int md_grow_history(struct md_ctx *c)
{
	int ret = md_alloc_history(c); /* @site:md_grow_history>md_alloc_history */
	return ret < 0 ? ret : c->frames;
}

static NOINLINE int md_update_background(struct md_ctx *c, int frame)
{
	int ret = md_grow_history(c); /* @site:md_update_background>md_grow_history */
	return ret + frame;
}

static NOINLINE int md_process_frame(int handle, int frame)
{
	struct md_ctx *c = &g_md[handle & 3];
	int ret;

	if (!c->ready)
		return -1;
	ret = md_update_background(c, frame); /* @site:md_process_frame>md_update_background */
	return ret > 0 ? 0 : ret;
}

static const struct mi_md_ops md_ops = {
	.process = md_process_frame,
};

const struct mi_md_ops *MI_MD_GetOps(void)
{
	return &md_ops;
}
