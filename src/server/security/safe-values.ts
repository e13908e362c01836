import {
  getNamedType,
  getNullableType,
  GraphQLError,
  isInputObjectType,
  isLeafType,
  isListType,
  isNonNullType,
  isRequiredInputField,
  typeFromAST,
  valueFromAST,
  type ASTNode,
  type ASTVisitor,
  type GraphQLInputType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type ValidationContext,
  type ValidationRule,
  type ValueNode,
} from 'graphql';

/**
 * Input values are checked without ever repeating them. graphql-js words its value errors from
 * the value itself ("Expected value of type "String", found ["HEAD; TAIL"]", "Variable "$i" got
 * invalid value { … password … }"), so a password given in the wrong place came back to the
 * caller, to proxies and to logs. Here every message is built from the error's structure — the
 * argument or variable, the path inside it and the type expected there — and never from the
 * value; list lengths are checked before their items, and only the first few problems are
 * described (then a count), so a huge invalid input cannot turn into a huge answer.
 */
export interface SafeValuesOptions {
  /** Longest list accepted in any input (literal or variable), checked before its items. */
  maxListLength: number;
  /** Problems described one by one; the rest are counted in one more error. */
  maxProblems: number;
}

/** A field name a client typed is shown only when it has the shape of a GraphQL name. */
const NAME_RE = /^[_A-Za-z][_0-9A-Za-z]{0,63}$/;

function describeName(name: string): string {
  return NAME_RE.test(name) ? `"${name}"` : 'a field';
}

function pathText(path: ReadonlyArray<string | number>): string {
  return path.map((p, i) => (typeof p === 'number' ? `[${p}]` : i === 0 ? p : `.${p}`)).join('');
}

/** Collects problems: the first `maxProblems` are kept, the others only counted. */
class Problems {
  readonly kept: Array<{ message: string; nodes?: ASTNode }> = [];
  more = 0;
  constructor(private readonly max: number) {}
  add(message: string, nodes?: ASTNode): void {
    if (this.kept.length < this.max) this.kept.push({ message, nodes });
    else this.more++;
  }
  errors(code: string): GraphQLError[] {
    const errors = this.kept.map((p) => new GraphQLError(p.message, { nodes: p.nodes, extensions: { code } }));
    if (this.more) errors.push(new GraphQLError(`${this.more} more invalid value${this.more === 1 ? '' : 's'} not described`, { extensions: { code, moreProblems: this.more } }));
    return errors;
  }
}

/**
 * Replaces graphql-js's ValuesOfCorrectTypeRule (same checks, messages without values) and
 * refuses list literals longer than `maxListLength`.
 */
export function safeValuesRule(options: SafeValuesOptions): ValidationRule {
  return (context: ValidationContext): ASTVisitor => {
    // Where we are inside an argument: its name, then object fields and list indexes.
    const path: Array<string | number> = [];
    let reported = 0;
    const report = (problem: string, node: ASTNode) => {
      const subject = path.length > 1 ? `Invalid value at "${pathText(path)}"` : path.length ? `Invalid value for "${path[0]}"` : 'Invalid value';
      if (reported++ < options.maxProblems) context.reportError(new GraphQLError(`${subject}: ${problem}`, { nodes: node }));
    };
    const invalid = (node: ValueNode, expected: GraphQLInputType) => report(`expected ${String(expected)}`, node);

    const checkLeaf = (node: ValueNode) => {
      const expected = context.getInputType();
      if (!expected) return;
      const type = getNamedType(expected);
      if (!isLeafType(type)) return invalid(node, expected);
      try {
        // The scalar's or enum's own parser decides; its message (which may quote the value) is not used.
        if (type.parseLiteral(node, undefined) === undefined) invalid(node, expected);
      } catch {
        invalid(node, expected);
      }
    };

    return {
      Document: {
        leave() {
          const more = reported - options.maxProblems;
          if (more > 0) context.reportError(new GraphQLError(`${more} more invalid value${more === 1 ? '' : 's'} not described`, { extensions: { moreProblems: more } }));
        },
      },
      Argument: { enter: (node) => void path.push(node.name.value), leave: () => void path.pop() },
      VariableDefinition: { enter: (node) => void path.push(`$${node.variable.name.value}`), leave: () => void path.pop() },
      ObjectField: {
        enter(node) {
          const parent = getNamedType(context.getParentInputType());
          if (!context.getInputType() && isInputObjectType(parent)) {
            report(`${describeName(node.name.value)} is not a field of ${parent.name}`, node);
          }
          path.push(node.name.value);
        },
        leave: () => void path.pop(),
      },
      ListValue: {
        enter(node) {
          const type = getNullableType(context.getParentInputType());
          if (!isListType(type)) {
            checkLeaf(node);
            return false;
          }
          if (node.values.length > options.maxListLength) {
            report(`at most ${options.maxListLength} items (got ${node.values.length})`, node);
            return false;
          }
          return undefined;
        },
      },
      ObjectValue(node) {
        const expected = context.getInputType();
        const type = getNamedType(expected);
        if (!isInputObjectType(type)) {
          if (expected) invalid(node, expected);
          return false;
        }
        const given = new Set(node.fields.map((f) => f.name.value));
        for (const field of Object.values(type.getFields())) {
          if (!given.has(field.name) && isRequiredInputField(field)) {
            report(`required field "${field.name}" (${String(field.type)}) was not given`, node);
          }
        }
        if (type.isOneOf && node.fields.length !== 1) report(`${type.name} takes exactly one field`, node);
        return undefined;
      },
      NullValue(node) {
        const type = context.getInputType();
        if (isNonNullType(type)) report(`expected ${String(type)}, found null`, node);
      },
      EnumValue: checkLeaf,
      IntValue: checkLeaf,
      FloatValue: checkLeaf,
      StringValue: checkLeaf,
      BooleanValue: checkLeaf,
    };
  };
}

