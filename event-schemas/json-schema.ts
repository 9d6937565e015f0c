import { z } from 'zod';
import { streamPattern, type EventDefinition } from './define-event';

/** Stable, location-free ids: the files can move without breaking references to them. */
export const JSON_SCHEMA_ID_PREFIX = 'urn:commerce-platform:events:';

export type JsonSchema = Record<string, unknown>;

export function jsonSchemaFileName(type: string, schemaVersion: number): string {
  return `${type}.v${schemaVersion}.json`;
}

/**
 * JSON Schema (draft 2020-12) of an event's `data` at one version. Refinements that JSON Schema
 * cannot express (e.g. OrderPlaced's total equals its lines) are enforced by the registry only.
 */
export function eventJsonSchema(definition: EventDefinition, schemaVersion = definition.schemaVersion): JsonSchema {
  const current = schemaVersion === definition.schemaVersion;
  const schema = current ? definition.schema : definition.history[schemaVersion - 1]?.schema;
  if (!schema) throw new RangeError(`${definition.type} has no v${schemaVersion}; versions run from 1 to ${definition.schemaVersion}`);
  const { $schema, title: _title, description: _description, ...body } = z.toJSONSchema(schema, {
    target: 'draft-2020-12',
    io: 'output',
    unrepresentable: 'any',
  });
  return {
    $schema,
    $id: `${JSON_SCHEMA_ID_PREFIX}${definition.type}:v${schemaVersion}`,
    title: `${definition.type} v${schemaVersion}`,
    description: current ? definition.description : `${definition.description} Frozen v${schemaVersion} shape, upcast on read.`,
    'x-event-type': definition.type,
    'x-schema-version': schemaVersion,
    'x-context': definition.context,
    'x-stream': streamPattern(definition),
    ...body,
  };
}
