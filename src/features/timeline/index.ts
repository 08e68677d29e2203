// The timeline feature's public surface (composed by src/app).
export { TimelinePanel } from './timeline-panel.tsx';
