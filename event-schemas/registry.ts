import type { z } from 'zod';
import { streamPattern, type BoundedContext, type EventDefinition, type StreamCategory } from './define-event';
import { domainEventDefinitions } from './domain-event';
import {
  EventUpcastError,
  EventValidationError,
  UnknownEventTypeError,
  UnsupportedSchemaVersionError,
  type ValidationStage,
} from './errors';
import { eventErrorMap, toEventIssues } from './issues';
import { eventJsonSchema, type JsonSchema } from './json-schema';

/** What the store writes and reads: a payload and the version of its shape. */
export interface VersionedPayload {
  schemaVersion: number;
  data: unknown;
}

/** Everything tooling needs to know about one event type, in plain JSON-able data. */
export interface EventDescriptor {
  type: string;
  schemaVersion: number;
  context: BoundedContext;
  streamCategory: StreamCategory;
  /** How its stream id is built, e.g. `order-<orderId>`. */
  stream: string;
  description: string;
  jsonSchema: JsonSchema;
  example: unknown;
  /** Older versions, oldest first, with what the step to the next version changed. */
  history: { schemaVersion: number; change: string; jsonSchema: JsonSchema }[];
}

/**
 * The event codec of the platform: validates new events against their current schema, and stored
 * ones against the schema of the version they were written in before upcasting them step by step.
 * Stored payloads are never rewritten; old shapes are read through frozen schemas forever.
 */
export class EventRegistry {
  private readonly byType = new Map<string, EventDefinition>();

  constructor(definitions: Iterable<EventDefinition> = []) {
    for (const definition of definitions) this.register(definition);
  }

  register(definition: EventDefinition): this {
    if (this.byType.has(definition.type)) throw new Error(`Event type ${definition.type} is registered twice; type names must be unique`);
    this.byType.set(definition.type, definition);
    return this;
  }

  // Arrow properties: the store may hand `codec.encode` around without its object.
  readonly encode = (type: string, data: unknown): VersionedPayload => {
    const definition = this.definition(type);
    return { schemaVersion: definition.schemaVersion, data: validate(definition, definition.schemaVersion, data, 'encode') };
  };

  readonly decode = (type: string, schemaVersion: number, data: unknown): VersionedPayload => {
    const definition = this.definition(type);
    if (!Number.isSafeInteger(schemaVersion) || schemaVersion < 1 || schemaVersion > definition.schemaVersion) {
      throw new UnsupportedSchemaVersionError(type, schemaVersion, definition.schemaVersion);
    }
    let version = schemaVersion;
    let payload = validate(definition, version, data, 'decode');
    for (const frozen of definition.history.slice(version - 1)) {
      try {
        payload = frozen.upcast(payload);
      } catch (error) {
        throw new EventUpcastError(type, version, error);
      }
      version += 1;
      payload = validate(definition, version, payload, 'upcast');
    }
    return { schemaVersion: version, data: payload };
  };

  /**
   * For readers of what the store itself wrote (projections, through a trusted subscription): a
   * payload in the current version is what this very schema returned in `encode` before it was
   * stored, and no current schema transforms its input (registry.unit.spec.ts checks), so parsing
   * it again would return it unchanged: it is returned as is. An older version is validated against
   * its frozen schema and upcast by `decode`. Public and analysts' reads use `decode`.
   */
  readonly decodeTrusted = (type: string, schemaVersion: number, data: unknown): VersionedPayload => {
    const definition = this.definition(type);
    if (schemaVersion === definition.schemaVersion) return { schemaVersion, data };
    return this.decode(type, schemaVersion, data);
  };

  has(type: string): boolean {
    return this.byType.has(type);
  }

  /** The definition of one type; throws UnknownEventTypeError with a did-you-mean hint. */
  definition(type: string): EventDefinition {
    const definition = this.byType.get(type);
    if (!definition) throw new UnknownEventTypeError(type, this.types());
    return definition;
  }

  /** Sorted by name, so that listings and generated files never depend on registration order. */
  types(): string[] {
    return [...this.byType.keys()].sort();
  }

  /** Sorted by context, then type. */
  definitions(): EventDefinition[] {
    return [...this.byType.values()].sort((a, b) => compare(a.context, b.context) || compare(a.type, b.type));
  }

  describe(): EventDescriptor[] {
    return this.definitions().map((definition) => ({
      type: definition.type,
      schemaVersion: definition.schemaVersion,
      context: definition.context,
      streamCategory: definition.streamCategory,
      stream: streamPattern(definition),
      description: definition.description,
      jsonSchema: eventJsonSchema(definition),
      example: definition.example,
      history: definition.history.map((frozen) => ({
        schemaVersion: frozen.schemaVersion,
        change: frozen.change,
        jsonSchema: eventJsonSchema(definition, frozen.schemaVersion),
      })),
    }));
  }
}

function compare(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function schemaAt(definition: EventDefinition, version: number): z.ZodType {
  if (version === definition.schemaVersion) return definition.schema;
  const frozen = definition.history[version - 1];
  if (!frozen) throw new UnsupportedSchemaVersionError(definition.type, version, definition.schemaVersion);
  return frozen.schema;
}

function validate(definition: EventDefinition, version: number, data: unknown, stage: ValidationStage): unknown {
  const schema = schemaAt(definition, version);
  const result = schema.safeParse(data, { error: eventErrorMap, reportInput: true });
  if (!result.success) throw new EventValidationError(definition.type, version, toEventIssues(schema, result.error), stage);
  return result.data;
}

/** Every event of the platform. */
export const eventRegistry = new EventRegistry(domainEventDefinitions);
