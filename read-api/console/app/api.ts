/**
 * The console's only way to the server: same-origin fetches with the signed-in bearer token. Error
 * answers are the APIs' problem JSON ({ status, code, message, errors? }); they become ApiError so
 * every view can show the code, the message and each wrong field the same way.
 */

export interface FieldError {
  field: string;
  message: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly errors: FieldError[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }
}

export interface Answer<T> {
  body: T;
  /** X-Projection-Position: the position the answer's read model reflects, when the route says. */
  position: string | null;
}

export async function call<T>(token: string, method: 'GET' | 'POST', path: string, body?: unknown): Promise<Answer<T>> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/json',
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (error) {
    throw new ApiError(0, 'NETWORK_ERROR', `The API did not answer (${(error as Error).message}); is the service running?`);
  }
  const text = await response.text();
  let parsed: unknown = undefined;
  try {
    parsed = text ? JSON.parse(text) : undefined;
  } catch {
    // Not JSON (a proxy's error page, say): reported below with the status.
  }
  if (!response.ok) {
    // A token the server no longer accepts (expired, key rotated): the app signs out and says why.
    if (response.status === 401) window.dispatchEvent(new CustomEvent('console:unauthorized', { detail: (parsed as { message?: string } | undefined)?.message }));
    const problem = (parsed ?? {}) as { code?: string; message?: string; errors?: FieldError[] };
    throw new ApiError(response.status, problem.code ?? `HTTP_${response.status}`, problem.message ?? (text.slice(0, 200) || response.statusText), problem.errors ?? []);
  }
  return { body: parsed as T, position: response.headers.get('x-projection-position') };
}

/** Builds a query string from the set values only. */
export function query(params: Record<string, string | number | undefined | null>): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) if (value !== undefined && value !== null && value !== '') search.set(key, String(value));
  const text = search.toString();
  return text ? `?${text}` : '';
}
