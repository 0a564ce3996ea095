/**
 * JSON Schema of the payloads whose TypeScript types are the only description the code has:
 * every socket frame and acknowledgement (shared/src/protocol/wire-frames.ts, derived from the
 * protocol's event maps) and the HTTP API's answers (server/src/http/http-answers.ts, which the
 * routes are checked against). Generated from the types themselves by the TypeScript checker
 * (typescript-json-schema), so a payload cannot change without its published schema changing.
 * Objects are strict (`additionalProperties: false`): an outside client's validator refuses a
 * field the server does not document.
 */
import { createHash } from 'node:crypto';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { buildGenerator, type Definition } from 'typescript-json-schema';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** The published name of each type, by the file that declares it. */
export const TYPE_SCHEMA_SOURCES: Record<string, readonly string[]> = {
  'shared/src/protocol/wire-frames.ts': [
    'ContestSnapshotFrame',
    'ContestEventsFrame',
    'CommandAck',
    'ResyncAck',
    'ClockPingAck',
    'WrittenProctorFrame',
    'AudienceFrameFrame',
    'AudienceMeFrame',
    'AudienceIdentityFrame',
    'ModerationQueueFrame',
    'AudienceCommentAck',
    'AudienceLikeAck',
    'AudienceNicknameAck',
    'AudienceOkAck',
    'PlayAlongOpenAck',
    'PlayAlongCloseAck',
    'ModerationPopularityAck',
    'ModerationSenderAck',
    'AudienceSyncAck',
    'PaperWelcomeFrame',
    'PaperStateFrame',
    'PaperNoticeFrame',
    'PaperOpenAck',
    'PaperVersionAck',
  ],
  'server/src/http/http-answers.ts': [
    'HttpErrorAnswer',
    'HealthAnswer',
    'ContestListAnswer',
    'ContestCreatedAnswer',
    'SeatsAnswer',
    'JoinAnswer',
    'VerifyAnswer',
    'ResultsSheetAnswer',
    'ReadyAnswer',
    'LogLine',
  ],
  'server/src/cluster/replication.ts': ['ReplicationStatus'],
  'server/src/cluster/standby.ts': ['StandbyStatus', 'StandbyHealthAnswer', 'StandbyPromoteAnswer'],
  'server/src/cluster/edge-server.ts': ['EdgeHealthAnswer', 'EdgeReadyAnswer'],
  'server/src/http/authoring-answers.ts': [
    'ContestJsonAnswer',
    'DraftReplacedAnswer',
    'QuestionsPreviewAnswer',
    'RosterPreviewAnswer',
    'AuthoringErrorAnswer',
    'ImportRefusedAnswer',
    'ContestProblemsAnswer',
  ],
  'server/src/written/written-answers.ts': [
    'TakerSeatAnswer',
    'WrittenLinksAnswer',
    'WrittenTakersAnswer',
    'WrittenResultsAnswer',
  ],
  'server/src/ingest/ingest-answers.ts': [
    'IngestSourcesAnswer',
    'IngestSourceAnswer',
    'IngestRemovedAnswer',
    'IngestPushAnswer',
  ],
};

/** Every published name generated from a type. */
export const TYPE_SCHEMA_NAMES: readonly string[] = Object.values(TYPE_SCHEMA_SOURCES).flat();

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

/**
 * A generic's or an anonymous type's definition is named by its text (`Record<string,number>`,
 * `{id:string;…}`): give it a short stable name instead (`Record_string_number`, or
 * `Inline_<hash of the text>`), so every `$ref` is a plain name.
 */
const PLAIN = /^[A-Za-z_][A-Za-z0-9_]*$/;
function readableName(text: string): string {
  const record = /^Record<string,([A-Za-z<>,]+?)(\[\])?>$/.exec(text);
  if (record)
    return `Record_string_${record[1]!.replace(/[<>,]+/g, '_').replace(/_$/, '')}${record[2] ? '_array' : ''}`;
  return `Inline_${createHash('sha256').update(text).digest('hex').slice(0, 10)}`;
}

