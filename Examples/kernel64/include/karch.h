/* What the 64-bit vmlinux-like images (x86-64, arm64) add to ../kernel/include/kapi.h:
 * register frames and the trap a WARN_ON() compiles to. Nothing here runs either. */
#ifndef KARCH_H
#define KARCH_H

#define __noreturn_loop for (;;)

/* WARN_ON() is a trap instruction plus a bug-table entry: `ud2` on x86-64,
 * `brk #0x800` on arm64. The reported PC (RIP:, pc :) is that instruction. */
#if defined(__x86_64__)
#define WARN_TRAP() asm volatile("ud2" ::: "memory")
#elif defined(__aarch64__)
#define WARN_TRAP() asm volatile("brk #0x800" ::: "memory")
#else
#error "karch.h: x86-64 or arm64 only"
#endif

#define MAX_ORDER 11
#define KERN_DEFAULT ""

struct pt_regs {
	unsigned long regs[31];
	unsigned long sp, pc, pstate;
	unsigned long orig_x0, syscallno;
};

struct module {
	const char *name;
	int (*init)(void);
	void *core;
	int state;
};

#endif
