import type { PanelId } from '../state/store.ts';

export const PANELS: readonly { id: PanelId; label: string }[] = [
  { id: 'timeline', label: 'Timeline' },
  { id: 'analysis', label: 'Analysis' },
  { id: 'document', label: 'Document' },
  { id: 'training', label: 'Training' },
];
