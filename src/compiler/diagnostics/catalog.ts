/**
 * The catalog of diagnostics: every stable code, its kebab-case name, its severity, how its message
 * is worded, and the long explanation `secpol --explain CODE` prints. Codes are public: once
 * released a code keeps its meaning. Call sites use `diag(code, …)` with the typed parameters below;
 * messages are worded here, never at the call site. House style (held by a test): a message starts
 * lower-case, has no final full stop, quotes source text in backticks, says "invalid", never "illegal".
 */

type Entry<P> = {
  readonly name: string;
  readonly severity: 'error' | 'warning';
  readonly message: (p: P) => string;
  readonly explain: string;
};

const entry = <P>(e: Entry<P>): Entry<P> => e;

/** Every diagnostic secpol can report, by code. */
export const CATALOG = {
  // ── E01xx: syntax ────────────────────────────────────────────────────────────────────────────
  E0101: entry<{ char: string }>({
    name: 'unexpected-character',
    severity: 'error',
    message: (p) => `unexpected character \`${p.char}\``,
    explain: 'The character cannot start any secpol token. Words may hold letters, digits and `_ . / * : @ % + ~ ? -`; anything else (spaces, `$`, quotes …) must be inside a double-quoted string.',
  }),
  E0102: entry<Record<string, never>>({
    name: 'unterminated-string',
    severity: 'error',
    message: () => 'unterminated string',
    explain: 'A string starts with `"` and must end with `"` on the same line. To put a quote inside a string write `\\"`; a newline is `\\n`.',
  }),
  E0103: entry<{ escape: string }>({
    name: 'invalid-escape',
    severity: 'error',
    message: (p) => `invalid escape \`${p.escape}\` in string`,
    explain: 'Inside a string only `\\"`, `\\\\`, `\\n` and `\\t` are escapes.',
  }),
  E0104: entry<Record<string, never>>({
    name: 'unclosed-block',
    severity: 'error',
    message: () => 'this `{` is never closed',
    explain: 'Every `{` that opens a block needs a matching `}`. The error points at the opening brace whose block runs to the end of the file.',
  }),
  E0105: entry<Record<string, never>>({
    name: 'unmatched-brace',
    severity: 'error',
    message: () => 'unexpected `}` with no block to close',
    explain: 'A `}` appeared where no block is open. Often the `{` of the block above is missing, or a block was closed twice.',
  }),
  E0106: entry<{ found: string; expected: string }>({
    name: 'unexpected-token',
    severity: 'error',
    message: (p) => `expected ${p.expected}, found ${p.found}`,
    explain: 'A statement starts with a keyword (a bare word) and continues with values to the end of the line; a block follows in `{ }`.',
  }),
  E0107: entry<Record<string, never>>({
    name: 'unclosed-list',
    severity: 'error',
    message: () => 'this `[` is never closed',
    explain: 'A list such as `[AF_INET, AF_INET6]` must be closed with `]`; it may span several lines.',
  }),
  E0108: entry<{ file: string; limit: string }>({
    name: 'file-too-large',
    severity: 'error',
    message: (p) => `\`${p.file}\` is larger than the ${p.limit} a policy may be`,
    explain: 'A policy describes one workload and is a few kilobytes; secpol reads at most 1 MiB of a policy or of a base it extends, so that a file from a pull request cannot make the check run out of time or memory. Split a generated policy, or move shared parts into a base.',
  }),
  E0109: entry<{ file: string; what: string }>({
    name: 'not-text',
    severity: 'error',
    message: (p) => `\`${p.file}\` is not a text policy: it holds ${p.what}`,
    explain: 'A policy is UTF-8 text. A NUL byte, or bytes that are not UTF-8, mean the file is something else (a binary, an archive, a file in another encoding); secpol reports it once and shows none of its content. Save the policy as UTF-8.',
  }),
  E0110: entry<Record<string, never>>({
    name: 'invalid-unicode',
    severity: 'error',
    message: () => 'a lone UTF-16 surrogate is not a character',
    explain: 'The text holds half of a UTF-16 surrogate pair, which no UTF-8 file can encode and no artifact can carry unchanged. It can only come from text built in memory; write the character it was meant to be.',
  }),
  E0111: entry<{ limit: number }>({
    name: 'nesting-too-deep',
    severity: 'error',
    message: (p) => `brackets nest deeper than ${p.limit} levels`,
    explain: 'Blocks `{ }` and lists `[ ]` nest at most a few levels in any policy (a workload, a section, a list). secpol stops reading at 32 open brackets, so that no input can exhaust the parser\'s stack; the bracket shown is the first past the limit.',
  }),
  E0112: entry<{ count: number; file: string }>({
    name: 'too-many-diagnostics',
    severity: 'error',
    message: (p) => `${p.count} more diagnostic${p.count === 1 ? '' : 's'} in ${p.file} not shown`,
    explain: 'secpol shows at most 50 diagnostics per file, so that a file that is not a policy cannot flood a terminal or a CI log. Fix the ones shown (the first is usually the cause of the rest) and check again.',
  }),
  E0113: entry<{ limit: number; what: string }>({
    name: 'too-many-values',
    severity: 'error',
    message: (p) => `${p.what} has more than ${p.limit} values`,
    explain: 'A statement or a list holds at most 4096 values: more than every syscall of every architecture, and a bound on the work one statement can ask of the checks. Use a group (`@file-io`), or split the list.',
  }),
  E0114: entry<{ limit: number }>({
    name: 'too-many-tokens',
    severity: 'error',
    message: (p) => `the file has more than ${p.limit} tokens`,
    explain: 'A policy file holds at most 50,000 tokens (words, strings, punctuation and line ends; comments and blank lines do not count): the largest real policies have a few thousand, and the bound keeps the work of parsing any input under a second. secpol stops reading at the first token past the limit. Split a generated policy into a base and the workloads that extend it.',
  }),

  // ── E02xx: statements and values ─────────────────────────────────────────────────────────────
  E0201: entry<{ keyword: string; where: string }>({
    name: 'unknown-statement',
    severity: 'error',
    message: (p) => `unknown statement \`${p.keyword}\` in ${p.where}`,
    explain: 'Each block accepts a fixed set of statements; docs/language.md lists them. A statement in the wrong block gets a hint naming the right one.',
  }),
  E0202: entry<{ statement: string; usage: string }>({
    name: 'invalid-arguments',
    severity: 'error',
    message: (p) => `\`${p.statement}\` expects ${p.usage}`,
    explain: 'The statement was written with the wrong number or kind of values. The message gives the expected form; docs/language.md has examples.',
  }),
  E0203: entry<{ statement: string }>({
    name: 'duplicate-statement',
    severity: 'error',
    message: (p) => `\`${p.statement}\` is set more than once`,
    explain: 'A statement that holds one setting may appear once per block. Remove one of them; to change an inherited setting, write it once in the child policy.',
  }),
  E0204: entry<{ problem: string }>({
    name: 'workload-count',
    severity: 'error',
    message: (p) => p.problem,
    explain: 'A policy file describes exactly one workload: `workload NAME { … }`. `extends` lines come before it.',
  }),
  E0205: entry<{ statement: string; wants: 'a block' | 'no block' }>({
    name: 'block-mismatch',
    severity: 'error',
    message: (p) => (p.wants === 'a block' ? `\`${p.statement}\` needs a block \`{ … }\`` : `\`${p.statement}\` does not take a block`),
    explain: 'Sections such as `network`, `filesystem`, `capabilities`, `syscalls`, `namespaces`, `sysctls` and `limits` hold their statements in `{ }`; single settings do not take a block.',
  }),
  E0206: entry<{ name: string }>({
    name: 'invalid-name',
    severity: 'error',
    message: (p) => `invalid name \`${p.name}\``,
    explain: 'Workload, volume, network and profile names must match `[a-z0-9][a-z0-9_.-]*` (at most 63 characters) so they are safe as file names, Compose keys and AppArmor profile names.',
  }),
  E0207: entry<{ text: string; what: string }>({
    name: 'invalid-number',
    severity: 'error',
    message: (p) => `\`${p.text}\` is not a valid ${p.what}`,
    explain: 'Numbers are decimal (`1024`), hexadecimal (`0x10000000`) or octal (`0o1777`), non-negative and at most 2^53-1.',
  }),
  E0208: entry<{ text: string }>({
    name: 'invalid-size',
    severity: 'error',
    message: (p) => `\`${p.text}\` is not a valid size`,
    explain: 'Sizes are a whole number followed by a binary unit: `B`, `KiB`, `MiB`, `GiB`, `TiB`, or Docker\'s one-letter forms `k`, `m`, `g` (also binary). `512MiB` is 536870912 bytes. Decimal units such as `MB` are refused because Docker reads them as binary, which would make the policy say something else than it means.',
  }),
  E0209: entry<{ statement: string }>({
    name: 'missing-required',
    severity: 'error',
    message: (p) => `the workload has no \`${p.statement}\``,
    explain: 'Every workload must name its image. It may come from a base policy it extends.',
  }),
  E0210: entry<{ text: string; what: string; choices: string }>({
    name: 'invalid-choice',
    severity: 'error',
    message: (p) => `\`${p.text}\` is not a valid ${p.what}; expected ${p.choices}`,
    explain: 'The statement takes one of a fixed set of words, listed in the message.',
  }),
  E0211: entry<{ rule: string }>({
    name: 'suppression-without-reason',
    severity: 'error',
    message: (p) => `\`ignore ${p.rule}\` has no reason`,
    explain: 'A lint suppression hides a finding from the exit code and the score, so it must say why, in quotes: `lint { ignore SPL102 "nginx binds :80 as root, then drops to uid 101" }`. The reason is shown with the suppressed finding in every lint report.',
  }),

  // ── E03xx: names ─────────────────────────────────────────────────────────────────────────────
  E0301: entry<{ name: string }>({
    name: 'unknown-capability',
    severity: 'error',
    message: (p) => `unknown capability \`${p.name}\``,
    explain: 'Capabilities are the 41 Linux capabilities of capabilities(7), written with or without `CAP_`, in any case: `NET_BIND_SERVICE`, `cap_chown`. Everything not added is dropped.',
  }),
  E0302: entry<{ name: string }>({
    name: 'unknown-syscall',
    severity: 'error',
    message: (p) => `unknown syscall \`${p.name}\``,
    explain: 'Syscall names are checked against the syscall tables of the target architectures (from libseccomp). A name that exists on no target architecture is an error: it would silently match nothing.',
  }),
  E0303: entry<{ name: string; arch: string }>({
    name: 'syscall-not-on-arch',
    severity: 'error',
    message: (p) => `syscall \`${p.name}\` does not exist on ${p.arch}`,
    explain: 'Some syscalls exist only on some architectures (`open` and `fork` are absent on aarch64, which only has `openat` and `clone`). runc would silently ignore such a name, so secpol refuses it when written by name. Use the portable syscall, or restrict the policy\'s `arch`.',
  }),
  E0304: entry<{ name: string }>({
    name: 'unknown-syscall-group',
    severity: 'error',
    message: (p) => `unknown syscall group \`@${p.name}\``,
    explain: 'Syscall groups are written `@name`; docs/language.md lists them with their contents.',
  }),
  E0305: entry<{ name: string }>({
    name: 'unknown-constant',
    severity: 'error',
    message: (p) => `unknown constant \`${p.name}\``,
    explain: 'Argument conditions may use numbers or named constants such as `AF_INET`, `CLONE_NEWUSER`, `PROT_EXEC`; docs/language.md lists the families.',
  }),
  E0306: entry<{ name: string }>({
    name: 'unknown-errno',
    severity: 'error',
    message: (p) => `unknown errno \`${p.name}\``,
    explain: 'An errno is a name such as `EPERM`, `EACCES`, `ENOSYS`, or a number from 1 to 4095.',
  }),
  E0307: entry<{ name: string }>({
    name: 'unknown-architecture',
    severity: 'error',
    message: (p) => `unknown architecture \`${p.name}\``,
    explain: 'Target architectures are `x86_64` and `aarch64`, with the 32-bit companions `x86` and `x32` (of x86_64) and `arm` (of aarch64) when 32-bit programs must run.',
  }),
  E0308: entry<{ name: string }>({
    name: 'unknown-preset',
    severity: 'error',
    message: (p) => `unknown preset \`${p.name}\``,
    explain: 'Built-in presets are extended with `extends preset NAME`; docs/language.md lists them.',
  }),
  E0309: entry<{ name: string }>({
    name: 'unknown-lint-rule',
    severity: 'error',
    message: (p) => `unknown lint rule \`${p.name}\``,
    explain: 'A `lint { ignore RULE … }` suppression names a rule of `secpol lint` by its id (`SPL101`) or its name (`dangerous-capability`); docs/lint.md lists them.',
  }),

  E0399: entry<{ name: string }>({
    name: 'reserved-network-name',
    severity: 'error',
    message: (p) => `\`${p.name}\` is a network mode, not a network to join`,
    explain: 'Docker reserves the network names `none`, `host` and `bridge` for its own modes, and Compose `default` for the project\'s own network: none of them can be created, made internal or joined by name. Write the mode instead (`mode bridge`, `network none`), or give the network a name of its own (`join backend`).',
  }),

  // ── E04xx: conflicts ─────────────────────────────────────────────────────────────────────────
  E0401: entry<{ what: string }>({
    name: 'duplicate-entry',
    severity: 'error',
    message: (p) => `${p.what} is listed more than once`,
    explain: 'A policy is read in review: each grant is written once. Remove the repeated entry.',
  }),
  E0402: entry<{ name: string }>({
    name: 'conflicting-syscall-rule',
    severity: 'error',
    message: (p) => `syscall \`${p.name}\` is both allowed and denied`,
    explain: 'In one policy file a syscall is either allowed or denied without a condition. A deny with a condition beside an allow is an exception to it: `allow @network-client` with `deny socket if arg0 == AF_PACKET` allows every socket but AF_PACKET ones. (A policy that extends another may deny what its base allows: the child wins.)',
  }),
  E0403: entry<{ capability: string; syscalls: string }>({
    name: 'capability-needs-denied-syscall',
    severity: 'error',
    message: (p) => `capability \`${p.capability}\` is granted, but the seccomp policy denies ${p.syscalls}, which it exists for`,
    explain: 'Granting a capability whose only purpose is a syscall that the filter denies is a contradiction: either the grant is unneeded (remove it) or the syscall must be allowed.',
  }),
  E0404: entry<{ port: string }>({
    name: 'port-published-twice',
    severity: 'error',
    message: (p) => `port ${p.port} is published more than once`,
    explain: 'A host address and port can be bound by one mapping only, and a container port is listed once per protocol and host address.',
  }),
  E0405: entry<{ target: string; other: string }>({
    name: 'overlapping-mount',
    severity: 'error',
    message: (p) => `mount at \`${p.target}\` overlaps the mount at \`${p.other}\``,
    explain: 'Two mounts on the same path, or one inside another, make the result depend on mount order. Give each mount its own directory.',
  }),

  E0406: entry<{ index: number }>({
    name: 'repeated-argument',
    severity: 'error',
    message: (p) => `argument ${p.index} is compared more than once in one rule`,
    explain: 'Seccomp compares each argument once per rule: runc and libseccomp turn two comparisons of the same argument into two rules, which allow the syscall when EITHER matches. To allow several values write `argN in [A, B]`; a range (`arg0 >= 1 and arg0 <= 5`) cannot be expressed.',
  }),

  E0407: entry<Record<string, never>>({
    name: 'hostname-with-host-uts',
    severity: 'error',
    message: () => 'a hostname cannot be set while the workload shares the host\'s UTS namespace',
    explain: 'The hostname lives in the UTS namespace: with `uts host` it is the host\'s own, and Docker and runc both refuse to set it. Remove `hostname`, or keep `uts private`.',
  }),

  E0408: entry<{ kind: 'uid' | 'gid'; side: 'container' | 'host'; other: string }>({
    name: 'overlapping-id-mapping',
    severity: 'error',
    message: (p) => `this ${p.kind} mapping overlaps \`${p.other}\` on the ${p.side} side`,
    explain: 'The ranges of a user namespace map may not overlap, neither the container ids nor the host ids: the kernel refuses such a map when runc writes /proc/PID/uid_map (user_namespaces(7)). Give each range its own ids.',
  }),

  E0409: entry<{ problem: string }>({
    name: 'id-mapping-without-user-namespace',
    severity: 'error',
    message: (p) => p.problem,
    explain: 'uid and gid mappings belong to a private user namespace: `namespaces { user private  uid-map 0 -> 100000 count 65536 }`. Mappings without `user private` would mean nothing, and a private user namespace without a uid mapping has no users at all: runc refuses to start it.',
  }),

  E0410: entry<{ what: string; id: number }>({
    name: 'user-not-mapped',
    severity: 'error',
    message: (p) => `the workload's ${p.what} ${p.id} is not mapped in its user namespace`,
    explain: 'The workload runs as its `user` (and `groups`) inside the user namespace; an id outside every mapping cannot be used there, and runc fails to start the process. Map it with `uid-map`/`gid-map`, or change the user.',
  }),

  E0411: entry<{ path: string; how: string }>({
    name: 'relabel-of-system-path',
    severity: 'error',
    message: (p) => `\`relabel ${p.how}\` would relabel the host's \`${p.path}\``,
    explain: 'Relabelling changes the SELinux label of the mount\'s source on the host, for every program that uses it. On a system directory (`/`, `/etc`, `/usr`, `/home`, `/var` and the others Docker\'s SELinux library refuses) that breaks the host: with `private`, host services lose access to it. Bind a directory of the workload\'s own instead, e.g. `/srv/app/data`.',
  }),

  E0412: entry<{ value: string; index: number; name: string; bits: number }>({
    name: 'value-wider-than-argument',
    severity: 'error',
    message: (p) => `${p.value} does not fit arg${p.index} of \`${p.name}\`, which the kernel reads as ${p.bits} bits`,
    explain: 'The kernel reads an argument declared `int` or `unsigned int` only in its low 32 bits (`umode_t` in 16), so a value with higher bits set can never be what the call means, and a comparison with it would test bits the kernel ignores. secpol compares such arguments on exactly the bits the kernel reads (docs/mapping.md). Write the value the kernel sees: its low bits.',
  }),
  E0413: entry<{ index: number; name: string; count: number }>({
    name: 'argument-out-of-range',
    severity: 'error',
    message: (p) => `\`${p.name}\` takes ${p.count === 0 ? 'no arguments' : p.count === 1 ? 'one argument' : `${p.count} arguments`}, so arg${p.index} means nothing`,
    explain: 'A condition compares an argument of the call; past the call\'s last argument the register holds whatever the caller left in it, which the kernel never reads. Compare an argument the call has (its prototype is in the syscall\'s man page).',
  }),
  E0414: entry<{ index: number; name: string; op: string }>({
    name: 'argument-width-unknown',
    severity: 'error',
    message: (p) => `secpol does not know how wide arg${p.index} of \`${p.name}\` is, so \`${p.op}\` cannot be tested soundly on it`,
    explain: 'seccomp compares all 64 bits of an argument, while the kernel may read only the low 32 (or 16): then `!=`, `<`, `>` and their kind can be slipped past by setting a high bit. secpol knows the width of every argument of the calls in its table (from the kernel\'s syscall declarations); for a call outside it only `==`, `in [ … ]` and `& MASK == V` are allowed, which at worst refuse a call with stray high bits.',
  }),
  E0415: entry<{ name: string; reason: string }>({
    name: 'condition-not-expressible',
    severity: 'error',
    message: (p) => `the rules for \`${p.name}\` cannot be expressed in one seccomp filter: ${p.reason}`,
    explain: 'A seccomp rule ANDs at most one comparison per argument, and rules OR. secpol lowers every condition to such rules, on the bits the kernel reads; a deny with a condition beside an allow becomes allow rules for everything the deny leaves (docs/mapping.md). A few combinations of comparisons on one 64-bit argument (a range, or several excluded values) have no such form, and very large combinations would make the filter too long. Split the call\'s conditions so that each argument is compared with one value or mask, or compare a different argument.',
  }),
  E0416: entry<{ name: string }>({
    name: 'nothing-to-unrestrict',
    severity: 'error',
    message: (p) => `\`unrestricted\` lifts nothing from \`${p.name}\``,
    explain: '`allow NAME unrestricted` lifts the argument restriction secpol puts on a call by default (today only `clone`, which otherwise may not create namespaces). Other calls have none, and a rule with conditions of its own is not restricted by secpol. Remove the word.',
  }),

  E0417: entry<{ network: string; workload: string; how: string; other: string; otherHow: string }>({
    name: 'stack-network-conflict',
    severity: 'error',
    message: (p) => `workload \`${p.workload}\` joins network \`${p.network}\` ${p.how}, but workload \`${p.other}\` joins it ${p.otherHow}`,
    explain:
      'A Compose stack (`secpol build --compose-stack FILE`) declares each network once, for every service that joins it, and the engine has one network of that name: it is internal (no route out) or it is not. Two policies of the batch that join the same network must agree: write `join NAME internal` in both, or in neither. Nothing is written until they do.',
  }),

  E0498: entry<{ port: string }>({
    name: 'port-on-internal-network',
    severity: 'error',
    message: (p) => `port ${p.port} is published, but every network the workload joins is internal`,
    explain: 'An internal network has no route to or from the host: Docker publishes a port through a network that has one, and a container whose every network is `internal` gets no published port at all. Join a network that is not internal as well (`join frontend`) for the port to be reachable, or remove the `publish` and let the other members of the internal network reach the service directly.',
  }),

  E0499: entry<{ mode: string }>({
    name: 'join-with-mode',
    severity: 'error',
    message: (p) => `\`join\` cannot be combined with \`mode ${p.mode}\``,
    explain: 'A workload is either in a network mode (`mode none`, `mode bridge`, `mode host`, or `mode NAME` for a network that already exists) or joins the networks the policy describes with `join NAME [internal]`: the two say different things about the same setting. With `none` or `host` there is no network to join at all. Keep the one you mean.',
  }),

  // ── E05xx: paths, addresses, ports ───────────────────────────────────────────────────────────
  E0501: entry<{ path: string }>({
    name: 'relative-path',
    severity: 'error',
    message: (p) => `path \`${p.path}\` is not absolute`,
    explain: 'Paths in a policy are absolute paths inside the container (bind sources: on the host), starting with `/`.',
  }),
  E0502: entry<{ path: string; why: string }>({
    name: 'invalid-path',
    severity: 'error',
    message: (p) => `invalid path \`${p.path}\`: ${p.why}`,
    explain: 'A path may not contain `..` or `.` components, empty components, control characters, quotes, backslashes, or the AppArmor pattern characters `{ } [ ] ^`; mount paths may not contain `,` or `:` (Docker\'s mount syntax uses them) nor globs. Globs `*`, `**` and `?` are allowed in `read`, `write`, `exec` and `deny` rules.',
  }),
  E0503: entry<{ text: string }>({
    name: 'invalid-port',
    severity: 'error',
    message: (p) => `invalid port \`${p.text}\``,
    explain: 'Ports are 1–65535, with an optional `/tcp` or `/udp` (default tcp). `publish [HOST_IP:][HOST_PORT] -> PORT[/PROTO]`.',
  }),
  E0504: entry<{ text: string }>({
    name: 'invalid-address',
    severity: 'error',
    message: (p) => `invalid host address \`${p.text}\``,
    explain: 'A published port binds to an IPv4 address such as `127.0.0.1`, or an IPv6 address in brackets such as `[::1]`.',
  }),
  E0505: entry<{ text: string; why: string }>({
    name: 'invalid-value',
    severity: 'error',
    message: (p) => `invalid value \`${p.text}\`: ${p.why}`,
    explain: 'The value has characters that the artifacts cannot carry safely (control characters such as newlines, or NUL), or is empty where a value is needed.',
  }),
  E0506: entry<{ what: string; why: string }>({
    name: 'id-mapping-out-of-range',
    severity: 'error',
    message: (p) => `${p.what} ${p.why}`,
    explain: 'A mapping covers `count` ids from its container id and from its host id. The count must be at least 1, and the last id on each side at most 4294967294: the kernel keeps ids in 32 bits and reserves 4294967295 as "no id" (user_namespaces(7)). A map holds at most 340 ranges.',
  }),

  E0508: entry<{ why: string }>({
    name: 'invalid-image-reference',
    severity: 'error',
    message: (p) => `this is not an image reference Docker accepts: ${p.why}`,
    explain: 'An image is named as `docker pull` takes it: `[REGISTRY[:PORT]/]PATH[:TAG][@DIGEST]`. PATH is one or more lower-case components of letters and digits joined by `.`, `_`, `__` or `-`, separated by `/`, at most 255 characters with the registry; a tag is at most 128 letters, digits, `_`, `.` and `-`; a digest is `ALGORITHM:HEX`. Docker refuses any other reference when the container is created; secpol refuses it at its line.',
  }),
  E0507: entry<{ part: string; text: string; why: string }>({
    name: 'invalid-selinux-label',
    severity: 'error',
    message: (p) => `invalid SELinux ${p.part} \`${p.text}\`: ${p.why}`,
    explain: 'A label is `user:role:type:level`, and each part is written on its own: `user`, `role` and `type` are SELinux identifiers (letters, digits and `_`, such as `system_u`, `system_r`, `container_t`); `level` is an MLS/MCS level such as `s0` or `"s0:c100,c200"` (sensitivities s0–s15, categories c0–c1023, `,` between categories and `.` for a range). Anything else could shift the parts of the label that Docker and config.json build from them.',
  }),

  // ── E06xx: limits ────────────────────────────────────────────────────────────────────────────
  E0601: entry<{ what: string; why: string }>({
    name: 'limit-out-of-range',
    severity: 'error',
    message: (p) => `${p.what} ${p.why}`,
    explain: 'Limits must be accepted by the engines: Docker refuses a memory limit under 6 MiB; memory-swap counts memory plus swap, so it cannot be below memory; a reservation above the limit is never met; cpus must be positive; pids at least 1; cpu-shares 2–262144; a ulimit\'s soft value cannot exceed its hard value.',
  }),
  E0602: entry<{ name: string }>({
    name: 'unknown-ulimit',
    severity: 'error',
    message: (p) => `unknown ulimit \`${p.name}\``,
    explain: 'Ulimits are the setrlimit(2) resources by Docker\'s names: core, cpu, data, fsize, locks, memlock, msgqueue, nice, nofile, nproc, rss, rtprio, rttime, sigpending, stack.',
  }),
  E0603: entry<{ name: string }>({
    name: 'oom-knob-refused',
    severity: 'error',
    message: (p) => `\`${p.name}\` cannot be set in a policy`,
    explain: 'secpol leaves the out-of-memory killer\'s choice to the kernel. `oom-kill-disable` makes the workload immune: under memory pressure its cgroup stalls instead, and without a memory limit the host itself runs out. A negative `oom-score-adj` makes the kernel kill other processes, even host services, before this one. Keep the workload within its `memory` limit instead, where the kernel kills only inside its cgroup.',
  }),

  // ── E07xx: extends ───────────────────────────────────────────────────────────────────────────
  E0701: entry<{ chain: string }>({
    name: 'extends-cycle',
    severity: 'error',
    message: (p) => `policies extend each other in a cycle: ${p.chain}`,
    explain: 'A policy may extend a base, which may extend another, but never itself through the chain.',
  }),
  E0702: entry<{ path: string }>({
    name: 'extends-not-found',
    severity: 'error',
    message: (p) => `cannot read base policy \`${p.path}\``,
    explain: '`extends "PATH"` names a policy file relative to the file that extends it.',
  }),
  E0703: entry<Record<string, never>>({
    name: 'extends-misplaced',
    severity: 'error',
    message: () => '`extends` must come before the workload block',
    explain: 'Write `extends "./base.secpol"` (or `extends preset NAME`) at the top of the file, outside `workload { }`.',
  }),
  E0704: entry<{ path: string }>({
    name: 'extends-absolute',
    severity: 'error',
    message: (p) => `\`extends\` takes a path relative to this file, not \`${p.path}\``,
    explain: 'A base is named relative to the policy that extends it (`extends "./shared/base.secpol"`), so a policy means the same in every checkout and cannot name files elsewhere on the machine that checks it. Write the path from this file\'s folder.',
  }),
  E0705: entry<{ path: string; root: string }>({
    name: 'extends-outside-root',
    severity: 'error',
    message: (p) => `base \`${p.path}\` is outside \`${p.root}\`, where this policy's bases must be`,
    explain: 'A policy may extend only files under its root: the folder of the policy being built, or the folder given with `--root` (for shared bases elsewhere in a repository). A path that climbs out with `..`, or a symbolic link that points out, is refused, so that a policy from a pull request cannot make secpol read and quote files such as `/etc/passwd` or a CI secret. Move the base under the root, or give a wider root: `secpol build --root . team/app.secpol`.',
  }),
  E0706: entry<{ path: string; kind: string }>({
    name: 'extends-not-a-file',
    severity: 'error',
    message: (p) => `base \`${p.path}\` is ${p.kind}, not a policy file`,
    explain: 'A base is a regular file. secpol does not read directories, devices, FIFOs or sockets: a device such as /dev/zero never ends and a FIFO may never answer.',
  }),
  E0707: entry<{ path: string; why: string }>({
    name: 'extends-not-a-policy',
    severity: 'error',
    message: (p) => `base \`${p.path}\` is not a secpol policy: ${p.why}`,
    explain: 'A base is a policy: UTF-8 text of at most 1 MiB whose first statement is `extends` or `workload`. A file that is not (an environment file, a password file, a binary) is refused with this one diagnostic, and none of its content is shown, so that naming such a file in `extends` cannot print it into a CI log.',
  }),

  // ── E08xx / W08xx: `secpol import` (reading docker run lines, Compose files, seccomp profiles) ──
  E0801: entry<{ format: string; why: string }>({
    name: 'import-unreadable',
    severity: 'error',
    message: (p) => `cannot read this as ${p.format}: ${p.why}`,
    explain: '`secpol import` reads a `docker run` command line, a Compose file, a Docker seccomp profile (JSON) or a Security Profiles Operator `SeccompProfile` (YAML). The input could not be read as the format named (a YAML or JSON syntax error, no `docker run` in the text, no `services` in a Compose file, a profile without `syscalls`). Nothing is written. Check the file, or name its format with `--as`.',
  }),
  E0802: entry<{ flag: string }>({
    name: 'import-unknown-flag',
    severity: 'error',
    message: (p) => `\`${p.flag}\` is not an option of \`docker run\``,
    explain: 'The option is not one `docker run` accepts, so Docker would refuse the line too. A frequent cause is text copied from a web page, where `--` became a typographic dash (`–` or `—`). Nothing is written; correct the line (the help names the nearest option) and import it again.',
  }),
  E0803: entry<{ what: string; value: string; why: string }>({
    name: 'import-invalid-value',
    severity: 'error',
    message: (p) => `invalid ${p.what} \`${p.value}\`: ${p.why}`,
    explain: 'The value is one the engine itself would refuse (a capability that does not exist, such as `CAP_NET_BIND_HIGH`, a size or a port that does not parse, an option without its value). `secpol import` stops rather than guess what was meant, and writes nothing. Correct the value in the source and import it again.',
  }),
  W0801: entry<{ setting: string; how: string }>({
    name: 'import-kept-unsafe',
    severity: 'warning',
    message: (p) => `kept as it was: ${p.setting}, written \`${p.how}\` in the policy`,
    explain: 'The import is faithful: the policy builds artifacts that run the workload with the settings it had, including the engine\'s unsafe defaults (Docker\'s default capabilities, a writable root, the root user, no memory or process limits, host namespaces). Each one is written out in the policy\'s own words so that it is visible; `secpol lint` then says why it matters and `secpol diff` shows what tightening it changes.',
  }),
  W0802: entry<{ option: string; why: string }>({
    name: 'import-not-carried',
    severity: 'warning',
    message: (p) => `\`${p.option}\` is not carried into the policy: ${p.why}`,
    explain: 'The option has no statement in the secpol language (devices, `--privileged`, `--env-file`, CPU sets, a seccomp action such as `SCMP_ACT_NOTIFY` …), so the policy cannot say it and the artifacts built from it will not have it. It is listed here so that nothing is dropped silently: decide whether the workload needs it, and keep it in the team\'s own run script or Compose file if it does.',
  }),
  W0803: entry<{ option: string }>({
    name: 'import-left-to-team',
    severity: 'warning',
    message: (p) => `\`${p.option}\` is not a security setting: it is left to the team's own file`,
    explain: 'Options that decide how a container is operated rather than what it may do (restart policy, health checks, `depends_on`, labels, logging, `--rm`, `-d`, `-it` …) are not part of a security policy. secpol\'s Compose fragment and `docker run` flags are merged into the team\'s own Compose file or script, which keeps them; see docs/import.md.',
  }),
  W0804: entry<{ setting: string; how: string }>({
    name: 'import-approximated',
    severity: 'warning',
    message: (p) => `carried approximately, ${p.setting}: ${p.how}`,
    explain: 'The language can say this setting only in a form that differs in a detail (Docker\'s default seccomp profile is `@docker-default` plus the calls the granted capabilities unlock, but without its rules on arguments; secpol always sets the `core` and `nofile` ulimits and a CPU limit). The difference is named in the message, so it is a decision, not a surprise; docs/import.md lists each one.',
  }),
  W0805: entry<{ text: string }>({
    name: 'import-unexpanded-variable',
    severity: 'warning',
    message: (p) => `\`${p.text}\` is a shell variable: it is imported as the text it is, not as its value`,
    explain: '`secpol import` reads a command line as text and never looks at the environment, so `$VAR` and `${VAR}` are kept literally. Replace them in the policy with the values the workload runs with.',
  }),

  // ── E09xx: the compiler itself ───────────────────────────────────────────────────────────────
  E0901: entry<{ detail: string }>({
    name: 'internal-error',
    severity: 'error',
    message: (p) => `internal compiler error: ${p.detail}`,
    explain: 'secpol hit a bug. Nothing was written. Please report it with the policy that triggered it.',
  }),
} as const;

/** A diagnostic code. */
export type Code = keyof typeof CATALOG;
/** The parameters a code's message takes. */
export type ParamsOf<C extends Code> = (typeof CATALOG)[C] extends Entry<infer P> ? P : never;

/** Finds a catalog entry by code (`E0301`) or by name (`unknown-capability`). */
export function lookupCode(codeOrName: string): { code: Code; entry: Entry<never> } | undefined {
  const up = codeOrName.toUpperCase();
  for (const [code, e] of Object.entries(CATALOG)) {
    if (code === up || e.name === codeOrName.toLowerCase()) return { code: code as Code, entry: e as Entry<never> };
  }
  return undefined;
}
