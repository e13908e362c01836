import { Kind, visit, type DocumentNode, type ValueNode } from 'graphql';
import { PAGE_ARGUMENT } from './cost';

/**
 * The variables an operation's cost estimate can depend on: those passed as a connection's page
 * size (`first`, the only argument the estimators read) or to @skip/@include (the estimator
 * follows them). Any other variable — ids, filters, regions — leaves the estimate unchanged, so a
 * dashboard asking for a different instance each time is priced once. Read from the whole
 * document (every operation and fragment): naming one too many only prices a little more often.
 */
export function costVariables(document: DocumentNode): string[] {
  const names = new Set<string>();
  const collect = (value: ValueNode): void => {
    if (value.kind === Kind.VARIABLE) names.add(value.name.value);
    else if (value.kind === Kind.LIST) value.values.forEach(collect);
    else if (value.kind === Kind.OBJECT) for (const f of value.fields) collect(f.value);
  };
  visit(document, {
    Field(node) {
      for (const a of node.arguments ?? []) if (a.name.value === PAGE_ARGUMENT) collect(a.value);
    },
    Directive(node) {
      if (node.name.value === 'skip' || node.name.value === 'include') for (const a of node.arguments ?? []) collect(a.value);
    },
  });
  return [...names].sort();
}
