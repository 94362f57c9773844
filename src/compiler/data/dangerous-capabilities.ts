/**
 * Capabilities that come close to root on the host, each with why (capabilities(7)), read by the
 * advisory rule SPL101 (src/lint/rules/dangerous-capability.ts).
 */

/** Why each dangerous capability is dangerous, by canonical name (`CAP_…`); the text follows the name in a message. */
export const DANGEROUS_CAPABILITIES: Readonly<Record<string, string>> = {
  CAP_SYS_ADMIN: 'is close to full root: mount, namespaces, and much of the kernel\'s administration',
  CAP_SYS_PTRACE: 'lets the workload read and change the memory of other processes',
  CAP_NET_ADMIN: 'lets the workload reconfigure interfaces, routes and firewall rules',
  CAP_SYS_MODULE: 'lets the workload load code into the host kernel',
  CAP_DAC_READ_SEARCH: 'lets the workload open any host file by handle (the "shocker" escape)',
  CAP_SYS_RAWIO: 'gives raw access to I/O ports and devices',
  CAP_SYS_BOOT: 'lets the workload reboot the host or load a new kernel',
  CAP_MAC_ADMIN: 'lets the workload change the mandatory access control policy',
  CAP_MAC_OVERRIDE: 'lets the workload bypass the mandatory access control policy',
  CAP_BPF: 'lets the workload load BPF programs into the kernel',
};
