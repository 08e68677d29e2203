// The ingest feature's public surface (composed by src/app).

export { IngestProvider } from './ingest-context.tsx';
export { IngestPanel } from './ingest-panel.tsx';
export { LoadSampleButton } from './load-sample-button.tsx';
