/* Motion detection library API (libMD_LINUX.so). */
#ifndef MI_MD_H
#define MI_MD_H

#ifdef __cplusplus
extern "C" {
#endif

struct mi_md_ops {
	int (*process)(int handle, int frame);
};

int MI_MD_Init(int chn, unsigned int width, unsigned int height);
int MI_MD_Uninit(int chn);
/* The worker reaches libMD only through these pointers, which is why the
 * seed's vdf_CalcRst_task blocks show no named frame of libMD at all. */
const struct mi_md_ops *MI_MD_GetOps(void);

#ifdef __cplusplus
}
#endif

#endif
