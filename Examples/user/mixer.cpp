// /customer/mixer: the seed's application, in C++ so its frames carry mangled
// names (_Z17mid_md_VDF_Configi, _Z14mid_md_Initiali, an overload and a
// namespace). It toggles motion detection on and off like the seed's stress
// script: every toggle allocates MMA blocks, MI_MD_Uninit gives back only some
// of them. At the end it prints its own maps, as `cat /proc/PID/maps` would.
//
// Markers: `@site:CALLER>CALLEE` with CALLER/CALLEE as c++filt prints them.
#include <cstdio>
#include <cstdlib>
#include <unistd.h>
#include "mi_sys.h"
#include "mi_vdf.h"

#define NOINLINE __attribute__((noinline))

static int g_configured;

NOINLINE int mid_md_VDF_Config(int chn)
{
	MI_VDF_ChnAttr_t attr = { 320u + 32u * (unsigned)chn, 240u };
	int ret = MI_VDF_CreateChn(chn, &attr); /* @site:mid_md_VDF_Config(int)>MI_VDF_CreateChn */
	if (ret == 0)
		g_configured++;
	return ret;
}

NOINLINE int mid_md_Initial(int chn)
{
	int ret = mid_md_VDF_Config(chn); /* @site:mid_md_Initial(int)>mid_md_VDF_Config(int) */
	std::printf("[mid_md_Initial %d] exec function %s\n", chn, ret == 0 ? "pass" : "fail");
	return ret;
}

// Overload: object detection uses the same VDF path with a named model.
NOINLINE int mid_md_Initial(int chn, const char *model)
{
	int ret = mid_md_VDF_Config(chn); /* @site:mid_md_Initial(int, char const*)>mid_md_VDF_Config(int) */
	std::printf("[mid_md_Initial %d %s] exec function %s\n", chn, model, ret == 0 ? "pass" : "fail");
	return ret;
}

NOINLINE int mid_md_Uninitial(int chn)
{
	int ret = MI_VDF_DestroyChn(chn);
	std::printf("[mid_md_Uninitial %d] %d\n", chn, ret);
	return ret;
}

namespace mixer {
namespace md {
NOINLINE int Process(int chn, int frames)
{
	std::printf("[DBG]:mid_md_Task[%d]: enter md task loop, md model is 1\n", chn);
	int ret = MI_VDF_Run(chn, frames);
	return ret;
}
} // namespace md

namespace od {
NOINLINE int Start(int chn)
{
	int ret = mid_md_Initial(chn, "od_person"); /* @site:mixer::od::Start(int)>mid_md_Initial(int, char const*) */
	return ret < 0 ? ret : 0;
}
} // namespace od
} // namespace mixer

static void dump_maps(void)
{
	char line[512];
	FILE *f = std::fopen("/proc/self/maps", "r");

	if (f == NULL)
		return;
	std::printf("/ # cat /proc/%d/maps\n", (int)getpid());
	while (std::fgets(line, sizeof line, f) != NULL)
		std::fputs(line, stdout);
	std::fclose(f);
}

int main(int argc, char **argv)
{
	int loops = argc > 1 ? std::atoi(argv[1]) : 2;

	std::setvbuf(stdout, NULL, _IOLBF, 0);
	for (int loop = 0; loop < loops; loop++) {
		std::printf("[mixer] loop %d: md on\n", loop);
		if (mid_md_Initial(0) == 0) /* @site:main>mid_md_Initial(int) */
			mixer::md::Process(0, 2);
		std::printf("[mixer] loop %d: md off\n", loop);
		mid_md_Uninitial(0);
	}
	std::printf("[mixer] od on\n");
	mixer::od::Start(1); /* @site:main>mixer::od::Start(int) */
	std::printf("[mixer] done, %d channels configured\n", g_configured);
	dump_maps();
	return 0;
}
