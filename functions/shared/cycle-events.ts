// The events the cycle's functions accept, one place: the state machine's Payloads and the S3 event.
// On zod's mini build (tree-shaken, ~20 KB instead of ~450 KB): a cycle Lambda reports a bad event by
// field path and issue code only, so it needs none of the classic build's messages or methods.
import * as z from 'zod/mini';
import { WAIT_KINDS } from '../../domain/ports/storage.js';

const isoDay = z.string().check(z.regex(/^\d{4}-\d{2}-\d{2}$/));
const nonEmpty = z.string().check(z.minLength(1));

export const siteId = z.string().check(z.regex(/^[0-9]{1,20}$/));
export const workMonth = z.string().check(z.regex(/^\d{4}-(0[1-9]|1[0-2])$/));
export const waitKind = z.enum(WAIT_KINDS);

const monthIdShape = { siteId, workMonth, importId: z.string().check(z.minLength(1), z.maxLength(64)) };
export const monthIds = z.object(monthIdShape);

export const importEvent = z.object({
  ...monthIdShape,
  bucket: nonEmpty,
  key: nonEmpty,
  versionId: nonEmpty,
});

export const planWaitEvent = z.object({ ...monthIdShape, waitKind });

export const awaitEvent = z.object({
  ...monthIdShape,
  waitKind,
  taskToken: nonEmpty,
  notice: z.enum(['request', 'reminder', 'overdue']),
  timeoutSeconds: z.int().check(z.positive()),
  dueOn: isoDay,
});

export const notifyEvent = z.object({
  notice: z.enum(['file-refused', 'rejected', 'charged', 'cycle-failed', 'file-missing', 'no-work']),
  siteId,
  workMonth,
  importId: z.optional(z.string()),
  failure: z.optional(z.object({ Error: z.optional(z.string()), Cause: z.optional(z.string()) })),
});

/** EventBridge "Object Created" from the inbox bucket. */
export const objectCreatedEvent = z.object({
  'detail-type': z.literal('Object Created'),
  detail: z.object({
    bucket: z.object({ name: z.string() }),
    object: z.object({ key: z.string(), 'version-id': z._default(z.string(), 'null') }),
  }),
});

/** EventBridge Scheduler invocation (time is the scheduled time, or omitted). */
export const sweepEvent = z.looseObject({ date: z.optional(isoDay) });

/** The notice dispatcher's schedule: its event carries nothing the run needs. */
export const scheduleEvent = z.looseObject({});
