/* 64-bit vmlinux-like image: dump_stack() down to the unwinder, per
 * architecture, with the frames each one really prints first:
 *   x86-64 (6.1):  dump_stack_lvl+0x../0x..   (the unwinder starts at show_stack's caller)
 *   arm64  (6.1):  dump_backtrace+0x../0x..   (the return address after calling the walker)
 * Markers as in ../../user/md.c. */
#include "kapi.h"
#include "karch.h"

struct task_struct {
	const char *comm;
	int pid;
};

static struct task_struct init_task = { "swapper/0", 0 };
static unsigned long walked;

static void noinline dump_stack_print_info(const char *log_lvl)
{
	printk("%sCPU: %d PID: %d Comm: %.20s %s%s %s %.*s\n");
	printk("%sHardware name: %s\n");
}

#if defined(__x86_64__)
static noinline void show_trace_log_lvl(struct task_struct *task, struct pt_regs *regs,
					unsigned long *stack, const char *log_lvl)
{
	printk("%sCall Trace:\n");
	printk("%s <TASK>\n");
	walked += (unsigned long)stack + (task != 0) + (regs != 0);
	printk("%s </TASK>\n");
}

void noinline show_stack(struct task_struct *task, unsigned long *sp, const char *loglvl)
{
	task = task ? task : &init_task;
	show_trace_log_lvl(task, 0, sp, loglvl); /* @site:show_stack>show_trace_log_lvl */
}
#else
typedef int (*stack_trace_consume_fn)(void *cookie, unsigned long addr);

static int noinline dump_backtrace_entry(void *arg, unsigned long where)
{
	printk("%s %pSb\n");
	return where != 0 && arg != 0;
}

void noinline arch_stack_walk(stack_trace_consume_fn consume_entry, void *cookie,
			      struct task_struct *task, struct pt_regs *regs)
{
	unsigned long pc = regs ? regs->pc : (unsigned long)__builtin_return_address(0);

	while (pc != 0 && consume_entry(cookie, pc))
		pc = walked++ < 32 ? pc - 4 : 0;
}

void noinline dump_backtrace(struct pt_regs *regs, struct task_struct *tsk, const char *loglvl)
{
	if (tsk == 0)
		tsk = &init_task;
	printk("%sCall trace:\n");
	arch_stack_walk(dump_backtrace_entry, (void *)loglvl, tsk, regs); /* @site:dump_backtrace>arch_stack_walk */
	walked = 0;
}

void noinline show_stack(struct task_struct *tsk, unsigned long *sp, const char *loglvl)
{
	dump_backtrace(0, tsk, loglvl); /* @site:show_stack>dump_backtrace */
	walked += (unsigned long)sp;
}
#endif

/* @inline:__dump_stack */
static __always_inline void __dump_stack(const char *log_lvl)
{
	dump_stack_print_info(log_lvl);
	show_stack(0, 0, log_lvl); /* @site:__dump_stack>show_stack */
}

void noinline dump_stack_lvl(const char *log_lvl)
{
	__dump_stack(log_lvl); /* @site:dump_stack_lvl>__dump_stack */
	walked++;
}

void noinline dump_stack(void)
{
	dump_stack_lvl(KERN_DEFAULT); /* @site:dump_stack>dump_stack_lvl */
	walked++;
}
