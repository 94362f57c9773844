/**
 * The image is a reference Docker and Compose accept: `[DOMAIN[:PORT]/]PATH[:TAG][@DIGEST]`, with
 * the shapes of Docker's reference grammar (lower-case path components joined by `.`, `_`, `__` or
 * dashes; a tag of at most 128 word characters, dots and dashes; a digest `ALGORITHM:HEX`, at least
 * 32 hex digits) and at most 255 characters of name. A reference the engines would refuse fails here,
 * at its line, instead of at `docker run`.
 */
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { Check } from '../check.js';

const PATH_COMPONENT = /^[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*$/;
const DOMAIN = /^(?:localhost|(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)(?:\.(?:[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?))*|\[[0-9A-Fa-f:]+\])(?::[0-9]{1,5})?$/;
const TAG = /^[\w][\w.-]{0,127}$/;
const DIGEST = /^[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}$/;
const MAX_NAME = 255;
const MAX_REFERENCE = 1024;

/** Why `ref` is not an image reference, or null. */
export function imageProblem(ref: string): string | null {
  if (ref.length > MAX_REFERENCE) return `it is ${ref.length} characters long; a reference is a name of at most ${MAX_NAME}, a tag and a digest`;
  let rest = ref;
  const at = rest.indexOf('@');
  if (at >= 0) {
    const digest = rest.slice(at + 1);
    if (!DIGEST.test(digest)) return 'a digest is `ALGORITHM:HEX`, e.g. `sha256:` and 64 hex digits';
    rest = rest.slice(0, at);
  }
  const slash = rest.lastIndexOf('/');
  const colon = rest.lastIndexOf(':');
  if (colon > slash) {
    const tag = rest.slice(colon + 1);
    if (!TAG.test(tag)) return 'a tag is at most 128 letters, digits, `_`, `.` and `-`, not starting with `.` or `-`';
    rest = rest.slice(0, colon);
  }
  if (rest.length === 0) return 'it has no name';
  if (rest.length > MAX_NAME) return `its name is ${rest.length} characters long; Docker allows at most ${MAX_NAME}`;
  const parts = rest.split('/');
  const first = parts[0]!;
  // As Docker decides: the first component is a registry when it has a `.` or `:`, or is localhost.
  if (parts.length > 1 && (first.includes('.') || first.includes(':') || first === 'localhost' || first !== first.toLowerCase())) {
    if (!DOMAIN.test(first)) return `\`${first}\` is not a registry host (\`HOST[:PORT]\`)`;
    parts.shift();
  }
  for (const p of parts) {
    if (p === '') return 'it has an empty path component (`//`, or a `/` at an end)';
    if (!PATH_COMPONENT.test(p)) return `\`${p}\` is not a path component: lower-case letters and digits, joined by \`.\`, \`_\`, \`__\` or \`-\``;
  }
  return null;
}

/** The workload's image is a reference the engines accept. */
export const imageReferenceIsValid: Check = {
  name: 'image-reference-is-valid',
  run: ({ workload: w }) => {
    const out: Diagnostic[] = [];
    // An empty image, or one with control characters, is values-are-safe's to report.
    // eslint-disable-next-line no-control-regex
    if (w.image && w.image.value !== '' && !/[\u0000-\u001f\u007f]/.test(w.image.value)) {
      const why = imageProblem(w.image.value);
      if (why) out.push(diag('E0508', w.image.span, { why }, { help: 'write it as `docker pull` takes it: `nginx:1.27`, `registry.example.com:5000/team/app:2.1`, `busybox@sha256:…`' }));
    }
    return out;
  },
};
