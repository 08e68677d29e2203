// The one place where the app's display zone is chosen (the header shows it): UTC, the browser's
// zone, or a fixed offset. Every time shown elsewhere follows it; UTC stays one hover away.
import { type DisplayZone, useWorkbenchStore } from '../../state/store.ts';
import { offsetOptions, offsetText } from './clock-model.ts';

const encode = (z: DisplayZone): string => (typeof z === 'number' ? `off:${z}` : z);

function decode(v: string): DisplayZone {
  if (v === 'utc' || v === 'local') return v;
  const n = Number(v.slice(4));
  return Number.isInteger(n) ? n : 'utc';
}

/** The browser's offset now, minutes east of UTC. */
export function browserOffsetMinutes(): number {
  return -new Date().getTimezoneOffset();
}

export function DisplayZoneSelect() {
  const zone = useWorkbenchStore((s) => s.displayZone);
  const setZone = useWorkbenchStore((s) => s.setDisplayZone);
  const fixed = offsetOptions(typeof zone === 'number' ? zone : undefined);
  return (
    <label className="display-zone" title="The zone every time is shown in (hover a time for UTC)">
      <span className="display-zone-label">Times in</span>
      <select
        className="display-zone-select"
        value={encode(zone)}
        onChange={(e) => setZone(decode(e.target.value))}
      >
        <option value="utc">UTC</option>
        <option value="local">Browser zone ({offsetText(browserOffsetMinutes())})</option>
        <optgroup label="Fixed offset">
          {fixed.map((m) => (
            <option key={m} value={`off:${m}`}>
              UTC{offsetText(m)}
            </option>
          ))}
        </optgroup>
      </select>
    </label>
  );
}
