// The recall feature's public surface (issue 8 parts 4 and 5), composed by src/app: beside the
// Analysis tab's verdict, "Save as scenario…" and the similar past incidents; in the Incidents
// dialog, the scenarios kept in this browser and "Import scenario…".

export { RecallAside } from './recall-aside.tsx';
export { ScenarioShelf } from './scenario-shelf.tsx';
