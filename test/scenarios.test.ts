// The training scenarios as they ship (public/scenarios, issue 8 part 1): every folder's manifest
// validates against its own files, the files are what the generator writes now (nobody hand-edits
// a log), the engine's analysis of all the sources concludes what the manifest expects and offers
// every hypothesis and step it names, the key lines are ones the analysis cites (or the manifest
// says why not), and the manifest's own reference answer grades right with full recall.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnalysisResult, Hypothesis } from '../src/core/analysis/model.ts';
import type { Workbench } from '../src/core/engine/workbench.ts';
import { buildScenario, NOT_CITED, scenarioIds, scenarioIndex } from '../src/core/generate/scenarios.ts';
import { grade } from '../src/core/training/grade.ts';
import {
  crossCheck,
  evidenceRefOf,
  namedSymptomOf,
  revealedFiles,
  validateManifest,
} from '../src/core/training/manifest.ts';
import type {
  EventLocation,
  KeyEvidence,
  ScenarioManifest,
  TraineeAnswer,
} from '../src/core/training/model.ts';
import { workbenchOf } from './helpers/analysis.ts';

const DIR = join(import.meta.dirname, '..', 'public', 'scenarios');
const folders = readdirSync(DIR, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();

function readFolder(id: string): Record<string, string> {
  return Object.fromEntries(
    readdirSync(join(DIR, id)).map((name) => [name, readFileSync(join(DIR, id, name), 'utf8')]),
  );
}

/** Every hypothesis of the tree, depth first. */
function walk(hs: readonly Hypothesis[]): Hypothesis[] {
  return hs.flatMap((h) => [h, ...walk(h.children)]);
}

/** The lines a key evidence covers, per file: its line (or record), and its `also` lines. */
function keySpans(k: KeyEvidence): { file: string; from: number; to: number }[] {
  const own = k.record
    ? { file: k.file, from: k.record[0], to: k.record[1] }
    : { file: k.file, from: k.line, to: k.line };
  const also = (k.also ?? []).map((a) => {
    const r = evidenceRefOf(a)!;
    return { file: r.file, from: r.line, to: r.line };
  });
  return [own, ...also];
}

/**
 * The reference answer a perfect trainee gives: the expected branch, every key line pinned, every
 * listed alternative ruled out with what its rule asks for (its cited lines and its keywords),
 * every verification step done.
 */
function referenceAnswer(m: ScenarioManifest): TraineeAnswer {
  const expected = m.expected.hypothesis ?? m.expected.cause;
  const rejected = Object.entries(m.validRejections ?? {}).map(([hypothesisId, rule]) => {
    const requires = rule.requires ?? [];
    const cites = requires.flatMap((r) => {
      const ref = evidenceRefOf(r);
      return ref && m.sources.some((s) => s.file === ref.file) ? [ref] : [];
    });
    const words = requires.filter((r) => !cites.some((c) => `${c.file}:${c.line}` === r));
    return { hypothesisId, reason: `Ruled out: ${words.join(', ') || 'the lines say otherwise'}`, cites };
  });
  return {
    cause: expected,
    ranking: [expected],
    pinned: m.keyEvidence.map((k) => ({ file: k.file, line: k.line })),
    rejected,
    checks: [],
    verificationDone: [...m.verification],
    hintsUsed: 0,
    seconds: 60 * 5 * m.reveal.length,
    revealedAll: false,
  };
}

describe('public/scenarios', () => {
  it("holds the generator's scenarios, at least five, listed in index.json in teaching order", () => {
    expect(folders.length).toBeGreaterThanOrEqual(5);
    expect(folders).toEqual([...scenarioIds()].sort());
    const index = JSON.parse(readFileSync(join(DIR, 'index.json'), 'utf8'));
    expect(index).toEqual(scenarioIndex());
    expect(readFileSync(join(DIR, 'index.json'), 'utf8')).toBe(
      `${JSON.stringify(scenarioIndex(), null, 2)}\n`,
    );
    // The sample-like case first; the list says what each manifest says.
    expect(index[0].id).toBe('shim-memcg-oom');
    for (const entry of index) {
      const m = JSON.parse(readFileSync(join(DIR, entry.id, 'manifest.json'), 'utf8'));
      expect({ id: m.id, title: m.title, difficulty: m.difficulty, summary: m.summary }).toEqual(entry);
    }
  });
});

for (const id of folders) {
  describe(`scenario ${id}`, () => {
    const folder = readFolder(id);
    const json = JSON.parse(folder['manifest.json']);
    const m = json as ScenarioManifest;
    const files: Record<string, string> = Object.fromEntries(
      (m.sources ?? []).map((s) => [s.file, folder[s.file]]),
    );
    let wb: Workbench;
    let analysis: AnalysisResult;
    let eventRef: (eventId: string) => EventLocation | null;

    beforeAll(async () => {
      // As the replay runs it: every source in a Workbench, the manifest's named symptom given.
      wb = await workbenchOf(files);
      const named = namedSymptomOf(m);
      analysis = wb.analysis(named ? { userSymptoms: [named] } : {});
      eventRef = (eventId) => {
        const r = wb.eventRows([eventId])[0];
        return r ? { file: r.sourceName, line: r.line, lineEnd: r.lineEnd } : null;
      };
    }, 60_000);

    it('validates against its files, and the folder holds nothing else', () => {
      expect(validateManifest(json, files).errors).toEqual([]);
      expect(Object.keys(folder).sort()).toEqual([...m.sources.map((s) => s.file), 'manifest.json'].sort());
      expect(m.id).toBe(id);
    });

    it('is what the generator writes now, byte for byte', () => {
      const built = buildScenario(id);
      expect(folder['manifest.json']).toBe(`${JSON.stringify(built.manifest, null, 2)}\n`);
      expect(built.files.map((f) => f.name).sort()).toEqual(m.sources.map((s) => s.file).sort());
      for (const f of built.files) expect(folder[f.name], f.name).toBe(f.text);
    });

    it('reveals every source, one step at a time after the symptom', () => {
      expect(m.reveal[0].files).toEqual([]);
      expect(revealedFiles(m, m.reveal.length - 1).sort()).toEqual(m.sources.map((s) => s.file).sort());
      expect(m.reveal.every((step, i) => i === 0 || step.files.length > 0)).toBe(true);
    });

    it('has the engine conclude the expected cause, and names only what the analysis offers', () => {
      const summary = `${analysis.verdict.cause} ${analysis.verdict.hypothesis} ${analysis.verdict.reason}`;
      expect(analysis.verdict.cause, summary).toBe(m.expected.cause);
      const child = walk(analysis.hypotheses).find((h) => h.id === m.expected.hypothesis);
      if (m.expected.hypothesis) {
        expect(['supported', 'likely'], summary).toContain(child?.verdict);
        expect(analysis.verdict.hypothesis, summary).toBe(m.expected.hypothesis);
      }
      expect(crossCheck(m, analysis)).toEqual([]);
    });

    it('has every key line cited by the analysis, or says in its why that it is not', async () => {
      const ids = [
        ...new Set(
          walk(analysis.hypotheses).flatMap((h) => [...h.for, ...h.against].flatMap((e) => e.eventIds)),
        ),
      ];
      const cited = wb
        .eventRows(ids)
        .map((r) => ({ file: r.sourceName, from: r.line, to: r.lineEnd ?? r.line }));
      for (const k of m.keyEvidence) {
        const hit = keySpans(k).some((s) =>
          cited.some((c) => c.file === s.file && c.from <= s.to && c.to >= s.from),
        );
        const says = k.why.includes(NOT_CITED);
        expect(hit || says, `${k.file}:${k.line} is cited by no hypothesis and its why does not say so`).toBe(
          true,
        );
        // The note must be true: a line the analysis does cite is not called uncited.
        expect(hit && says, `${k.file}:${k.line} is cited, but its why says it is not`).toBe(false);
      }
    });

    it('grades its own reference answer right, with every key line found and every ruling valid', () => {
      const r = grade({ manifest: m, answer: referenceAnswer(m), analysis, eventRef });
      expect(r.cause.verdict).toBe('right');
      expect(r.evidence.recall).toBe(1);
      expect(r.evidence.precision).toBe(1);
      expect(r.evidence.requiredMissed).toEqual([]);
      expect(r.rejections.filter((x) => !x.valid)).toEqual([]);
      expect(r.verification.skipped).toEqual([]);
    });
  });
}
