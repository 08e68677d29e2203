// One monotonic clock domain of a source (a boot): how its seconds since boot became wall time,
// from which evidence, how well the anchors agree, and a few anchor pairs to jump to.
import type { BootAlignment, Row } from '../../core/engine/engine-api.ts';
import { formatCount, formatCountOf, formatMonotonic, formatTimeFull } from '../../state/format.ts';
import { useEventRows } from '../../state/queries.ts';
import { useWorkbenchStore } from '../../state/store.ts';
import { durationText, evidenceText } from './clock-model.ts';

/** Anchor pairs shown per boot: enough to check by eye, few enough to read. */
export const EXAMPLES_SHOWN = 3;

const DECIDED_BY: Record<BootAlignment['decidedBy'], string> = {
  evidence: 'fitted from evidence',
  user: 'decided by you',
  none: 'not decided',
};

function short(text: string, n = 60): string {
  return text.length > n ? `${text.slice(0, n - 1)}…` : text;
}

function EventLink({ id, row, side }: { id: string; row: Row | undefined; side: 'mono' | 'wall' }) {
  const selectEvent = useWorkbenchStore((s) => s.selectEvent);
  const setActivePanel = useWorkbenchStore((s) => s.setActivePanel);
  let when = '';
  if (row) {
    if (side === 'mono' && row.monotonic !== undefined) when = `[${formatMonotonic(row.monotonic)}]`;
    else if (row.time !== null) when = formatTimeFull(row.time).slice(11, 23);
  }
  const where = row ? `${row.sourceName}:${row.line}` : id;
  return (
    <button
      type="button"
      className="anchor-link"
      title={row ? `${where}\n${row.message}` : `Show ${id} in the timeline`}
      onClick={() => {
        selectEvent(id);
        setActivePanel('timeline');
      }}
    >
      <span className="anchor-where">{where}</span>
      {when && <code className="anchor-when">{when}</code>}
      {row && <span className="anchor-msg">{short(row.message)}</span>}
    </button>
  );
}

function AnchorExamples({ examples }: { examples: BootAlignment['examples'] }) {
  const shown = examples.slice(0, EXAMPLES_SHOWN);
  const ids = shown.flatMap((x) => [x.monoEventId, x.wallEventId]);
  const { data: rows } = useEventRows(ids);
  const byId = new Map((rows ?? []).map((r) => [r.eventId, r]));
  return (
    <ol className="anchor-list" aria-label="Example anchor pairs">
      {shown.map((x) => (
        <li key={`${x.monoEventId}|${x.wallEventId}`} className="anchor-pair">
          <EventLink id={x.monoEventId} row={byId.get(x.monoEventId)} side="mono" />
          <span className="anchor-delta" title="Wall time of the pair minus the fitted time">
            Δ {x.deltaUs < 0 ? '-' : '+'}
            {durationText(x.deltaUs)}
          </span>
          <EventLink id={x.wallEventId} row={byId.get(x.wallEventId)} side="wall" />
        </li>
      ))}
    </ol>
  );
}

export function BootDomain({
  boot,
  names,
  accepted = false,
}: {
  boot: BootAlignment;
  names: ReadonlyMap<string, string>;
  /** The user accepted the source's clock as shown: a fitted boot says so (it is not a typed one). */
  accepted?: boolean;
}) {
  const aligned = boot.bootTimeUs !== null;
  const decided =
    accepted && boot.decidedBy === 'evidence'
      ? 'fitted from evidence, accepted by you'
      : DECIDED_BY[boot.decidedBy];
  return (
    <li className={`boot ${aligned ? 'boot-aligned' : 'boot-unaligned'}`} aria-label={`Boot ${boot.boot}`}>
      <div className="boot-head">
        <span className="boot-id" title="Clock domain: a boot id, boot-N, or #N for a restarted dmesg clock">
          boot <code>{boot.boot}</code>
        </span>
        <span className="muted">{formatCountOf(boot.events, 'event')}</span>
      </div>
      {aligned ? (
        <p className="boot-time">
          <span className="muted">booted at (UTC)</span>
          <code>{formatTimeFull(boot.bootTimeUs ?? 0)}</code>
        </p>
      ) : (
        <p className="boot-time boot-none">not aligned - times stay seconds since boot</p>
      )}
      <dl className="boot-stats">
        <div>
          <dt>anchors</dt>
          <dd>{formatCount(boot.anchors)}</dd>
        </div>
        <div>
          <dt>residual</dt>
          <dd>{boot.residualUs === null ? '–' : durationText(boot.residualUs)}</dd>
        </div>
        <div>
          <dt>uncertainty</dt>
          <dd>{boot.uncertaintyUs === null ? '–' : `± ${durationText(boot.uncertaintyUs)}`}</dd>
        </div>
      </dl>
      <p className="boot-evidence" title={boot.reason}>
        <span className="muted">from </span>
        {evidenceText(boot, names)}
        <span className="muted"> · {decided}</span>
      </p>
      {/* Why there is no offset is worth reading in full; a fit's reason repeats the numbers above. */}
      {!aligned && boot.reason && <p className="boot-reason">{boot.reason}</p>}
      {boot.examples.length > 0 && <AnchorExamples examples={boot.examples} />}
    </li>
  );
}
