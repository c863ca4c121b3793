/* mi_venc.ko: the video encoder module whose worker appended ring pool
 * records in the seed's report; its init (in .init.text) allocates from a
 * slab cache too, which gives the insmod-time report. */
#include "kapi.h"

struct mi_sys_ringpool;
struct mi_sys_dev_ops {
	int (*dequeue_input_task)(void *dev, int chn);
	void *dev;
};

int mi_sys_RingPool_AppendTailContentTailRecord(struct mi_sys_ringpool *pool, unsigned int offset, unsigned int length);
int MI_SYS_RegisterDev(int id, struct mi_sys_dev_ops *ops);

struct venc_chn {
	struct mi_sys_ringpool *pool;
	unsigned int out_off;
	unsigned int out_len;
	unsigned int frames;
	int state;
};

struct venc_dev {
	struct venc_chn chn[4];
	struct kmem_cache *ctx_cachep;
	void *ctx[4];
};

static struct venc_dev g_venc;

static noinline int _MI_VENC_ProcShowOutInfo(struct venc_chn *c, unsigned int len)
{
	int ret;

	if (c->pool == 0)
		return -1;
	c->out_len = len;
	ret = mi_sys_RingPool_AppendTailContentTailRecord(c->pool, c->out_off, len); /* @site:_MI_VENC_ProcShowOutInfo>mi_sys_RingPool_AppendTailContentTailRecord */
	if (ret == 0)
		c->out_off += len;
	c->frames++;
	return ret;
}

/* @inline:_MI_VENC_PutOutput */
static __always_inline int _MI_VENC_PutOutput(struct venc_chn *c, unsigned int len)
{
	int ret = _MI_VENC_ProcShowOutInfo(c, (len + 63u) & ~63u); /* @site:_MI_VENC_PutOutput>_MI_VENC_ProcShowOutInfo */
	if (ret != 0)
		c->state = -ret;
	return ret;
}

int noinline _MI_VENC_DequeueInputTask(void *dev, int chn)
{
	struct venc_dev *d = dev;
	struct venc_chn *c = &d->chn[chn & 3];
	int ret;

	if (c->state != 0)
		return 0;
	ret = _MI_VENC_PutOutput(c, 1000u + c->frames * 17u); /* @site:_MI_VENC_DequeueInputTask>_MI_VENC_PutOutput */
	return ret == 0 ? 1 : 0;
}

static struct mi_sys_dev_ops venc_ops = {
	.dequeue_input_task = _MI_VENC_DequeueInputTask,
	.dev = &g_venc,
};

/* @inline:mi_venc_alloc_ctx */
static __always_inline void *mi_venc_alloc_ctx(struct venc_dev *d, int i)
{
	void *ctx = kmem_cache_alloc(d->ctx_cachep, GFP_KERNEL); /* @site:mi_venc_alloc_ctx>kmem_cache_alloc */
	d->ctx[i] = ctx;
	return ctx;
}

int __init mi_venc_init(void)
{
	int i;

	g_venc.ctx_cachep = kmem_cache_create("mi_venc_ctx", 2048);
	for (i = 0; i < 4; i++) {
		if (mi_venc_alloc_ctx(&g_venc, i) == 0) /* @site:mi_venc_init>mi_venc_alloc_ctx */
			return -12;
	}
	return MI_SYS_RegisterDev(2, &venc_ops);
}
