import type { z } from 'zod';

export type BoundedContext = 'catalog' | 'customers' | 'fulfilment' | 'inventory' | 'ordering' | 'payments';

/** The part of a stream id before the first dash: `order-<id>` is in category `order`. */
export type StreamCategory = 'customer' | 'fulfilment' | 'order' | 'payment' | 'product' | 'stock';

/**
 * An old shape of an event, kept so that payloads stored in it can still be read. `Next` is what
 * its upcaster returns: the shape of the version after it.
 */
export interface FrozenVersion<Next = unknown> {
  readonly schemaVersion: number;
  readonly schema: z.ZodType;
  /** What the next version changed and how the upcaster fills it in; shown in the catalogue. */
  readonly change: string;
  /** Pure: turns a payload valid for this version into one valid for the next. */
  readonly upcast: (data: unknown) => Next;
}

export interface EventDefinition<T extends string = string, S extends z.ZodType = z.ZodType> {
  /** The stored type name. It never changes; a new meaning is a new event. */
  readonly type: T;
  /** Version of the current shape; every older one is in `history`. */
  readonly schemaVersion: number;
  readonly context: BoundedContext;
  readonly streamCategory: StreamCategory;
  /** The data field whose value follows the dash in the stream id (`order-<orderId>`). */
  readonly streamIdField: string;
  /** One line for the catalogue: what happened, in business terms. */
  readonly description: string;
  readonly schema: S;
  /** A realistic payload: the catalogue shows it and the tests check it against `schema`. */
  readonly example: z.output<S>;
  /** Frozen older shapes, oldest first: history[i] is version i + 1. */
  readonly history: readonly FrozenVersion[];
}

interface EventSpec<T extends string, S extends z.ZodType> {
  type: T;
  schemaVersion: number;
  context: BoundedContext;
  streamCategory: StreamCategory;
  streamIdField: keyof z.output<S> & string;
  description: string;
  schema: S;
  example: z.output<S>;
  /**
   * Oldest first. The newest upcaster must return the current shape, which the compiler checks
   * here, so frozen files never need to import the current schema (and no import cycle arises).
   */
  history?: readonly [...FrozenVersion[], FrozenVersion<z.output<S>>];
}

export function defineEvent<const T extends string, S extends z.ZodType>(spec: EventSpec<T, S>): EventDefinition<T, S> {
  const history: readonly FrozenVersion[] = spec.history ?? [];
  // Caught when the module loads, so a gap in the version chain never reaches a running store.
  history.forEach((frozen, i) => {
    if (frozen.schemaVersion !== i + 1) {
      throw new Error(`${spec.type}: history[${i}] is version ${frozen.schemaVersion}, expected ${i + 1}; list frozen versions oldest first without gaps`);
    }
  });
  if (spec.schemaVersion !== history.length + 1) {
    throw new Error(`${spec.type}: schemaVersion ${spec.schemaVersion} needs exactly ${spec.schemaVersion - 1} frozen versions, found ${history.length}`);
  }
  return Object.freeze({ ...spec, history: Object.freeze([...history]) });
}

/**
 * Types the upcaster by the frozen schema it reads; the registry only ever calls it with a payload
 * that schema has accepted, which is what makes erasing the parameter type below sound.
 */
export function freezeVersion<S extends z.ZodType, Next>(frozen: {
  schemaVersion: number;
  schema: S;
  change: string;
  upcast: (data: z.output<S>) => Next;
}): FrozenVersion<Next> {
  return Object.freeze({ ...frozen, upcast: frozen.upcast as (data: unknown) => Next });
}

/** How the stream id is built, for humans: `order-<orderId>`. */
export function streamPattern(definition: Pick<EventDefinition, 'streamCategory' | 'streamIdField'>): string {
  return `${definition.streamCategory}-<${definition.streamIdField}>`;
}

/** `{ type: 'OrderPlaced'; data: OrderPlacedData }` for one definition, a union for a union. */
export type EventOf<D> = D extends EventDefinition<infer T, infer S> ? { type: T; data: z.output<S> } : never;

export function typesOf<const D extends readonly EventDefinition[]>(definitions: D): readonly D[number]['type'][] {
  return Object.freeze(definitions.map((definition) => definition.type));
}
