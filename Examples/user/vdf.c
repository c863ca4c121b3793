/* libmi_vdf.so: the video detection framework that drives libMD.
 * MI_VDF_CreateChn reaches MI_MD_Init through a static function (an unnamed
 * libmi_vdf frame between two named ones, as in the seed); vdf_CalcRst_task
 * is the worker thread whose blocks carry no named frame of libMD. */
#include <pthread.h>
#include <stddef.h>
#include "mi_md.h"
#include "mi_vdf.h"

#define NOINLINE __attribute__((noinline))

struct vdf_chn {
	int chn;
	int frames;
	int open;
	int result;
	const struct mi_md_ops *md_ops;
};

static struct vdf_chn g_vdf[16];

static NOINLINE int vdf_md_open(struct vdf_chn *ch, const MI_VDF_ChnAttr_t *attr)
{
	int ret = MI_MD_Init(ch->chn, attr->width, attr->height); /* @site:vdf_md_open>MI_MD_Init */
	if (ret == 0) {
		ch->md_ops = MI_MD_GetOps();
		ch->open = 1;
	}
	return ret;
}

int MI_VDF_CreateChn(int chn, const MI_VDF_ChnAttr_t *attr)
{
	struct vdf_chn *ch = &g_vdf[chn & 15];
	int ret;

	if (attr == NULL || ch->open)
		return -1;
	ch->chn = chn;
	ret = vdf_md_open(ch, attr); /* @site:MI_VDF_CreateChn>vdf_md_open */
	if (ret != 0)
		ch->open = 0;
	return ret;
}

static NOINLINE int vdf_run_md(struct vdf_chn *ch, int frame)
{
	int ret = ch->md_ops->process(ch->chn, frame); /* @site:vdf_run_md>* */
	ch->result += ret;
	return ret;
}

void *vdf_CalcRst_task(void *arg)
{
	struct vdf_chn *ch = arg;
	int i;

	for (i = 0; i < ch->frames; i++) {
		if (vdf_run_md(ch, i) < 0) /* @site:vdf_CalcRst_task>vdf_run_md */
			break;
	}
	return NULL;
}

int MI_VDF_Run(int chn, int frames)
{
	struct vdf_chn *ch = &g_vdf[chn & 15];
	pthread_t tid;

	if (!ch->open)
		return -1;
	ch->frames = frames;
	if (pthread_create(&tid, NULL, vdf_CalcRst_task, ch) != 0)
		return -1;
	pthread_join(tid, NULL);
	return ch->result;
}

int MI_VDF_DestroyChn(int chn)
{
	struct vdf_chn *ch = &g_vdf[chn & 15];

	if (!ch->open)
		return -1;
	MI_MD_Uninit(ch->chn);
	ch->open = 0;
	ch->md_ops = NULL;
	return 0;
}
