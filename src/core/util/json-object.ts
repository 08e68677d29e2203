/**
 * `raw` parsed as JSON when it holds an object (arrays included), else null: what a reader of
 * text someone else stored (localStorage, a file) needs before it checks the fields it wants.
 * Input: '{"v":1,"incidentId":"i1"}' -> the object; 'not json', 'null', '3' -> null.
 */
export function jsonObjectOrNull(raw: string | null): object | null {
  if (raw === null) return null;
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch {
    return null;
  }
  return typeof parsed === 'object' && parsed !== null ? parsed : null;
}
