import { useEffect, useState } from 'preact/hooks';

/**
 * Hash routes (`#/projections`, `#/orders/<id>`, `#/events?stream=…`), so the server serves one
 * page for every view and a view can be bookmarked or linked from a ticket.
 */
export interface Route {
  path: string[];
  params: URLSearchParams;
}

function current(): Route {
  const hash = window.location.hash.replace(/^#\/?/, '');
  const [path = '', search = ''] = hash.split('?');
  return { path: path.split('/').filter(Boolean).map(decodeURIComponent), params: new URLSearchParams(search) };
}

export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const update = () => setRoute(current());
    window.addEventListener('hashchange', update);
    return () => window.removeEventListener('hashchange', update);
  }, []);
  return route;
}

export function navigate(path: string, params?: Record<string, string>): void {
  const search = params ? new URLSearchParams(Object.entries(params).filter(([, v]) => v !== '')).toString() : '';
  window.location.hash = `#${path}${search ? `?${search}` : ''}`;
}
