/**
 * Built-in presets, extended with `extends preset NAME`. A preset is itself a secpol policy, kept as
 * text here so the shipped compiler reads no file for it; its diagnostics point into `<preset:NAME>`.
 */

/** Preset name → policy text. */
export const PRESETS: Readonly<Record<string, string>> = {
  // Says out loud what every policy gets by writing nothing.
  hardened: `workload hardened {
  no-new-privileges on
  filesystem { root readonly }
  syscalls { default errno EPERM }
}
`,
  // A long-running network server: accepts TCP connections, reads files, forks workers.
  'web-server': `workload web-server {
  network { protocols tcp, unix }
  syscalls {
    allow @file-io, @network-server, @process, @memory, @signals, @timers, @sync, @events, @identity, @system-info
  }
}
`,
  // A job with no network at all.
  'batch-job': `workload batch-job {
  network none
  syscalls {
    allow @file-io, @file-meta, @process, @memory, @signals, @timers, @sync, @events, @identity, @system-info
  }
}
`,
  // Docker's default profile, for teams migrating from it: its unconditional rules, and its rules on
  // arguments as secpol writes them (clone without namespace flags, socket for the granted
  // protocols, Docker's personality values).
  'docker-default': `workload docker-default {
  syscalls {
    allow @docker-default
    allow clone, socket
    allow personality if arg0 in [0, 8, 0x20000, 0x20008, 0xffffffff]
  }
}
`,
};
