/* Video detection framework API (libmi_vdf.so). */
#ifndef MI_VDF_H
#define MI_VDF_H

#ifdef __cplusplus
extern "C" {
#endif

typedef struct {
	unsigned int width;
	unsigned int height;
} MI_VDF_ChnAttr_t;

int MI_VDF_CreateChn(int chn, const MI_VDF_ChnAttr_t *attr);
int MI_VDF_Run(int chn, int frames);
int MI_VDF_DestroyChn(int chn);
void *vdf_CalcRst_task(void *arg);

#ifdef __cplusplus
}
#endif

#endif
