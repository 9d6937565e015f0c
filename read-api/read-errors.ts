import { InvalidCursorError } from '../platform/read-models/invalid-cursor.error';
import type { ErrorMapper } from '../platform/http/error-filter';
import { SearchQueryError } from '../platform/search/search-errors';
import { ProjectionNotCaughtUpError } from '../projections/runtime/position-waiter';

/** The thing asked for does not exist in the read model (as of the position it reflects). */
export class NotFoundError extends Error {
  constructor(
    readonly code: 'ORDER_NOT_FOUND' | 'PRODUCT_NOT_FOUND' | 'UNKNOWN_SKU',
    message: string,
  ) {
    super(message);
    this.name = 'NotFoundError';
  }
}

/** No generation of the read model is live yet: the projector has never built it on this database. */
export class ReadModelUnavailableError extends Error {
  readonly code = 'READ_MODEL_NOT_BUILT';
  constructor(readonly projection: string) {
    super(`The read model ${projection} has not been built yet; start the projector (npx commerce projector) and retry`);
    this.name = 'ReadModelUnavailableError';
  }
}

/** The projection serving a read has stopped on a dead letter short of the position asked for, so waiting cannot help. */
export class ProjectionStoppedError extends Error {
  readonly code = 'PROJECTION_NOT_CAUGHT_UP';
  constructor(
    readonly projection: string,
    readonly wanted: string,
    readonly current: string,
    readonly reason: string | null,
  ) {
    super(
      `Projection ${projection} is stopped at position ${current}, before ${wanted} (${reason ?? 'see GET /projections'}); an operator must resolve its dead letter. Read without X-Min-Position for the current state`,
    );
    this.name = 'ProjectionStoppedError';
  }
}

// How the store's query fields read in the HTTP API, so a 400 names the parameter the client sent.
const SEARCH_FIELDS: Record<string, string> = { text: 'q', 'filters.category': 'category', cursor: 'cursor', limit: 'limit' };

function searchField(field: string): string {
  if (field.startsWith('ranges.priceMinor')) return field.endsWith('lte') ? 'maxPrice' : 'minPrice';
  return SEARCH_FIELDS[field] ?? field;
}

/** Maps the read side's errors to problems; the platform's mapper handles the rest (auth, positions, HTTP). */
export const readSideErrors: ErrorMapper = (error) => {
  if (error instanceof NotFoundError) return { problem: { status: 404, code: error.code, message: error.message } };
  if (error instanceof ProjectionNotCaughtUpError) {
    return {
      problem: { status: 503, code: error.code, message: error.message, projection: error.projection, wantedPosition: error.wanted, currentPosition: error.current },
      headers: { 'retry-after': '1' },
    };
  }
  if (error instanceof ProjectionStoppedError) {
    return {
      problem: { status: 503, code: error.code, message: error.message, projection: error.projection, wantedPosition: error.wanted, currentPosition: error.current, state: 'stopped' },
      headers: { 'retry-after': '30' },
    };
  }
  if (error instanceof ReadModelUnavailableError) {
    return { problem: { status: 503, code: error.code, message: error.message, projection: error.projection }, headers: { 'retry-after': '5' } };
  }
  if (error instanceof InvalidCursorError) {
    return { problem: { status: 400, code: error.code, message: error.message, errors: [{ field: 'query.cursor', message: 'is not a cursor of this listing; pass the "next" value of the previous page unchanged' }] } };
  }
  if (error instanceof SearchQueryError) {
    const field = `query.${searchField(error.field)}`;
    return { problem: { status: 400, code: 'VALIDATION_FAILED', message: `The request query is invalid: ${field} ${error.reason}`, errors: [{ field, message: error.reason }] } };
  }
  return undefined;
};
