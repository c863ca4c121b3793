/* Vendor "MI" system API, reduced to what the seed's step 4 needs. */
#ifndef MI_SYS_H
#define MI_SYS_H

#ifdef __cplusplus
extern "C" {
#endif

typedef unsigned long MI_PHY;

void print_trace(void);
/* `site` names the calling source site (see @site markers); it is printed
 * with the allocation so the fixture generator can tell apart two calls of
 * MI_SYS_MMA_Alloc that sit in the same physical function. */
int MI_SYS_MMA_Alloc(const char *site, unsigned int size, MI_PHY *phy);
int MI_SYS_MMA_Free(MI_PHY phy);

#ifdef __cplusplus
}
#endif

#endif
