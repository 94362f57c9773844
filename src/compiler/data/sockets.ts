/**
 * The socket kinds `protocols` grants, as socket(2) and socketpair(2) carry them: read by the
 * lowering (the filter's `socket` conditions), lint and the privilege diff.
 */
import type { NetworkGrant } from '../ir.js';

/**
 * SOCK_TYPE_MASK (include/linux/net.h): socket(2)'s type argument also carries SOCK_CLOEXEC and
 * SOCK_NONBLOCK, which libc, Go and Node OR in; the type is what is left under this mask.
 */
export const SOCK_TYPE_MASK = 0xf;

/** The AF_* constant of each socket family `protocols` grants, as socket(2)'s arg0 carries it. */
export const FAMILY_CONSTANT: Readonly<Record<NetworkGrant['family'], string>> = { inet: 'AF_INET', inet6: 'AF_INET6', unix: 'AF_UNIX', netlink: 'AF_NETLINK', packet: 'AF_PACKET' };

/** The SOCK_* constant of each socket type a grant names. */
export const TYPE_CONSTANT: Readonly<Record<NonNullable<NetworkGrant['type']>, string>> = { stream: 'SOCK_STREAM', dgram: 'SOCK_DGRAM', raw: 'SOCK_RAW', seqpacket: 'SOCK_SEQPACKET' };

/** Whether `name` is one of the calls `protocols` narrows. */
export const isSocketCall = (name: string): boolean => name === 'socket' || name === 'socketpair';
