/* vmlinux-like image: thread start and module loading, the outer frames of
 * the seed's trace (kthread / ret_from_fork) and of an insmod-time report. */
#include "kapi.h"

struct kthread_create_info {
	int (*threadfn)(void *data);
	void *data;
	int result;
};

struct module {
	const char *name;
	int (*init)(void);
	int state;
};

static struct kthread_create_info create_info;
static struct module the_module;

int noinline kthread(void *_create)
{
	struct kthread_create_info *create = _create;
	int ret = -4;

	if (create->threadfn != 0)
		ret = create->threadfn(create->data); /* @site:kthread>* */
	create->result = ret;
	return ret;
}

void noinline ret_from_fork(void)
{
	kthread(&create_info); /* @site:ret_from_fork>kthread */
	create_info.data = 0;
}

int noinline do_one_initcall(int (*fn)(void))
{
	int ret = fn(); /* @site:do_one_initcall>* */
	if (ret < 0)
		printk("initcall %pF returned %d\n");
	return ret;
}

static noinline int do_init_module(struct module *mod)
{
	int ret = 0;

	if (mod->init != 0)
		ret = do_one_initcall(mod->init); /* @site:do_init_module>do_one_initcall */
	mod->state = ret ? 2 : 0;
	return ret;
}

static noinline int load_module(struct module *mod, int flags)
{
	if (flags & 1)
		mod->state = 1;
	int ret = do_init_module(mod); /* @site:load_module>do_init_module */
	return ret ? ret : mod->state;
}

long noinline SyS_finit_module(int fd, const char *uargs, int flags)
{
	the_module.name = uargs;
	long ret = load_module(&the_module, flags | fd); /* @site:SyS_finit_module>load_module */
	return ret < 0 ? ret : 0;
}

static long (*const sys_call_table[])(int, const char *, int) = { SyS_finit_module };

long noinline vector_swi(unsigned int scno, int fd, const char *uargs)
{
	long ret = sys_call_table[scno & 0](fd, uargs, 0); /* @site:vector_swi>* */
	return ret;
}

__attribute__((section(".head.text"))) void stext(void)
{
	ret_from_fork();
	vector_swi(0, 3, "");
	for (;;)
		;
}
