/* libmi_sys.so: the seed's instrumented MI_SYS_MMA_Alloc.
 * print_trace() is the glibc manual's example, as the engineer pasted it:
 * a buffer of 10 frames, hence "Obtained 10 stack frames." in the seed. */
#include <execinfo.h>
#include <stdio.h>
#include <stdlib.h>
#include "mi_sys.h"

#define NOINLINE __attribute__((noinline))

void NOINLINE print_trace(void)
{
	void *array[10];
	char **strings;
	int size, i;

	size = backtrace(array, 10); /* @site:print_trace>backtrace */
	strings = backtrace_symbols(array, size);
	if (strings != NULL) {
		printf("Obtained %d stack frames.\n", size);
		for (i = 0; i < size; i++)
			printf("%s\n", strings[i]);
	}
	free(strings);
}

/* A bump allocator standing in for the MMA heap at the seed's bus address:
 * addresses are never reused, so every alloc/free line is unambiguous. */
static MI_PHY mma_next = 0x21c00000;
static unsigned int mma_live;

int MI_SYS_MMA_Alloc(const char *site, unsigned int size, MI_PHY *phy)
{
	print_trace(); /* @site:MI_SYS_MMA_Alloc>print_trace */
	*phy = mma_next;
	mma_next += (size + 0xfffu) & ~0xfffu;
	mma_live++;
	printf("alloc 0x%08lx size %u site %s\n", *phy, size, site);
	return 0;
}

int MI_SYS_MMA_Free(MI_PHY phy)
{
	if (phy == 0)
		return -1;
	mma_live--;
	printf("free 0x%08lx\n", phy);
	return 0;
}
