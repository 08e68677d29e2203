import { useEffect, useRef } from 'react';
import { SAMPLE_TITLE } from '../../persistence/session.ts';
import { useIncidentSession, useSessionSnapshot } from '../../state/incident-context.tsx';
import { DropZone } from './drop-zone.tsx';
import { useIngest } from './ingest-context.tsx';
import { JobList } from './job-list.tsx';
import { LoadSampleButton } from './load-sample-button.tsx';
import { PasteArea } from './paste-area.tsx';

export function IngestPanel() {
  const { sample, loadSample } = useIngest();
  const autoLoaded = useRef(false);

  // ?sample=1 opens the app with the sample incident (links in docs, demos, e2e). The ref keeps
  // StrictMode's second effect run from loading it twice.
  useEffect(() => {
    if (autoLoaded.current) return;
    autoLoaded.current = true;
    if (new URLSearchParams(window.location.search).get('sample') === '1') loadSample();
  }, [loadSample]);

  // The sample's first source makes the incident, titled SAMPLE_TITLE (the session does not know
  // the manifest): once both are there, the incident takes the sample's own title. Only an
  // incident of sample sources still under that default title is renamed, and only once.
  const session = useIncidentSession();
  const { active } = useSessionSnapshot();
  const renamed = useRef<string | null>(null);
  const sampleTitle = sample.status === 'loaded' ? `Sample: ${sample.manifest.title}` : null;
  useEffect(() => {
    if (!sampleTitle || !active || renamed.current === active.id) return;
    if (active.title !== SAMPLE_TITLE || !active.sources.every((s) => s.kind === 'sample')) return;
    renamed.current = active.id;
    session.rename(active.id, sampleTitle).catch(() => {
      // The incident keeps its default title: nothing is lost, the user may rename it.
    });
  }, [session, active, sampleTitle]);

  return (
    <section className="ingest" aria-labelledby="ingest-title">
      <div className="section-head">
        <h2 id="ingest-title">Add sources</h2>
        <LoadSampleButton variant="small" />
      </div>
      {sample.status === 'error' && (
        <p className="job-error" role="alert">
          {sample.error}
        </p>
      )}
      {sample.status === 'loaded' && (
        <div className="sample-note">
          <strong>Sample: {sample.manifest.title}</strong>
          <p>{sample.manifest.description}</p>
        </div>
      )}
      <PasteArea />
      <DropZone />
      <JobList />
    </section>
  );
}
