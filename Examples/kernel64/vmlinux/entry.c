/* 64-bit vmlinux-like image: thread start, system call entry and module
 * loading with Linux 6.1 names — the outer frames of a kthread report and of
 * an insmod-time one. x86-64 enters through entry_SYSCALL_64_after_hwframe /
 * do_syscall_64, arm64 through el0t_64_sync / el0_svc / invoke_syscall. */
#include "kapi.h"
#include "karch.h"

struct kthread_create_info {
	int (*threadfn)(void *data);
	void *data;
	int result;
};

static struct kthread_create_info create_info;
static struct module the_module;
static struct pt_regs user_regs;
static char module_area[4096];

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

void *noinline module_alloc(unsigned long size)
{
	return size <= sizeof module_area ? module_area : 0;
}

int noinline do_one_initcall(int (*fn)(void))
{
	int ret = fn(); /* @site:do_one_initcall>* */
	if (ret < 0)
		printk("initcall %pS returned %d\n");
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

static noinline int load_module(struct module *mod, unsigned long len, int flags)
{
	mod->core = module_alloc(len); /* @site:load_module>module_alloc */
	if (mod->core == 0)
		return -12;
	if (flags & 1)
		mod->state = 1;
	int ret = do_init_module(mod); /* @site:load_module>do_init_module */
	return ret ? ret : mod->state;
}

static noinline long __do_sys_finit_module(int fd, const char *uargs, int flags)
{
	the_module.name = uargs;
	long ret = load_module(&the_module, 2048u + (unsigned int)fd, flags); /* @site:__do_sys_finit_module>load_module */
	return ret < 0 ? ret : 0;
}

#if defined(__x86_64__)
long noinline __x64_sys_finit_module(const struct pt_regs *regs)
{
	long ret = __do_sys_finit_module((int)regs->regs[5], (const char *)regs->regs[4], (int)regs->regs[3]); /* @site:__x64_sys_finit_module>__do_sys_finit_module */
	return ret;
}

static long (*const sys_call_table[])(const struct pt_regs *) = { __x64_sys_finit_module };

/* @inline:do_syscall_x64 */
static __always_inline int do_syscall_x64(struct pt_regs *regs, int nr)
{
	unsigned int unr = (unsigned int)nr;

	if (unr < sizeof sys_call_table / sizeof sys_call_table[0]) {
		regs->regs[0] = (unsigned long)sys_call_table[unr](regs); /* @site:do_syscall_x64>* */
		return 1;
	}
	return 0;
}

void noinline do_syscall_64(struct pt_regs *regs, int nr)
{
	if (!do_syscall_x64(regs, nr)) /* @site:do_syscall_64>do_syscall_x64 */
		regs->regs[0] = (unsigned long)-38;
}

void noinline entry_SYSCALL_64_after_hwframe(void)
{
	do_syscall_64(&user_regs, (int)user_regs.syscallno); /* @site:entry_SYSCALL_64_after_hwframe>do_syscall_64 */
	user_regs.syscallno = 0;
}
#else
typedef long (*syscall_fn_t)(const struct pt_regs *regs);

long noinline __arm64_sys_finit_module(const struct pt_regs *regs)
{
	long ret = __do_sys_finit_module((int)regs->regs[0], (const char *)regs->regs[1], (int)regs->regs[2]); /* @site:__arm64_sys_finit_module>__do_sys_finit_module */
	return ret;
}

static const syscall_fn_t sys_call_table[] = { __arm64_sys_finit_module };

/* @inline:__invoke_syscall */
static __always_inline long __invoke_syscall(struct pt_regs *regs, syscall_fn_t syscall_fn)
{
	return syscall_fn(regs); /* @site:__invoke_syscall>* */
}

static noinline void invoke_syscall(struct pt_regs *regs, unsigned int scno, unsigned int sc_nr,
				    const syscall_fn_t syscall_table[])
{
	long ret = -38;

	if (scno < sc_nr)
		ret = __invoke_syscall(regs, syscall_table[scno]); /* @site:invoke_syscall>__invoke_syscall */
	regs->regs[0] = (unsigned long)ret;
}

static noinline void el0_svc_common(struct pt_regs *regs, int scno, int sc_nr,
				    const syscall_fn_t syscall_table[])
{
	regs->orig_x0 = regs->regs[0];
	invoke_syscall(regs, (unsigned int)scno, (unsigned int)sc_nr, syscall_table); /* @site:el0_svc_common>invoke_syscall */
	regs->syscallno = 0;
}

void noinline do_el0_svc(struct pt_regs *regs)
{
	el0_svc_common(regs, (int)regs->regs[8], 1, sys_call_table); /* @site:do_el0_svc>el0_svc_common */
	regs->pstate &= ~1ul;
}

static noinline void el0_svc(struct pt_regs *regs)
{
	do_el0_svc(regs); /* @site:el0_svc>do_el0_svc */
	regs->pstate |= 2ul;
}

void noinline el0t_64_sync_handler(struct pt_regs *regs)
{
	unsigned long esr = regs->pstate >> 26;

	if (esr == 0x15)
		el0_svc(regs); /* @site:el0t_64_sync_handler>el0_svc */
	else
		regs->pc += 4;
}

void noinline el0t_64_sync(void)
{
	el0t_64_sync_handler(&user_regs); /* @site:el0t_64_sync>el0t_64_sync_handler */
	user_regs.sp = 0;
}
#endif

__attribute__((section(".head.text"))) void stext(void)
{
	ret_from_fork();
#if defined(__x86_64__)
	entry_SYSCALL_64_after_hwframe();
#else
	el0t_64_sync();
#endif
	__noreturn_loop
		;
}