function renameRefs(value: Json, names: ReadonlyMap<string, string>): Json {
  if (Array.isArray(value)) return value.map((v) => renameRefs(v, names));
  if (value === null || typeof value !== 'object') return value;
  const out: { [key: string]: Json } = {};
  for (const [k, v] of Object.entries(value)) {
    if (k === '$ref' && typeof v === 'string' && v.startsWith('#/definitions/')) {
      const name = decodeURIComponent(v.slice('#/definitions/'.length));
      out[k] = `#/definitions/${names.get(name) ?? name}`;
    } else out[k] = renameRefs(v, names);
  }
  return out;
}

/** The parts of typescript-json-schema's generator `mappedRecords` reaches into (its own fields and methods). */
interface GeneratorInternals {
  tc: ts.TypeChecker;
  getClassDefinition(type: ts.Type, definition: Record<string, unknown>): Record<string, unknown>;
  getTypeDefinition(type: ts.Type, asRef?: boolean, unionModifier?: string): Record<string, unknown>;
}

/**
 * typescript-json-schema describes an index signature written out (`{ [k: string]: T }`) but not
 * a mapped one (`Record<string, T>`, `{ [K in …]: T }`): with `noExtraProps` it would publish
 * such a map as an object with no property allowed at all. Give every object type with a string
 * index and no named properties `additionalProperties: <T>` instead, from the checker.
 */
function mappedRecords(generator: object): void {
  const g = generator as GeneratorInternals;
  const original = g.getClassDefinition.bind(g);
  g.getClassDefinition = (type, definition) => {
    const out = original(type, definition);
    const index = g.tc.getIndexInfoOfType(type, ts.IndexKind.String);
    if (index && g.tc.getPropertiesOfType(type).length === 0) {
      out['type'] = 'object';
      // `Record<string, never>` (an empty object): nothing allowed.
      out['additionalProperties'] =
        index.type.flags & ts.TypeFlags.Never ? false : g.getTypeDefinition(index.type, true, 'anyOf');
    }
    return out;
  };
}

/** Sort object keys (definitions included) so the files do not depend on the checker's visiting order. */
function sortKeys(value: Json): Json {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value === null || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((k) => [k, sortKeys(value[k]!)]),
  );
}

/** The JSON Schema (draft-07) of every type in TYPE_SCHEMA_SOURCES, by published name. */
export function typeJsonSchemas(): Record<string, Record<string, unknown>> {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(root, 'tsconfig.tools.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (d) => {
        throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
      },
    },
  );
  if (!config) throw new Error('tsconfig.tools.json could not be read');
  const options: ts.CompilerOptions = {
    ...config.options,
    noEmit: true,
    composite: false,
    declaration: false,
    emitDeclarationOnly: false,
  };
  const files = Object.keys(TYPE_SCHEMA_SOURCES).map((f) => join(root, f));
  const program = ts.createProgram(files, options);
  const problems = ts.getPreEmitDiagnostics(program);
  if (problems.length > 0) {
    throw new Error(
      ts.formatDiagnostics(problems, { ...ts.sys, getCanonicalFileName: (f) => f, getNewLine: () => '\n' }),
    );
  }
  const generator = buildGenerator(program, {
    required: true,
    noExtraProps: true,
    strictNullChecks: true,
    ref: true,
    aliasRef: false,
    topRef: false,
    ignoreErrors: false,
  });
  if (!generator) throw new Error('typescript-json-schema could not build a generator');
  mappedRecords(generator);
  const out: Record<string, Record<string, unknown>> = {};
  for (const name of TYPE_SCHEMA_NAMES) {
    const schema = generator.getSchemaForSymbol(name) as Definition & { definitions?: Record<string, Json> };
    const names = new Map(
      Object.keys(schema.definitions ?? {})
        .filter((k) => !PLAIN.test(k))
        .map((k) => [k, readableName(k)] as const),
    );
    const { $schema: _ignored, ...body } = renameRefs(schema as unknown as Json, names) as Record<string, Json>;
    const definitions = body['definitions'] as Record<string, Json> | undefined;
    if (definitions) {
      body['definitions'] = Object.fromEntries(Object.entries(definitions).map(([k, v]) => [names.get(k) ?? k, v]));
    }
    out[name] = {
      $schema: 'http://json-schema.org/draft-07/schema#',
      $id: `https://leitai.invalid/protocol-schemas/${name}.schema.json`,
      title: name,
      ...(sortKeys(body) as Record<string, unknown>),
    };
  }
  return out;
}
