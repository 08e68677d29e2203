// The clocks feature's public surface (composed by src/app: the sidebar tab and the header's zone).
export { ClockPanel, useClocksNeedingLook } from './clock-panel.tsx';
export { DisplayZoneSelect } from './display-zone-select.tsx';
