/**
 * Every free-form value is data in every artifact: control characters (newline, NUL, escape …)
 * could end a line of the AppArmor profile or of docker-run.txt, so they are refused at the value.
 * Names that become keys or file names have stricter shapes (env names, hostnames, sysctl names).
 */
import type { Spanned } from '../../source.js';
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Check } from '../check.js';
import { MAX_ARG_BYTES } from '../../limits.js';

// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u001f\u007f]/;

const encoder = new TextEncoder();

const show = (s: string): string => JSON.stringify(s).slice(1, -1);

/** Values may not contain control characters, arguments and env strings fit the kernel's MAX_ARG_STRLEN; env names, hostnames and sysctl names have their shapes (images: image-reference-is-valid). */
export const valuesAreSafe: Check = {
  name: 'values-are-safe',
  run: ({ workload: w }) => {
    const out: Diagnostic[] = [];
    const plain = (v: Spanned<string> | null, what: string): void => {
      if (v && CONTROL.test(v.value)) out.push(diag('E0505', v.span, { text: show(v.value), why: `${what} may not contain control characters such as newlines` }));
      else if (v && v.value === '') out.push(diag('E0505', v.span, { text: '', why: `${what} is empty` }));
    };
    const shaped = (v: Spanned<string> | null, re: RegExp, why: string): void => {
      if (v && !re.test(v.value)) out.push(diag('E0505', v.span, { text: show(v.value), why }));
    };
    plain(w.image, 'an image reference');
    const tooLong = (s: string): boolean => s.length > MAX_ARG_BYTES / 3 && encoder.encode(s).length > MAX_ARG_BYTES;
    const long = (s: string): string => `${show(s.slice(0, 40))}…`;
    for (const list of [w.command, w.entrypoint]) {
      if (list && list.value.some((a) => CONTROL.test(a))) out.push(diag('E0505', list.span, { text: show(list.value.find((a) => CONTROL.test(a))!), why: 'arguments may not contain control characters such as newlines' }));
      else if (list && list.value.some(tooLong)) out.push(diag('E0505', list.span, { text: long(list.value.find(tooLong)!), why: `an argument is longer than ${MAX_ARG_BYTES} bytes, which the kernel refuses to execute (MAX_ARG_STRLEN)` }));
    }
    for (const e of w.env) {
      shaped(e.name, /^[A-Za-z_][A-Za-z0-9_]*$/, 'environment variable names are letters, digits and `_`, not starting with a digit');
      if (CONTROL.test(e.value.value)) plain(e.value, 'an environment value');
      else if (tooLong(`${e.name.value}=${e.value.value}`)) out.push(diag('E0505', e.value.span, { text: long(e.value.value), why: `\`NAME=value\` is longer than ${MAX_ARG_BYTES} bytes, which the kernel refuses to pass to a program (MAX_ARG_STRLEN)` }));
    }
    shaped(w.hostname, /^(?=.{1,63}$)[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?$/, 'a hostname is one label of letters, digits and `-` (RFC 1123), at most 63 characters');
    for (const s of w.sysctls) {
      shaped(s.name, /^[a-z0-9_]+(?:[./][a-z0-9_-]+)+$/, 'sysctl names are dotted, like `net.ipv4.ip_unprivileged_port_start`');
      shaped(s.value, /^[A-Za-z0-9_.:\/ -]+$/, 'sysctl values are plain words and numbers');
    }
    return out;
  },
};
