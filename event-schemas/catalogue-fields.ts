import { PERSONAL_DATA } from './fields';
import type { JsonSchema } from './json-schema';

/*
 * Flattens an event's JSON Schema into the rows of the catalogue's field table. It reads the
 * generated JSON Schema rather than zod internals, so the table shows exactly what the published
 * schema files say.
 */

export interface FieldRow {
  /** `lines[].unitPrice`: nested fields are spelled out, array items marked with []. */
  name: string;
  type: string;
  required: boolean;
  description: string;
  personalData: boolean;
}

type Node = Record<string, unknown>;

const asNode = (value: unknown): Node => (typeof value === 'object' && value !== null ? (value as Node) : {});

export function fieldRows(schema: JsonSchema, prefix = ''): FieldRow[] {
  const required = new Set(Array.isArray(schema.required) ? schema.required : []);
  return Object.entries(asNode(schema.properties)).flatMap(([key, value]) => {
    const node = asNode(value);
    const name = `${prefix}${key}`;
    const row: FieldRow = {
      name,
      type: typeLabel(node),
      required: required.has(key),
      description: typeof node.description === 'string' ? node.description : '',
      personalData: node[PERSONAL_DATA] === true,
    };
    return [row, ...nestedRows(node, name)];
  });
}

// Money is explained once in the catalogue's conventions, so its two fields are not repeated.
function nestedRows(node: Node, name: string): FieldRow[] {
  if (node.type === 'object' && !isMoney(node)) return fieldRows(node, `${name}.`);
  const items = asNode(node.items);
  if (node.type === 'array' && items.type === 'object' && !isMoney(items)) return fieldRows(items, `${name}[].`);
  return [];
}

function isMoney(node: Node): boolean {
  return node.title === 'Money';
}

export function typeLabel(node: Node): string {
  if (isMoney(node)) return asNode(asNode(node.properties).amountMinor).exclusiveMinimum === 0 ? 'Money, > 0' : 'Money';
  if (Array.isArray(node.enum)) return node.enum.map((value) => `\`${String(value)}\``).join(' \\| ');
  switch (node.type) {
    case 'string':
      return stringLabel(node);
    case 'integer':
      if (node.exclusiveMinimum === 0) return 'integer > 0';
      if (node.minimum === 0) return 'integer ≥ 0';
      return 'integer';
    case 'array': {
      const items = asNode(node.items);
      const label = items.type === 'object' && !isMoney(items) ? 'object' : typeLabel(items);
      const min = typeof node.minItems === 'number' && node.minItems > 0 ? `, at least ${node.minItems}` : '';
      return `${label}[]${min}`;
    }
    default:
      return typeof node.type === 'string' ? node.type : 'any';
  }
}

function stringLabel(node: Node): string {
  if (node.format === 'uuid') return 'UUID';
  if (node.format === 'date-time') return 'timestamp (UTC)';
  if (node.format === 'email') return 'email';
  return typeof node.maxLength === 'number' ? `string, ≤ ${node.maxLength} chars` : 'string';
}
