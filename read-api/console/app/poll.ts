import { useEffect, useRef, useState } from 'preact/hooks';

/**
 * Calls `load` now and then every `intervalMs` after the previous call finished (never two at a
 * time), pausing while the tab is hidden. `refresh()` loads again at once, e.g. after an action.
 */
export function usePoll<T>(load: () => Promise<T>, intervalMs: number, deps: unknown[] = []) {
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [loading, setLoading] = useState(true);
  const wake = useRef<() => void>(() => undefined);

  useEffect(() => {
    let stopped = false;
    let timer: number | undefined;
    const run = async () => {
      window.clearTimeout(timer);
      if (stopped) return;
      try {
        const value = await load();
        if (stopped) return;
        setData(value);
        setError(null);
      } catch (e) {
        if (!stopped) setError(e);
      } finally {
        if (!stopped) {
          setLoading(false);
          timer = window.setTimeout(() => (document.hidden ? undefined : void run()), intervalMs);
        }
      }
    };
    const onVisible = () => {
      if (!document.hidden) void run();
    };
    wake.current = () => void run();
    document.addEventListener('visibilitychange', onVisible);
    void run();
    return () => {
      stopped = true;
      window.clearTimeout(timer);
      document.removeEventListener('visibilitychange', onVisible);
    };
  }, deps);

  return { data, error, loading, refresh: () => wake.current() };
}
