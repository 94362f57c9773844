/*
 * secpol-probe: asks the kernel for one thing and reports what it answered.
 *
 * End-to-end tests run it inside a container, a runc bundle or the AppArmor VM to see what a
 * seccomp filter, a capability set, an AppArmor profile or a cgroup limit really does. Each command
 * makes exactly the system call(s) it names, prints one line and exits:
 *
 *   ok                       exit 0: the kernel allowed it
 *   errno=NAME(N)            exit 1: the kernel refused it with errno N (e.g. errno=EPERM(1))
 *   usage: ...               exit 2: the command line itself is wrong (on stderr)
 *
 * A process killed by the kernel (a seccomp KILL action, the OOM killer) prints nothing: the caller
 * sees the signal in the exit status (e.g. 137 = 128 + SIGKILL from a shell).
 *
 * Built static by scripts/setup-engines.sh (`cc -static`) so that it runs on a busybox rootfs with
 * no libc, and installed there as /bin/secpol-probe.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/if_ether.h>
#include <netinet/in.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/mount.h>
#include <sys/ptrace.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

static const char usage_text[] =
    "usage: secpol-probe COMMAND [ARG...]\n"
    "  socket FAMILY TYPE [PROTO]   FAMILY: unix inet inet6 netlink packet; TYPE: stream dgram raw seqpacket\n"
    "  bind PORT                    bind a TCP socket to 0.0.0.0:PORT (ports < 1024 need CAP_NET_BIND_SERVICE)\n"
    "  chown PATH UID GID\n"
    "  chmod PATH MODE              MODE in octal, e.g. 4755\n"
    "  mount [TARGET] [FSTYPE]      mount FSTYPE (default tmpfs) on TARGET (default /tmp)\n"
    "  write PATH                   create or truncate PATH and write one line\n"
    "  read PATH                    open PATH read-only and read it\n"
    "  syscall NR [ARG...]          raw syscall NR with up to 6 integer arguments, each any 64-bit value\n"
    "                               (-1, 21522, 0x100005412, 0xffffffffffffffff)\n"
    "  unshare FLAGS                comma list of: user mnt net pid uts ipc cgroup, or a number\n"
    "  clone FLAGS                  raw clone(FLAGS, 0, 0, 0, 0); the child exits at once, the parent reaps it.\n"
    "                               FLAGS: a number, or a comma list of unshare's names and sigchld\n"
    "  ptrace                       PTRACE_ATTACH to a child of this process\n"
    "  setuid UID\n"
    "  fork-bomb N                  fork N sleeping children, then kill them\n"
    "  alloc MIB                    allocate and touch MIB mebibytes\n";

static int usage(void) {
  fputs(usage_text, stderr);
  return 2;
}

/* Prints the outcome of one request in the contract's format and returns the exit status. */
static int report(int failed_errno) {
  if (failed_errno == 0) {
    puts("ok");
    return 0;
  }
  const char *name = strerrorname_np(failed_errno);
  printf("errno=%s(%d)\n", name ? name : "UNKNOWN", failed_errno);
  return 1;
}

static int outcome(long rc) { return report(rc < 0 ? errno : 0); }

static int parse_long(const char *text, long *out) {
  char *end = NULL;
  errno = 0;
  long value = strtol(text, &end, 0);
  if (errno != 0 || end == text || *end != '\0') return -1;
  *out = value;
  return 0;
}

/*
 * A syscall argument: any 64-bit value, so that a probe can set the bits above a 32-bit argument
 * that the kernel truncates but a seccomp filter sees (0x100005412 is TIOCSTI to ioctl). Negative
 * numbers go through strtol; what overflows a long (0xffffffffffffffff) through strtoull.
 */
static int parse_arg(const char *text, long *out) {
  if (parse_long(text, out) == 0) return 0;
  if (text[0] == '-') return -1;
  char *end = NULL;
  errno = 0;
  unsigned long long value = strtoull(text, &end, 0);
  if (errno != 0 || end == text || *end != '\0') return -1;
  *out = (long)value;
  return 0;
}

struct named { const char *name; int value; };

static int lookup(const struct named *table, const char *name, int *out) {
  for (; table->name; table++)
    if (strcmp(table->name, name) == 0) { *out = table->value; return 0; }
  return -1;
}

static const struct named families[] = {
    {"unix", AF_UNIX}, {"inet", AF_INET}, {"inet6", AF_INET6},
    {"netlink", AF_NETLINK}, {"packet", AF_PACKET}, {NULL, 0}};
