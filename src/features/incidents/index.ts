// The incidents feature's public surface (composed by src/app): the provider that holds the
// Incidents dialog, the header's title and save status, and the notices strip under the header.

export { IncidentHeader } from './incident-header.tsx';
export { IncidentNotices } from './incident-notices.tsx';
export { IncidentsProvider } from './incidents-provider.tsx';
