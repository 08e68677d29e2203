// The incident's id until incidents are stored (issue 7): the app and the CLI derive it the same
// way from the sources' content, so one set of files gives one id in both.

/**
 * FNV-1a over the sorted content hashes of the sources: `inc-3f2a9c1e`; order-free, so adding the
 * same files in another order names the same incident.
 */
export function incidentIdOf(contentHashes: readonly string[]): string {
  if (contentHashes.length === 0) return 'inc-empty';
  const text = [...contentHashes].sort().join('|');
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return `inc-${(h >>> 0).toString(16).padStart(8, '0')}`;
}
