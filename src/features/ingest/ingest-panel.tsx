import { useEffect, useRef } from 'react';
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
