// The exercise's actions: start (a new incident named for the scenario), reveal the next step or
// all of them, hints, "what I would check next", ranking and ruling out, commit, and the grading
// that follows. The attempt lives in the store (TrainingSlice), so the incident session saves it
// with everything else; sources come from the scenario folder and are added like dropped files,
// so they are saved with the incident too.
import { useCallback, useMemo } from 'react';
import type { AnalysisOptions } from '../../core/analysis/model.ts';
import type { WorkbenchClient } from '../../core/engine/client-api.ts';
import { answerOf, newAttempt } from '../../core/training/attempt.ts';
import { grade } from '../../core/training/grade.ts';
import { hintsAt, namedSymptomOf } from '../../core/training/manifest.ts';
import type {
  EventLocation,
  GradeResult,
  Hint,
  LineCite,
  ScenarioManifest,
  TrainingAttempt,
} from '../../core/training/model.ts';
import { useWorkbenchClient } from '../../state/client-context.tsx';
import { useIncidentSession } from '../../state/incident-context.tsx';
import { useAddSource } from '../../state/queries.ts';
import { useWorkbenchStore } from '../../state/store.ts';
import { ScenarioGoneError, type ScenarioOrigin, scenarioFileReader } from '../../state/training.ts';
import { foldForCommit } from './attempt-clock.ts';
import { missingFiles, trainingTitle } from './training-model.ts';

/** The hints offered at `step`, earliest first: a hint once shown stays the same one as steps go by. */
export function hintsOffered(m: ScenarioManifest, step: number): Hint[] {
  return hintsAt(m, step)
    .map((h, i) => ({ h, i }))
    .sort((a, b) => (a.h.afterStep ?? 0) - (b.h.afterStep ?? 0) || a.i - b.i)
    .map(({ h }) => h);
}

/** What the analysis is asked with: the store's decisions, own hypotheses and named symptoms (the manifest's symptom). */
function analysisOptions(): AnalysisOptions {
  const s = useWorkbenchStore.getState();
  return { decisions: s.decisions, custom: s.customHypotheses, userSymptoms: s.userSymptoms };
}

/** Gradings running, by attempt (its start): a second caller (StrictMode, a re-render) waits for the first. */
const grading = new Map<number, Promise<void>>();

/**
 * Grades the committed answer against the analysis of all the scenario's sources (the sources
 * not revealed yet are added first: the grade, and the Analysis tab the trainee compares with,
 * read the whole incident). Pins and cited lines are placed with the engine's rows: event id ->
 * source name (the scenario's file name) and lines.
 */
async function gradeCommitted(
  client: WorkbenchClient,
  addFiles: (origin: ScenarioOrigin, files: readonly string[]) => Promise<void>,
  a: TrainingAttempt,
): Promise<GradeResult> {
  if (!a.answer) throw new Error('Nothing committed yet.');
  const { manifest, answer } = a;
  // A kept scenario deleted during the attempt: graded on the sources it revealed (the feedback
  // says so); the reference lines in the others count as missed, as for anything not pinned.
  await addFiles(
    a,
    manifest.sources.map((s) => s.file),
  ).catch((e: unknown) => {
    if (!(e instanceof ScenarioGoneError)) throw e;
  });
  const analysis = await client.analysis(analysisOptions());
  const cites: LineCite[] = [...answer.pinned, ...answer.rejected.flatMap((r) => r.cites)];
  const ids = [...new Set(cites.flatMap((c) => ('eventId' in c ? [c.eventId] : [])))];
  const rows = ids.length > 0 ? await client.eventRows(ids) : [];
  const places = new Map<string, EventLocation>(
    rows.map((r) => [r.eventId, { file: r.sourceName, line: r.line, lineEnd: r.lineEnd }]),
  );
  return grade({ manifest, answer, analysis, eventRef: (id) => places.get(id) ?? null });
}

export interface TrainingActions {
  /** Plays `m` in a new incident; `localScenarioId`: a scenario kept in this browser (else the app's folder). */
  start: (m: ScenarioManifest, localScenarioId?: string | null) => Promise<void>;
  revealNext: () => Promise<void>;
  revealAll: () => Promise<void>;
  showHint: () => void;
  addCheck: (check: { gapId?: string; command: string }) => void;
  removeCheck: (index: number) => void;
  setRanking: (ids: string[]) => void;
  reject: (hypothesisId: string, reason: string, citedEventIds: readonly string[]) => void;
  unreject: (hypothesisId: string) => void;
  commit: (choice: { cause: string; verificationDone: readonly string[] }) => void;
  /** Grades a committed attempt that has no grade yet (just committed, or the saved one did not read back). */
  gradeNow: () => Promise<void>;
}

