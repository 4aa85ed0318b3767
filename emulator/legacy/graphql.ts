// The few GraphQL operations of the legacy API that flatfeed sends, read strictly: one operation, one root field,
// arguments bound to declared variables or literals, a selection of known fields. Anything else is the validation
// error a GraphQL server gives, not a guess.

export interface RootField {
  name: string;
  args: Record<string, unknown>;
  selection: string[];
}

export class GraphQLRequestError extends Error {}

const OPERATION = /^\s*(query)\b\s*(\w+)?\s*(\(([^)]*)\))?\s*\{\s*(\w+)\s*(\(([^)]*)\))?\s*\{([^{}]*)\}\s*\}\s*$/s;

/** The operation's single root field with its arguments resolved against `variables`. */
export function parseOperation(query: unknown, variables: unknown): RootField {
  if (typeof query !== 'string') throw new GraphQLRequestError('Must provide query string.');
  const m = OPERATION.exec(query.replace(/#[^\n]*/g, ''));
  if (!m) throw new GraphQLRequestError('Syntax Error: expected one query operation with one field and a selection set.');
  const declared = new Map<string, { type: string }>();
  for (const part of split(m[4])) {
    const d = /^\$(\w+)\s*:\s*([\w!\[\]]+)$/.exec(part);
    if (!d) throw new GraphQLRequestError(`Syntax Error: bad variable definition "${part}".`);
    declared.set(d[1]!, { type: d[2]! });
  }
  const vars = (variables ?? {}) as Record<string, unknown>;
  if (typeof vars !== 'object' || Array.isArray(vars)) throw new GraphQLRequestError('Variables must be provided as an Object.');
  for (const [name, { type }] of declared) {
    if (type.endsWith('!') && (vars[name] === undefined || vars[name] === null)) {
      throw new GraphQLRequestError(`Variable "$${name}" of required type "${type}" was not provided.`);
    }
  }
  const args: Record<string, unknown> = {};
  for (const part of split(m[7])) {
    const a = /^(\w+)\s*:\s*(.+)$/.exec(part);
    if (!a) throw new GraphQLRequestError(`Syntax Error: bad argument "${part}".`);
    const value = a[2]!.trim();
    if (value.startsWith('$')) {
      const name = value.slice(1);
      if (!declared.has(name)) throw new GraphQLRequestError(`Variable "$${name}" is not defined.`);
      if (vars[name] !== undefined) args[a[1]!] = vars[name];
    } else args[a[1]!] = JSON.parse(value);
  }
  return { name: m[5]!, args, selection: m[8]!.split(/[\s,]+/).filter(Boolean) };
}

function split(list: string | undefined): string[] {
  return (list ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
