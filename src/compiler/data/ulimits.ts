/**
 * The ulimit resources a policy may set: the setrlimit(2) resources by Docker's `--ulimit` names
 * (go-units). Read by the decoder (2-decode, which also takes them written directly in `limits`) and
 * by the check that names them (E0602, 4-check/checks/ulimits-are-known.ts). The OCI emitter keeps
 * its own `RLIMIT_*` table (it may import only the IR); test/emitters/oci.test.ts holds that it
 * spells every name here.
 */

/** Every ulimit name, sorted. */
export const ULIMIT_NAMES = ['core', 'cpu', 'data', 'fsize', 'locks', 'memlock', 'msgqueue', 'nice', 'nofile', 'nproc', 'rss', 'rtprio', 'rttime', 'sigpending', 'stack'] as const;

/** A ulimit name. */
export type UlimitName = (typeof ULIMIT_NAMES)[number];
