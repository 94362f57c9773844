/**
 * A network is joined once: Docker attaches a container to a network with one endpoint, and a
 * second `join` of the same name either repeats the first or contradicts it (`internal` or not).
 */
import { diag, type Diagnostic } from '../../diagnostics/diagnostic.js';
import type { JoinAst } from '../../ast.js';
import type { Check } from '../check.js';

/** No network is joined twice. */
export const networksAreJoinedOnce: Check = {
  name: 'networks-are-joined-once',
  run: ({ workload: w }) => {
    const out: Diagnostic[] = [];
    const seen = new Map<string, JoinAst>();
    for (const j of w.network.joins) {
      const first = seen.get(j.name.value);
      if (!first) {
        seen.set(j.name.value, j);
        continue;
      }
      const differs = (first.internal !== null) !== (j.internal !== null);
      out.push(
        diag(
          'E0401',
          j.name.span,
          { what: `network \`${j.name.value}\`` },
          {
            labels: [{ span: first.span, message: 'first joined here' }],
            help: differs ? 'a network is internal for every member or for none: keep one `join`, with or without `internal`' : 'remove the repeated `join`',
          },
        ),
      );
    }
    return out;
  },
};
