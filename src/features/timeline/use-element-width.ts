import { type RefObject, useLayoutEffect, useState } from 'react';

/**
 * The CSS width of an element, followed as it resizes (a canvas is drawn at its box's size).
 * Where there is no ResizeObserver (jsdom) the width read at mount is kept.
 */
export function useElementWidth(ref: RefObject<HTMLElement | null>): number {
  const [width, setWidth] = useState(0);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    setWidth(el.clientWidth);
    if (typeof ResizeObserver === 'undefined') return;
    const ro = new ResizeObserver((entries) => {
      const w = entries[0]?.contentRect.width;
      // Whole pixels: sub-pixel jitter must not ask the worker for a new histogram.
      if (w !== undefined) setWidth(Math.floor(w));
    });
    ro.observe(el);
    return () => ro.disconnect();
  }, [ref]);
  return width;
}
