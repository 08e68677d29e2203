// Training mode (issue 8): the app shell composes the lock notice and the attempt's clock here
// (both light: the clock counts while any tab is open) and loads the Training tab itself
// (training-panel.tsx) when it is first opened.
export { useTrainingClock } from './attempt-clock.ts';
export { TrainingLockNotice, useTrainingLocked } from './lock-notice.tsx';
