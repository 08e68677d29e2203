// The entities feature's public surface (composed by src/app's sidebar).
export { EntityPanel } from './entity-panel.tsx';
