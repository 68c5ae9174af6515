// CCUS file ingestion: the public surface used by the import step and the `cycle` command.

export { encodeCp932 } from './cp932.js';
export { type CycleCharge, type CycleJson, type CycleStatus, toCycleJson } from './cycle-json.js';
export type { Encoding } from './decode.js';
export { MAX_LISTED_ERRORS, type ReadError, type ReadErrorCode } from './errors.js';
export { csvField, csvRecord, escapeFormula } from './escape.js';
export {
  importUnregisteredSheet,
  type SheetOutcome,
  type SheetTarget,
  sheetName,
  UNREGISTERED_HEADERS,
  type UnregisteredLine,
  unregisteredTemplate,
} from './excel.js';
export { CCUS_COLUMNS, type CcusField } from './header.js';
export {
  type ByteSource,
  type IngestOptions,
  type IngestOutcome,
  type IngestRefused,
  type IngestValidated,
  ingestCcusFile,
} from './ingest.js';
export { type Master, MasterError, masterSchema, parseMaster, registryData, siteOf } from './master.js';
