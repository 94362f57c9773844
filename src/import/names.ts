/** The workload name a policy gets from an image, a container or a service name. */

/**
 * A name the language accepts (`[a-z0-9][a-z0-9_.-]*`, at most 63 characters) made from `text`: the
 * last path component of an image without its tag or digest, lower-cased, other characters as `-`.
 */
export function workloadNameFrom(text: string): string {
  const last = text.replace(/@.*$/, '').split('/').pop() ?? '';
  const bare = last.replace(/:[^:]*$/, '');
  const name = bare.toLowerCase().replace(/[^a-z0-9_.-]+/g, '-').replace(/^[^a-z0-9]+/, '').slice(0, 63).replace(/[^a-z0-9]+$/, '');
  return name === '' ? 'workload' : name;
}
