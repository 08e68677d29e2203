// The scenario manifest's JSON Schema (draft 2020-12): the published contract for whoever writes
// a public/scenarios/<id>/manifest.json by hand or with a tool, so that an editor can check it as
// it is typed. validateManifest (manifest.ts) stays what the app runs; this schema says the same
// things, as far as a schema can: it is built from the lists and patterns the validator uses
// (cause ids, difficulties, symptom kinds, verification step ids, slug, file name, time), and
// test/scenario-schema.test.ts checks with ajv that both accept and refuse the same manifests.
// What it cannot say, because a schema checks one value at a time against constants (a rule that
// compares two parts of the manifest, or a reference with the files' lines), is validateManifest's
// alone: docs/training.md lists it, and the test names each such error.
// `rca generate --scenario all` writes it to public/scenarios/scenario.schema.json; docs/training.md.
import { CAUSE_IDS } from '../analysis/model.ts';
import { SYMPTOM_KINDS } from '../analysis/symptoms.ts';
import {
  FILE_NAME,
  GAP_STEP,
  ISO_TIME,
  LINE_REF,
  MAX_ID,
  OPTIONAL_TOP_KEYS,
  SLUG,
  SLUG_BODY,
  TOP_KEYS,
  VERIFICATION_STEP_IDS,
} from './manifest.ts';
import { DIFFICULTIES, SCENARIO_SCHEMA_VERSION } from './model.ts';

/** The schema's file name, next to the scenario folders (public/scenarios/). */
export const MANIFEST_SCHEMA_FILE = 'scenario.schema.json';
/** What a committed manifest's `$schema` says: the schema one folder up. */
export const MANIFEST_SCHEMA_REF = `../${MANIFEST_SCHEMA_FILE}`;
/**
 * The schema's identity. A URN, not a URL: the app has no canonical address (it is served from
 * wherever it is deployed), and a schema's $id must not pretend to one an editor would fetch.
 */
export const MANIFEST_SCHEMA_ID = `urn:rca-workbench:scenario-manifest:${SCENARIO_SCHEMA_VERSION}`;

// Only the syntax characters: the `u` mode of a schema's pattern refuses any other escape (`\-`).
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
const CAUSES = `(?:${CAUSE_IDS.map(escapeRegExp).join('|')})`;