/** The coerced variables, or the errors describing what is wrong with them. */
export type CoercedVariables = { values: Record<string, unknown>; errors?: undefined } | { values?: undefined; errors: GraphQLError[] };

/**
 * Checks the request's variables against the operation's declarations — list lengths before
 * items, at most `maxProblems` described — and coerces them. Messages name the variable, the
 * path inside it and the expected type; never the value given.
 */
export function coerceVariablesSafely(
  schema: GraphQLSchema,
  operation: OperationDefinitionNode,
  inputs: Readonly<Record<string, unknown>> | null | undefined,
  options: SafeValuesOptions,
): CoercedVariables {
  const problems = new Problems(options.maxProblems);
  const given = inputs ?? {};
  const values: Record<string, unknown> = {};
  for (const def of operation.variableDefinitions ?? []) {
    const name = def.variable.name.value;
    const type = typeFromAST(schema, def.type) as GraphQLInputType | undefined;
    if (!type) continue; // unknown or non-input types are validation errors already
    if (!Object.prototype.hasOwnProperty.call(given, name) || given[name] === undefined) {
      if (def.defaultValue) values[name] = valueFromAST(def.defaultValue, type);
      else if (isNonNullType(type)) problems.add(`Variable "$${name}" of type ${String(type)} was not given`, def);
      continue;
    }
    const before = problems.kept.length + problems.more;
    const coerced = coerceValue(given[name], type, [name], problems, options.maxListLength, `Variable "$${name}"`);
    if (problems.kept.length + problems.more === before) values[name] = coerced;
  }
  if (problems.kept.length || problems.more) return { errors: problems.errors('BAD_USER_INPUT') };
  return { values };
}

/**
 * graphql-js's input coercion, re-implemented so that each problem is described by its place and
 * the expected type only. Returns the coerced value (meaningless once a problem was found).
 */
function coerceValue(value: unknown, type: GraphQLInputType, path: Array<string | number>, problems: Problems, maxList: number, subject: string): unknown {
  const at = () => (path.length > 1 ? ` at "${pathText(path)}"` : '');
  if (isNonNullType(type)) {
    if (value === null || value === undefined) {
      problems.add(`${subject}${at()}: expected ${String(type)}, found null`);
      return undefined;
    }
    return coerceValue(value, type.ofType, path, problems, maxList, subject);
  }
  if (value === null || value === undefined) return null;
  if (isListType(type)) {
    // A single value is accepted where a list is expected (as graphql-js does).
    if (!Array.isArray(value)) return [coerceValue(value, type.ofType, path, problems, maxList, subject)];
    if (value.length > maxList) {
      problems.add(`${subject}${at()}: at most ${maxList} items (got ${value.length})`);
      return undefined;
    }
    const out: unknown[] = [];
    for (let i = 0; i < value.length; i++) {
      out.push(coerceValue(value[i], type.ofType, [...path, i], problems, maxList, subject));
    }
    return out;
  }
  if (isInputObjectType(type)) {
    if (typeof value !== 'object' || Array.isArray(value)) {
      problems.add(`${subject}${at()}: expected ${type.name} (an object)`);
      return undefined;
    }
    const record = value as Record<string, unknown>;
    const fields = type.getFields();
    const out: Record<string, unknown> = {};
    for (const key of Object.keys(record)) {
      if (!Object.prototype.hasOwnProperty.call(fields, key)) problems.add(`${subject}${at()}: ${describeName(key)} is not a field of ${type.name}`);
    }
    for (const field of Object.values(fields)) {
      const v = record[field.name];
      if (v === undefined) {
        if (field.defaultValue !== undefined) out[field.name] = field.defaultValue;
        else if (isNonNullType(field.type)) problems.add(`${subject}${at()}: required field "${field.name}" (${String(field.type)}) was not given`);
        continue;
      }
      out[field.name] = coerceValue(v, field.type, [...path, field.name], problems, maxList, subject);
    }
    if (type.isOneOf && Object.keys(record).length !== 1) problems.add(`${subject}${at()}: ${type.name} takes exactly one field`);
    return out;
  }
  // Scalars and enums: their own parser decides; its message (which may quote the value) is not used.
  let parsed: unknown;
  try {
    parsed = type.parseValue(value);
  } catch {
    parsed = undefined;
  }
  if (parsed === undefined) problems.add(`${subject}${at()}: expected ${String(type)}`);
  return parsed;
}

