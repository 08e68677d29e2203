// The sources feature's public surface (composed by src/app).
export { SourceList } from './source-list.tsx';