static const struct named types[] = {
    {"stream", SOCK_STREAM}, {"dgram", SOCK_DGRAM}, {"raw", SOCK_RAW},
    {"seqpacket", SOCK_SEQPACKET}, {NULL, 0}};
static const struct named ns_flags[] = {
    {"user", CLONE_NEWUSER}, {"mnt", CLONE_NEWNS}, {"mount", CLONE_NEWNS},
    {"net", CLONE_NEWNET}, {"pid", CLONE_NEWPID}, {"uts", CLONE_NEWUTS},
    {"ipc", CLONE_NEWIPC}, {"cgroup", CLONE_NEWCGROUP}, {NULL, 0}};
/* clone's flags: the namespaces, and the signal a plain fork sends its parent on exit. */
static const struct named clone_flags[] = {
    {"user", CLONE_NEWUSER}, {"mnt", CLONE_NEWNS}, {"mount", CLONE_NEWNS},
    {"net", CLONE_NEWNET}, {"pid", CLONE_NEWPID}, {"uts", CLONE_NEWUTS},
    {"ipc", CLONE_NEWIPC}, {"cgroup", CLONE_NEWCGROUP}, {"sigchld", SIGCHLD}, {NULL, 0}};

/* FLAGS as a number or as a comma list of names from `table`, OR-ed together. */
static int parse_flags(const char *text, const struct named *table, long *out) {
  if (parse_arg(text, out) == 0) return 0;
  char *list = strdup(text);
  long flags = 0;
  int bad = list == NULL;
  for (char *save = NULL, *item = list ? strtok_r(list, ",", &save) : NULL; item && !bad; item = strtok_r(NULL, ",", &save)) {
    int flag;
    if (lookup(table, item, &flag)) bad = 1;
    else flags |= flag;
  }
  free(list);
  if (bad) return -1;
  *out = flags;
  return 0;
}

static int cmd_socket(int argc, char **argv) {
  int family, type;
  long proto = 0;
  if (argc < 2 || argc > 3 || lookup(families, argv[0], &family) || lookup(types, argv[1], &type))
    return usage();
  if (argc == 3) {
    if (parse_long(argv[2], &proto)) return usage();
  } else if (type == SOCK_RAW && (family == AF_INET || family == AF_INET6)) {
    /* A raw IP socket needs a protocol; ICMP is what ping would ask for. */
    proto = family == AF_INET ? IPPROTO_ICMP : IPPROTO_ICMPV6;
  } else if (family == AF_PACKET) {
    proto = htons(ETH_P_ALL);
  }
  return outcome(socket(family, type, (int)proto));
}

static int cmd_bind(int argc, char **argv) {
  long port;
  if (argc != 1 || parse_long(argv[0], &port) || port < 0 || port > 65535) return usage();
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  if (fd < 0) return report(errno);
  struct sockaddr_in addr = {.sin_family = AF_INET, .sin_port = htons((unsigned short)port)};
  addr.sin_addr.s_addr = htonl(INADDR_ANY);
  return outcome(bind(fd, (struct sockaddr *)&addr, sizeof addr));
}

static int cmd_chown(int argc, char **argv) {
  long uid, gid;
  if (argc != 3 || parse_long(argv[1], &uid) || parse_long(argv[2], &gid)) return usage();
  return outcome(chown(argv[0], (uid_t)uid, (gid_t)gid));
}

static int cmd_chmod(int argc, char **argv) {
  char *end = NULL;
  if (argc != 2) return usage();
  long mode = strtol(argv[1], &end, 8);
  if (end == argv[1] || *end != '\0') return usage();
  return outcome(chmod(argv[0], (mode_t)mode));
}

static int cmd_mount(int argc, char **argv) {
  if (argc > 2) return usage();
  const char *target = argc > 0 ? argv[0] : "/tmp";
  const char *fstype = argc > 1 ? argv[1] : "tmpfs";
  return outcome(mount("secpol", target, fstype, 0, NULL));
}

static int cmd_write(int argc, char **argv) {
  static const char line[] = "secpol-probe\n";
  if (argc != 1) return usage();
  int fd = open(argv[0], O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) return report(errno);
  if (write(fd, line, sizeof line - 1) < 0) return report(errno);
  return outcome(close(fd));
}

static int cmd_read(int argc, char **argv) {
  char buffer[4096];
  if (argc != 1) return usage();
  int fd = open(argv[0], O_RDONLY | O_CLOEXEC);
  if (fd < 0) return report(errno);
  return outcome(read(fd, buffer, sizeof buffer));
}

