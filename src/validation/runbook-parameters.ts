import type { FieldProblem } from '../errors/gateway-error';
import type { RunbookParameter } from '../schema/runbook.type';

export interface GivenParameter {
  name: string;
  values: string[];
}

const INTEGER = /^-?\d+$/;

/**
 * Check start parameters against the runbook's declared ones — unknown names, missing required
 * ones, wrong types, values outside allowedValues / allowedPattern — and report every problem at
 * once, so a user fixes the form in one go instead of one AWS round trip per mistake. Values are
 * never repeated in a message (a runbook parameter may be a password).
 */
export function runbookParameterProblems(
  declared: RunbookParameter[],
  given: GivenParameter[],
  options: { suppliedByTargets?: string | null } = {},
): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const byName = new Map(declared.map((p) => [p.name, p]));
  const seen = new Set<string>();
  given.forEach((g, i) => {
    const field = `parameters[${i}]`;
    if (seen.has(g.name)) problems.push({ field, message: `parameter ${g.name} is given twice` });
    seen.add(g.name);
    const decl = byName.get(g.name);
    if (!decl) {
      problems.push({ field, message: `unknown parameter ${g.name}; the runbook declares: ${[...byName.keys()].join(', ') || 'none'}` });
      return;
    }
    const single = ['String', 'Integer', 'Boolean'].includes(decl.type);
    if (single && g.values.length !== 1) problems.push({ field, message: `${g.name} is a ${decl.type}: give exactly one value` });
    for (const v of g.values) {
      if (decl.type === 'Integer' && !INTEGER.test(v)) problems.push({ field, message: `${g.name} must be an integer` });
      if (decl.type === 'Boolean' && v !== 'true' && v !== 'false') problems.push({ field, message: `${g.name} must be true or false` });
      if (decl.type === 'MapList' || decl.type === 'StringMap') {
        try {
          JSON.parse(v);
        } catch {
          problems.push({ field, message: `${g.name} must be JSON (${decl.type})` });
        }
      }
      if (decl.allowedValues.length && !decl.allowedValues.includes(v)) {
        problems.push({ field, message: `${g.name} must be one of ${decl.allowedValues.join(' | ')}` });
      }
      if (decl.allowedPattern && !safeTest(decl.allowedPattern, v)) {
        problems.push({ field, message: `${g.name} must match ${decl.allowedPattern}` });
      }
    }
  });
  for (const decl of declared) {
    if (decl.required && !seen.has(decl.name) && decl.name !== options.suppliedByTargets) {
      problems.push({ field: 'parameters', message: `missing required parameter ${decl.name}` });
    }
  }
  return problems;
}

function safeTest(pattern: string, value: string): boolean {
  try {
    return new RegExp(pattern).test(value);
  } catch {
    return true; // a pattern JS cannot compile is AWS's to enforce
  }
}
