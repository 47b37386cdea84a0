/*
 * aarch64 syscalls that the kernel defines with SYSCALL_DEFINEn() in arch/arm64 sources and declares in no
 * installed header, written down here in the form of include/linux/syscalls.h. The generator uses an entry
 * only when syscalls.h has no prototype for that syscall.
 */
asmlinkage long sys_mmap(unsigned long addr, unsigned long len, unsigned long prot, unsigned long flags,
			 unsigned long fd, unsigned long off);
asmlinkage long sys_rt_sigreturn(void);
