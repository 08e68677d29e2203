// Training mode (issue 8): the app shell composes the lock notice here and loads the Training
// tab itself (training-panel.tsx) when it is first opened.
export { TrainingLockNotice, useTrainingLocked } from './lock-notice.tsx';