export function useTrainingActions(): TrainingActions {
  const session = useIncidentSession();
  const client = useWorkbenchClient();
  const { mutateAsync: addSource } = useAddSource();

  /** Adds the files not among the sources yet (a reveal cut short by a reload is completed, never doubled). */
  const addFiles = useCallback(
    async (origin: ScenarioOrigin, files: readonly string[]) => {
      if (files.length === 0) return;
      const present = (await client.listSources()).map((s) => s.name);
      const read = scenarioFileReader(session, origin);
      for (const file of missingFiles(files, present)) {
        const blob = await read(file);
        await addSource({ input: { name: file, kind: 'file', blob } });
      }
    },
    [client, addSource, session],
  );

  return useMemo<TrainingActions>(() => {
    const get = () => useWorkbenchStore.getState();
    const open = () => {
      const a = get().training;
      return a && a.committedAt === null ? a : null;
    };
    const update = (change: (a: TrainingAttempt) => TrainingAttempt) =>
      get().updateTraining((a) => (a.committedAt === null ? change(a) : a));

    return {
      start: async (m, localScenarioId = null) => {
        // The open incident is saved and left; the exercise gets an incident of its own.
        await session.newIncident();
        const s = get();
        const attempt = newAttempt(m, Date.now(), localScenarioId);
        s.setTraining(attempt);
        const symptom = namedSymptomOf(m);
        if (symptom) s.addUserSymptom(symptom);
        s.setActivePanel('training');
        // The change above makes the incident; once it exists it is named for the exercise.
        await session.flush();
        const active = session.getSnapshot().active;
        if (active) await session.rename(active.id, trainingTitle(m));
        await addFiles(attempt, m.reveal[0]?.files ?? []);
      },
      revealNext: async () => {
        const a = open();
        if (!a || a.step >= a.manifest.reveal.length - 1) return;
        const next = a.step + 1;
        // The step counts once its files are in: a reload in between finds it not taken yet.
        await addFiles(a, a.manifest.reveal[next].files);
        update((t) => ({ ...t, step: Math.max(t.step, next) }));
        // Written now, not after the autosave's delay: a reload right after a reveal resumes it.
        await session.flush();
      },
      revealAll: async () => {
        const a = open();
        if (!a) return;
        const last = a.manifest.reveal.length - 1;
        if (a.step >= last) return;
        await addFiles(
          a,
          a.manifest.reveal.slice(a.step + 1).flatMap((s) => s.files),
        );
        update((t) => ({ ...t, step: last, revealedAll: true }));
        await session.flush();
      },
      showHint: () =>
        update((t) =>
          t.hintsUsed < hintsOffered(t.manifest, t.step).length ? { ...t, hintsUsed: t.hintsUsed + 1 } : t,
        ),
      addCheck: ({ gapId, command }) =>
        update((t) => ({
          ...t,
          checks: [...t.checks, { ...(gapId ? { gapId } : {}), command: command.trim(), atStep: t.step }],
        })),
      removeCheck: (index) => update((t) => ({ ...t, checks: t.checks.filter((_, i) => i !== index) })),
      setRanking: (ids) => update((t) => ({ ...t, ranking: ids })),
      reject: (hypothesisId, reason, citedEventIds) =>
        update((t) => ({
          ...t,
          rejected: [
            ...t.rejected.filter((r) => r.hypothesisId !== hypothesisId),
            { hypothesisId, reason: reason.trim(), cites: citedEventIds.map((eventId) => ({ eventId })) },
          ],
        })),
      unreject: (hypothesisId) =>
        update((t) => ({ ...t, rejected: t.rejected.filter((r) => r.hypothesisId !== hypothesisId) })),
      commit: ({ cause, verificationDone }) => {
        const a = open();
        if (!a) return;
        const at = Date.now();
        // The time spent: the visible time counted, with the stretch running now.
        const activeMs = foldForCommit(a, at);
        const answer = answerOf(
          { ...a, activeMs },
          { cause, pinnedEventIds: get().pins.map((p) => p.eventId), verificationDone, at },
        );
        update((t) => ({ ...t, activeMs, committedAt: at, answer, result: null }));
        void session.flush();
      },
      gradeNow: () => {
        const a = get().training;
        if (!a?.answer || a.result) return Promise.resolve();
        const running = grading.get(a.startedAt);
        if (running) return running;
        const run = gradeCommitted(client, addFiles, a)
          .then((result) =>
            // Kept only on the attempt it grades (the trainee may have started another meanwhile).
            get().updateTraining((t) =>
              t.startedAt === a.startedAt && t.committedAt === a.committedAt ? { ...t, result } : t,
            ),
          )
          .then(() => session.flush())
          .finally(() => grading.delete(a.startedAt));
        grading.set(a.startedAt, run);
        return run;
      },
    };
  }, [session, client, addFiles]);
}