static int cmd_syscall(int argc, char **argv) {
  long nr, args[6] = {0};
  if (argc < 1 || argc > 7 || parse_long(argv[0], &nr)) return usage();
  for (int i = 1; i < argc; i++)
    if (parse_arg(argv[i], &args[i - 1])) return usage();
  return outcome(syscall(nr, args[0], args[1], args[2], args[3], args[4], args[5]));
}

static int cmd_unshare(int argc, char **argv) {
  long flags = 0;
  if (argc != 1 || parse_flags(argv[0], ns_flags, &flags)) return usage();
  return outcome(unshare((int)flags));
}

/*
 * The raw clone syscall, not glibc's wrapper or fork(), so that the filter sees exactly FLAGS in
 * argument 0 (x86_64 and aarch64 order: flags, stack, parent_tid, child_tid or tls, …). A stack of 0
 * makes the child run on a copy of this stack, as fork does; it exits at once. The parent reaps it
 * with __WALL, which also waits for a child whose FLAGS name no exit signal.
 */
static int cmd_clone(int argc, char **argv) {
  long flags;
  if (argc != 1 || parse_flags(argv[0], clone_flags, &flags)) return usage();
  long child = syscall(SYS_clone, flags, 0, 0, 0, 0);
  if (child < 0) return report(errno);
  if (child == 0) _exit(0);
  int status = 0;
  if (waitpid((pid_t)child, &status, __WALL) < 0) return report(errno);
  return report(0);
}

static int cmd_ptrace(int argc, char **argv) {
  (void)argv;
  if (argc != 0) return usage();
  pid_t child = fork();
  if (child < 0) return report(errno);
  if (child == 0) {
    pause();
    _exit(0);
  }
  long rc = ptrace(PTRACE_ATTACH, child, NULL, NULL);
  int saved = rc < 0 ? errno : 0;
  if (rc == 0) waitpid(child, NULL, 0);
  kill(child, SIGKILL);
  waitpid(child, NULL, 0);
  return report(saved);
}

static int cmd_setuid(int argc, char **argv) {
  long uid;
  if (argc != 1 || parse_long(argv[0], &uid)) return usage();
  return outcome(setuid((uid_t)uid));
}

static int cmd_fork_bomb(int argc, char **argv) {
  long wanted;
  if (argc != 1 || parse_long(argv[0], &wanted) || wanted < 1 || wanted > 100000) return usage();
  pid_t *children = calloc((size_t)wanted, sizeof *children);
  if (!children) return report(errno);
  long made = 0;
  int saved = 0;
  for (; made < wanted; made++) {
    pid_t pid = fork();
    if (pid < 0) { saved = errno; break; }
    if (pid == 0) { pause(); _exit(0); }
    children[made] = pid;
  }
  for (long i = 0; i < made; i++) kill(children[i], SIGKILL);
  for (long i = 0; i < made; i++) waitpid(children[i], NULL, 0);
  if (saved == 0) return report(0);
  printf("errno=%s(%d) after=%ld\n", strerrorname_np(saved), saved, made);
  return 1;
}

static int cmd_alloc(int argc, char **argv) {
  long mib;
  if (argc != 1 || parse_long(argv[0], &mib) || mib < 1) return usage();
  size_t size = (size_t)mib << 20;
  char *block = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (block == MAP_FAILED) return report(errno);
  /* Touch every page so the memory is really charged to the cgroup. */
  for (size_t offset = 0; offset < size; offset += 4096) block[offset] = 1;
  return report(0);
}

struct command { const char *name; int (*run)(int argc, char **argv); };

static const struct command commands[] = {
    {"socket", cmd_socket}, {"bind", cmd_bind}, {"chown", cmd_chown}, {"chmod", cmd_chmod},
    {"mount", cmd_mount}, {"write", cmd_write}, {"read", cmd_read}, {"syscall", cmd_syscall},
    {"unshare", cmd_unshare}, {"clone", cmd_clone}, {"ptrace", cmd_ptrace}, {"setuid", cmd_setuid},
    {"fork-bomb", cmd_fork_bomb}, {"alloc", cmd_alloc}, {NULL, NULL}};

int main(int argc, char **argv) {
  setvbuf(stdout, NULL, _IOLBF, 0);
  if (argc < 2) return usage();
  for (const struct command *c = commands; c->name; c++)
    if (strcmp(c->name, argv[1]) == 0) return c->run(argc - 2, argv + 2);
  return usage();
}
