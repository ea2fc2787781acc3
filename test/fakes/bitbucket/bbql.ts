// The part of Bitbucket's query language (`q=`, `sort=`) the fake understands: comparisons of a
// dotted field with a quoted string, number, boolean or null, joined by AND/OR, with
// parentheses. https://developer.atlassian.com/cloud/bitbucket/rest/intro/#filtering
// Anything else is answered 400 like Bitbucket answers an invalid query.

type Value = string | number | boolean | null;
type Node = { op: 'and' | 'or'; left: Node; right: Node } | { field: string; cmp: string; value: Value };
export type Fields = (field: string) => Value | undefined;

export class QueryError extends Error {}

const TOKEN = /\s*(?:(\()|(\))|("(?:[^"\\]|\\.)*")|(!=|>=|<=|!~|=|~|>|<)|([A-Za-z_][\w.]*)|(-?\d+(?:\.\d+)?))/y;

function tokenize(q: string): string[] {
  const tokens: string[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < q.length) {
    if (/^\s*$/.test(q.slice(TOKEN.lastIndex))) break;
    const at = TOKEN.lastIndex;
    const m = TOKEN.exec(q);
    if (!m) throw new QueryError(`Invalid query: unexpected input at position ${at}`);
    tokens.push(m[0].trim());
  }
  return tokens;
}

function parse(q: string): Node {
  const tokens = tokenize(q);
  let i = 0;
  const peek = () => tokens[i];
  const next = () => {
    if (i >= tokens.length) throw new QueryError('Invalid query: unexpected end');
    return tokens[i++]!;
  };
  const term = (): Node => {
    if (peek() === '(') {
      next();
      const inner = expr();
      if (next() !== ')') throw new QueryError('Invalid query: expected )');
      return inner;
    }
    const field = next();
    if (!/^[A-Za-z_][\w.]*$/.test(field)) throw new QueryError(`Invalid query: expected a field, got ${field}`);
    const cmp = next();
    if (!/^(!=|>=|<=|!~|=|~|>|<)$/.test(cmp)) throw new QueryError(`Invalid query: expected an operator after ${field}`);
    const raw = next();
    let value: Value;
    if (raw.startsWith('"')) value = JSON.parse(raw) as string;
    else if (raw === 'true' || raw === 'false') value = raw === 'true';
    else if (raw === 'null') value = null;
    else if (/^-?\d/.test(raw)) value = Number(raw);
    else throw new QueryError(`Invalid query: ${raw} is not a value`);
    return { field, cmp, value };
  };
  const conj = (): Node => {
    let node = term();
    while (peek()?.toUpperCase() === 'AND') {
      next();
      node = { op: 'and', left: node, right: term() };
    }
    return node;
  };
  const expr = (): Node => {
    let node = conj();
    while (peek()?.toUpperCase() === 'OR') {
      next();
      node = { op: 'or', left: node, right: conj() };
    }
    return node;
  };
  const tree = expr();
  if (i !== tokens.length) throw new QueryError(`Invalid query: unexpected ${tokens[i]}`);
  return tree;
}

const isDate = (s: string) => /^\d{4}-\d{2}-\d{2}/.test(s);

function compare(actual: Value, cmp: string, wanted: Value): boolean {
  // Datetimes compare as instants, whatever their precision or offset.
  const a = typeof actual === 'string' && typeof wanted === 'string' && isDate(actual) && isDate(wanted) ? Date.parse(actual) : actual;
  const w = typeof actual === 'string' && typeof wanted === 'string' && isDate(actual) && isDate(wanted) ? Date.parse(wanted) : wanted;
  switch (cmp) {
    case '=':
      return a === w;
    case '!=':
      return a !== w;
    case '~':
      return String(a).toLowerCase().includes(String(w).toLowerCase());
    case '!~':
      return !String(a).toLowerCase().includes(String(w).toLowerCase());
    default: {
      if (a === null || w === null) return false;
      if (cmp === '>') return a > w;
      if (cmp === '<') return a < w;
      if (cmp === '>=') return a >= w;
      return a <= w;
    }
  }
}

function evaluate(node: Node, fields: Fields): boolean {
  if ('op' in node)
    return node.op === 'and' ? evaluate(node.left, fields) && evaluate(node.right, fields) : evaluate(node.left, fields) || evaluate(node.right, fields);
  const actual = fields(node.field);
  if (actual === undefined) throw new QueryError(`Invalid field name: ${node.field}`);
  return compare(actual, node.cmp, node.value);
}

/** Keep the items the query selects; throws QueryError for a query Bitbucket would refuse. */
export function filter<T>(items: T[], q: string | null, fieldsOf: (item: T) => Fields): T[] {
  if (q === null || q.trim() === '') return items;
  const tree = parse(q);
  return items.filter((item) => evaluate(tree, fieldsOf(item)));
}

/** Order by `field` or `-field` (descending); ties keep their order. */
export function sortBy<T>(items: T[], sort: string | null, fieldsOf: (item: T) => Fields): T[] {
  if (!sort) return items;
  const descending = sort.startsWith('-');
  const field = descending ? sort.slice(1) : sort;
  const key = (item: T) => {
    const v = fieldsOf(item)(field);
    if (v === undefined) throw new QueryError(`Invalid sort field: ${field}`);
    return typeof v === 'string' && isDate(v) ? Date.parse(v) : v;
  };
  return [...items].sort((x, y) => {
    const a = key(x);
    const b = key(y);
    const order = a === b ? 0 : a === null ? -1 : b === null ? 1 : a < b ? -1 : 1;
    return descending ? -order : order;
  });
}
