/*
 * Data the page needs only once someone asks for it (the lesson catalogue, the examples gallery),
 * loaded by a dynamic import into a chunk of its own: the first paint does not wait for it, and the
 * main bundle stays small. The import is asked for once; components read it through a hook that
 * shows nothing (or a "loading" line) until it is there. A failed load is kept as a sentence.
 */
import { useEffect, useSyncExternalStore } from "react";

export type Loaded<T> = { ok: true; value: T } | { ok: false; message: string } | null;

export interface LazyData<T> {
  /** start loading (once) and resolve when loaded */
  load: () => Promise<T>;
  /** what has arrived so far: null while loading or before anyone asked */
  current: () => Loaded<T>;
  /** a hook: starts the load when a component needs the data, re-renders when it arrives */
  use: () => Loaded<T>;
}

export function lazyData<T>(importer: () => Promise<T>): LazyData<T> {
  let state: Loaded<T> = null;
  let pending: Promise<T> | null = null;
  const listeners = new Set<() => void>();
  const settle = (next: Loaded<T>) => {
    state = next;
    for (const l of listeners) l();
  };
  const load = () => {
    pending ??= importer().then(
      (value) => { settle({ ok: true, value }); return value; },
      (err: unknown) => {
        // A later ask tries again (a flaky network, a redeploy that renamed the chunk).
        pending = null;
        settle({ ok: false, message: `could not be loaded: ${err instanceof Error ? err.message : String(err)}` });
        throw err;
      });
    return pending;
  };
  const subscribe = (l: () => void) => {
    listeners.add(l);
    return () => { listeners.delete(l); };
  };
  const current = () => state;
  return {
    load,
    current,
    use: () => {
      const value = useSyncExternalStore(subscribe, current);
      useEffect(() => { load().catch(() => {}); }, []);
      return value;
    },
  };
}
