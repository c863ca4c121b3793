/* mi_sys.ko, part 2: the worker thread that dispatches input/output tasks to
 * the device modules (mi_venc), plus module init. The worker lives in
 * .text.unlikely and init in .init.text, so this module has three code
 * sections that all start at 0: resolving `func+off` needs the symbol's
 * section, never a bare offset. */
#include "kapi.h"

struct mi_sys_dev_ops {
	int (*dequeue_input_task)(void *dev, int chn);
	void *dev;
};

static struct mi_sys_dev_ops *g_dev_ops[8];
static struct kmem_cache *mi_sys_bufhandle_cachep;
static struct kmem_cache *g_mi_sys_chunk_cachep;
static struct kmem_cache *mi_sys_mma_allocation_cachep;
static volatile int g_worker_stop;

int noinline MI_SYS_RegisterDev(int id, struct mi_sys_dev_ops *ops)
{
	if (id < 0 || id >= 8)
		return -22;
	g_dev_ops[id] = ops;
	return 0;
}

__cold_text int noinline MI_SYS_IMPL_DequeueInputOutputTasks(int id, int chn)
{
	struct mi_sys_dev_ops *ops = g_dev_ops[id & 7];
	int ret;

	if (ops == 0 || ops->dequeue_input_task == 0)
		return -1;
	ret = ops->dequeue_input_task(ops->dev, chn); /* @site:MI_SYS_IMPL_DequeueInputOutputTasks>* */
	if (ret > 0)
		g_worker_stop = 0;
	return ret;
}

__cold_text int noinline mi_sys_internal_main_worker_thread(void *data)
{
	int id = (int)(unsigned long)data;
	int done = 0;

	while (!g_worker_stop) {
		done += MI_SYS_IMPL_DequeueInputOutputTasks(id, done & 3); /* @site:mi_sys_internal_main_worker_thread>MI_SYS_IMPL_DequeueInputOutputTasks */
		if (done > 1000)
			break;
	}
	return done;
}

int __init mi_sys_init(void)
{
	mi_sys_bufhandle_cachep = kmem_cache_create("mi_sys_bufhandle_cachep", 16384);
	g_mi_sys_chunk_cachep = kmem_cache_create("g_mi_sys_chunk_cachep", 16384);
	mi_sys_mma_allocation_cachep = kmem_cache_create("mi_sys_mma_allocation_cachep", 16384);
	return mi_sys_bufhandle_cachep && g_mi_sys_chunk_cachep && mi_sys_mma_allocation_cachep ? 0 : -12;
}
