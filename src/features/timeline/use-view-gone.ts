import { useEffect, useRef } from 'react';

/**
 * The engine keeps only its latest views: a histogram or lanes asked of an older one fail with
 * "View v3 is gone". Then the view is asked for again (once per view id, so an engine that keeps
 * failing does not loop), and the new id brings a new answer.
 */
export function useViewGone(error: Error | null, viewId: string | null, onViewGone: () => void): void {
  const retried = useRef<string | null>(null);
  const latest = useRef(onViewGone);
  latest.current = onViewGone;
  useEffect(() => {
    if (!error || viewId === null || retried.current === viewId) return;
    // "View v3 is gone (sources changed or newer views replaced it): query the view again"
    if (!/\bis gone\b/.test(error.message)) return;
    retried.current = viewId;
    latest.current();
  }, [error, viewId]);
}
