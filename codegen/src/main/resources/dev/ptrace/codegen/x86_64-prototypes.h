/*
 * x86_64 syscalls that the kernel defines with SYSCALL_DEFINEn() in arch/x86 sources and declares in no
 * installed header, written down here in the form of include/linux/syscalls.h. The generator uses an entry
 * only when syscalls.h has no prototype for that syscall. The unimplemented table slots (create_module,
 * tuxcall, ...) are left without a prototype on purpose: they only return ENOSYS.
 */
asmlinkage long sys_mmap(unsigned long addr, unsigned long len, unsigned long prot, unsigned long flags,
			 unsigned long fd, unsigned long off);
asmlinkage long sys_rt_sigreturn(void);
asmlinkage long sys_arch_prctl(int option, unsigned long arg2);
asmlinkage long sys_iopl(unsigned int level);
asmlinkage long sys_modify_ldt(int func, void __user *ptr, unsigned long bytecount);
asmlinkage long sys_set_thread_area(struct user_desc __user *u_info);
asmlinkage long sys_get_thread_area(struct user_desc __user *u_info);
