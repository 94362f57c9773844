/** Every workload names its image (itself or through a base): the Compose service and docker run need one. */
import { diag } from '../../diagnostics/diagnostic.js';
import type { Check } from '../check.js';

/** The workload has an `image`. */
export const imageIsSet: Check = {
  name: 'image-is-set',
  run: ({ workload: w }) => (w.image ? [] : [diag('E0209', w.name.span, { statement: 'image' }, { help: 'add `image "NAME:TAG"` to the workload block' })]),
};