/** A JSON value, for the schema's literal. */
export type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/** The schema, as the JSON the file holds (key order is the file's). */
export function manifestJsonSchema(): { [key: string]: Json } {
  const text = (description: string, examples?: string[]): Json => ({
    $ref: '#/$defs/text',
    description,
    ...(examples ? { examples } : {}),
  });
  const sourceFile = (description: string): Json => ({
    type: 'string',
    pattern: FILE_NAME.source,
    description,
  });
  const line = (description: string): Json => ({ $ref: '#/$defs/line', description });
  return {
    $schema: 'https://json-schema.org/draft/2020-12/schema',
    $id: MANIFEST_SCHEMA_ID,
    title: `RCA Workbench training scenario manifest (schemaVersion ${SCENARIO_SCHEMA_VERSION})`,
    description:
      'The manifest.json of a training scenario folder (public/scenarios/<id>/): the symptom the trainee starts from, the sources revealed step by step, and the reference answer the trainee is graded against. This schema is generated from the lists and patterns of the RCA Workbench validator (rca generate --scenario all) and checked against it by tests. It checks each value on its own; the app also checks that the parts agree with each other and with the files (every line reference on a real, non-blank line of its source): see docs/training.md, "The manifest".',
    type: 'object',
    properties: {
      $schema: {
        type: 'string',
        description:
          'Where your editor finds this schema: "../scenario.schema.json" in a folder of public/scenarios. Optional; the app ignores it.',
      },
      schemaVersion: {
        const: SCENARIO_SCHEMA_VERSION,
        description: `The manifest format. This build reads ${SCENARIO_SCHEMA_VERSION} only: a manifest with another version is refused.`,
      },
      id: {
        type: 'string',
        pattern: SLUG.source,
        maxLength: MAX_ID,
        description: `The scenario's id, and the name of its folder: lower-case letters and digits in words joined by single dashes, at most ${MAX_ID} characters.`,
        examples: ['shim-memcg-oom'],
      },
      title: text(
        'Shown in the scenario list and on the feedback page. The trainee reads it first: it must not give the answer away.',
        ['A payments container stuck in Unknown'],
      ),
      difficulty: {
        enum: [...DIFFICULTIES],
        description:
          'The level: intro, intermediate or advanced. When nothing in an attempt is weak, the feedback suggests a scenario of the next level.',
      },
      summary: text(
        'One paragraph for the scenario list: the situation and what to find out, without the answer.',
      ),
      learningGoals: {
        type: 'array',
        minItems: 1,
        items: { $ref: '#/$defs/text' },
        description:
          'What the trainee should learn, one goal per item (at least one); printed on the feedback page.',
      },
      symptom: { $ref: '#/$defs/symptom' },
      sources: {
        type: 'array',
        minItems: 1,
        items: { $ref: '#/$defs/source' },
        description:
          'The files of the folder the trainee investigates, at least one. Each file is listed once and revealed by exactly one step of `reveal`.',
      },
      reveal: {
        type: 'array',
        minItems: 1,
        items: { $ref: '#/$defs/revealStep' },
        description:
          'The story, step by step. Step 0 is the symptom and usually reveals no file; the later steps reveal the sources, each source at exactly one step.',
      },
      hints: {
        type: 'array',
        items: { $ref: '#/$defs/hint' },
        description: 'Hints the trainee may ask for; each one used costs efficiency points. [] for none.',
      },
      expected: { $ref: '#/$defs/expected' },
      keyEvidence: {
        type: 'array',
        minItems: 1,
        items: { $ref: '#/$defs/keyEvidence' },
        description:
          "The lines a good answer rests on, at least one. The trainee's pins are scored against them (precision and recall). Each file:line is listed once.",
      },
      validRejections: {
        type: 'object',
        propertyNames: {
          pattern: `^${CAUSES}(?:/${SLUG_BODY})?$`,
          description:
            'A hypothesis id: a cause id, or a cause id, a slash and a branch (oom-kill-host/container).',
        },
        additionalProperties: { $ref: '#/$defs/rejection' },
        description:
          'The alternatives a good answer rules out, by hypothesis id (a cause id covers all its branches). Never the expected cause or hypothesis. Optional.',
        examples: [{ 'oom-kill-host': { requires: ['CONSTRAINT_MEMCG'] }, 'runtime-error': {} }],
      },
      verification: {
        type: 'array',
        uniqueItems: true,
        items: {
          type: 'string',
          anyOf: [
            { enum: [...VERIFICATION_STEP_IDS] },
            {
              pattern: GAP_STEP.source,
              description: "An unknown verdict's step: gap: and the gap's id (gap:memory-events).",
            },
          ],
        },
        description:
          'The verification steps a good answer performs, each once: the ids the analysis gives (verify-kernel-log...), or gap:<gap id> for the steps of an unknown verdict. [] for none.',
      },
      trainerNotes: {
        type: 'string',
        description:
          'Markdown for the trainer: the story behind the scenario, the traps, what a good answer looks like. Shown to the trainee after grading. May be empty.',
      },
    },
    required: TOP_KEYS.filter((k) => !OPTIONAL_TOP_KEYS.includes(k)),
    additionalProperties: false,
    $defs: {
      text: {
        type: 'string',
        pattern: '\\S',
        description: 'Text with at least one character that is not a space.',
      },
      line: {
        type: 'integer',
        minimum: 1,
        description: 'A line number, counted from 1 as the workbench numbers them.',
      },
      symptom: {
        type: 'object',
        description: 'What the trainee is told at step 0, before any source.',
        properties: {
          title: text('One line: what was seen.', ['checkout pod Unknown on k8s-worker-21']),
          text: text('The page or ticket as the on-call engineer got it (plain text).'),
          named: {
            type: 'object',
            description:
              "The symptom handed to the analysis when the logs alone do not name it (the app adds it as the user's symptom). Optional.",
            properties: {
              kind: {
                enum: [...SYMPTOM_KINDS],
                description: 'What kind of symptom it is.',
              },
              title: text('The symptom in a few words (checkout container Unknown).'),
              container: text('The container it concerns, by name. Optional.'),
              pod: text('The pod, as namespace/name. Optional.', ['payments/checkout-tkv49ntw2-qc86p']),
              time: {
                type: 'string',
                pattern: ISO_TIME.source,
                description: 'When it was seen: an ISO-8601 time with a zone. Optional.',
                examples: ['2025-11-24T07:48:16Z', '2025-11-24T08:48:16.539+01:00'],
              },
            },
            required: ['kind', 'title'],
            additionalProperties: false,
          },
        },
        required: ['title', 'text'],
        additionalProperties: false,
      },
      source: {
        type: 'object',
        description: 'One file of the scenario folder.',
        properties: {
          file: sourceFile(
            'The file name inside the folder, no path: letters, digits, dots, dashes and underscores, not starting with a dot or dash. Listed once.',
          ),
          title: text('What it is, in words (kernel ring buffer).'),
          command: text('The command that collected it on the node (journalctl -k).', ['journalctl -k']),
        },
        required: ['file', 'title', 'command'],
        additionalProperties: false,
      },
      revealStep: {
        type: 'object',
        description: 'One step of the story.',
        properties: {
          title: text('The step as the trainee sees it listed (The kernel log).'),
          narrative: text(
            'What happens in the story at this step: what the on-call engineer did or was told.',
          ),
          files: {
            type: 'array',
            items: { type: 'string', pattern: FILE_NAME.source },
            description: 'The sources revealed at this step (sources[].file); [] at step 0.',
          },
        },
        required: ['title', 'narrative', 'files'],
        additionalProperties: false,
      },
      hint: {
        type: 'object',
        description: 'A hint.',
        properties: {
          text: text('The hint as the trainee reads it.'),
          afterStep: {
            type: 'integer',
            minimum: 0,
            description:
              'Offered from this reveal step on (0 is the symptom); it must be one of the steps. Absent: from the start.',
          },
        },
        required: ['text'],
        additionalProperties: false,
      },
      expected: {
        type: 'object',
        description: 'The reference answer.',
        properties: {
          cause: { $ref: '#/$defs/cause', description: 'The cause the trainee should conclude.' },
          hypothesis: {
            type: 'string',
            pattern: `^${CAUSES}/${SLUG_BODY}$`,
            description:
              'The branch of the cause the scenario teaches: the cause id, a slash and the branch (oom-kill-cgroup/shim). Optional; it must start with the expected cause.',
          },
          partial: {
            type: 'array',
            items: { $ref: '#/$defs/partial' },
            description:
              'Answers that earn "partly", each with what is right and wrong in it. Never the expected answer, none twice. Optional.',
          },
        },
        required: ['cause'],
        additionalProperties: false,
        // expected.hypothesis is a branch of expected.cause: one rule per cause, as a schema can
        // only compare a value with constants.
        allOf: CAUSE_IDS.map((cause) => ({
          if: { properties: { cause: { const: cause } }, required: ['cause'] },
          // biome-ignore lint/suspicious/noThenProperty: JSON Schema's if/then keyword, in plain data never awaited.
          then: { properties: { hypothesis: { type: 'string', pattern: `^${escapeRegExp(cause)}/` } } },
        })),
      },
      cause: {
        enum: [...CAUSE_IDS],
        description: "A cause id: the top level of the workbench's hypothesis tree.",
      },
      partial: {
        type: 'object',
        description: 'An answer that earns "partly": exactly one of cause and hypothesis, and why.',
        properties: {
          cause: { $ref: '#/$defs/cause', description: 'Matches any answer of this cause.' },
          hypothesis: {
            type: 'string',
            pattern: `^${CAUSES}(?:/${SLUG_BODY})?$`,
            description: 'Matches this answer only: a cause id, or a cause id, a slash and a branch.',
          },
          why: text('What is right in it and what is not, shown to the trainee.'),
        },
        required: ['why'],
        // Each branch names the property it requires (ajv's strictRequired asks for it).
        oneOf: [
          { properties: { cause: true }, required: ['cause'] },
          { properties: { hypothesis: true }, required: ['hypothesis'] },
        ],
        additionalProperties: false,
      },
      keyEvidence: {
        type: 'object',
        description: 'A line the reasoning should rest on.',
        properties: {
          file: sourceFile('The source file it is in (sources[].file).'),
          line: line('The line, counted from 1; it must exist in the file and not be blank.'),
          why: text('Why it matters, one sentence, shown after grading.'),
          required: {
            type: 'boolean',
            description: 'true: missing it is called out in the feedback (the lines the cause rests on).',
          },
          // Two lines alike, so `items` and a length say it without a tuple: an editor that reads
          // the schema as draft-07 (no prefixItems) would take a tuple's `items: false` to refuse
          // every record.
          record: {
            type: 'array',
            items: { $ref: '#/$defs/line' },
            minItems: 2,
            maxItems: 2,
            description:
              'The multi-line record holding `line` (a kernel OOM report, a JSON object), as [first line, last line]: a pin anywhere in it counts.',
          },
          also: {
            type: 'array',
            items: {
              type: 'string',
              pattern: LINE_REF.source,
              description: 'file:line of another source (journalctl-k.txt:287).',
            },
            description:
              'The same line in other sources, as file:line (dmesg and journalctl -k print the same kernel line): a pin on one of them counts too.',
          },
        },
        required: ['file', 'line', 'why'],
        additionalProperties: false,
      },
      rejection: {
        type: 'object',
        description: 'What makes ruling this hypothesis out valid. {} accepts any reasoned rejection.',
        properties: {
          requires: {
            type: 'array',
            items: { $ref: '#/$defs/text' },
            description:
              'A valid reason satisfies one of these: a file:line of a source (cited, or written in the reason) or a keyword the reason contains (case-insensitive).',
            examples: [['dmesg.txt:287', 'CONSTRAINT_MEMCG']],
          },
        },
        additionalProperties: false,
      },
    },
  };
}

/** The file public/scenarios/scenario.schema.json holds: the schema, two-space indent, a final newline. */
export function manifestSchemaFile(): string {
  return `${JSON.stringify(manifestJsonSchema(), null, 2)}\n`;
}
