// The key-events feature's public surface (composed by src/app's sidebar).
export { KeyEventsPanel } from './key-events-panel.tsx';
