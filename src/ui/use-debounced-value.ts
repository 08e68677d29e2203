// Shared by the timeline's filter and the incidents dialog's search (features do not import each
// other).
import { useEffect, useState } from 'react';

/** The value, once it has stopped changing for `ms`: each keystroke must not compute a new view. */
export function useDebouncedValue<T>(value: T, ms: number): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setDebounced(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return debounced;
}
