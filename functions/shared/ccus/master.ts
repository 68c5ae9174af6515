// master.json of the `cycle` command (spec cli.md, "master.json"), parsed with zod. Errors name the JSON
// path, so an operator can fix the file. `run` seeds the same data into storage.
import { z } from 'zod';
import type { RegistryData } from '../../../domain/import/memory-registry.js';
import type { Site } from '../../../domain/types.js';

const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, { error: 'YYYY-MM-DD の日付ではありません' })
  .refine(
    (s) => {
      const t = new Date(`${s}T00:00:00Z`);
      return !Number.isNaN(t.getTime()) && t.toISOString().slice(0, 10) === s;
    },
    { error: '存在しない日付です' },
  );
const key = z.string().trim().min(1, { error: '空です' });
const count = z.number().int({ error: '整数ではありません' }).min(0, { error: '負の数です' });
const kind = z.enum(['regular', 'special']);

export const masterSchema = z.object({
  contractors: z.array(
    z.object({
      contractorNo: key,
      name: z.string(),
      kind,
      active: z.boolean(),
      points: count,
      specialPoints: count,
    }),
  ),
  members: z.array(
    z.object({
      memberNo: key,
      kanaFamily: z.string(),
      kanaGiven: z.string(),
      kind,
      days: count,
      firstBook: z.boolean(),
    }),
  ),
  companyMappings: z.array(z.object({ companyId: key, contractorNo: key })).default([]),
  workerMappings: z.array(z.object({ workerId: key, memberNo: key })).default([]),
  sites: z.array(
    z
      .object({
        siteId: key,
        name: z.string(),
        primeContractorNo: key,
        linkMethod: z.enum(['auto', 'manual']),
        outputMethod: z.enum(['元請一括', '一次一括']),
        accumulationStart: isoDate,
        accumulationEnd: isoDate,
        linkedOn: isoDate,
        // 賃金支払日 (R-DEADLINE); absent = paid within the work month.
        wagePayment: z.enum(['same-month', 'next-month']).optional(),
      })
      .refine((s) => s.accumulationStart <= s.accumulationEnd, {
        error: '就業履歴蓄積期間の開始が終了より後です',
        path: ['accumulationEnd'],
      }),
  ),
  users: z
    .array(
      z.object({
        userId: key,
        contractorNo: key,
        role: z.enum(['事業者責任者', '管理者', '現場管理者', '担当者']),
        // The notice directory (local runs): address, name, reminder mails on or off.
        email: z.email({ error: 'メールアドレスではありません' }).optional(),
        name: z.string().optional(),
        reminders: z.boolean().optional(),
      }),
    )
    .optional(),
  // Corrections remembered earlier (not in cli.md; accepted so tests can seed them).
  forcedImports: z.array(z.object({ siteId: key, workerId: key })).optional(),
  firstTierChoices: z.array(z.object({ siteId: key, companyId: key, firstTierCompanyId: key })).optional(),
  reviewedDoubleEmployers: z
    .array(z.object({ siteId: key, workMonth: z.string(), workerId: key }))
    .optional(),
});

export type Master = z.output<typeof masterSchema>;

export class MasterError extends Error {
  constructor(readonly problems: string[]) {
    super(`master.json is not valid:\n  ${problems.join('\n  ')}`);
    this.name = 'MasterError';
  }
}

/** `sites[0].accumulationStart` from a zod path. */
function pathText(path: readonly PropertyKey[]): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : `${out === '' ? '' : '.'}${String(p)}`;
  return out === '' ? '(root)' : out;
}

/** Parse master.json text; throws MasterError naming each bad JSON path. */
export function parseMaster(text: string): Master {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw new MasterError([`JSON として読めません: ${(e as Error).message}`]);
  }
  const r = masterSchema.safeParse(json);
  if (!r.success) throw new MasterError(r.error.issues.map((i) => `${pathText(i.path)}: ${i.message}`));
  const dupes: string[] = [];
  const seen = (what: string, ids: string[]) => {
    const s = new Set<string>();
    ids.forEach((id, n) => {
      if (s.has(id)) dupes.push(`${what}[${n}]: 重複しています (${id})`);
      s.add(id);
    });
  };
  seen(
    'contractors',
    r.data.contractors.map((c) => c.contractorNo),
  );
  seen(
    'members',
    r.data.members.map((m) => m.memberNo),
  );
  seen(
    'sites',
    r.data.sites.map((s) => s.siteId),
  );
  if (dupes.length > 0) throw new MasterError(dupes);
  return r.data;
}

/** The registry part of the master, for createInMemoryRegistry. */
export function registryData(m: Master): RegistryData {
  return {
    contractors: m.contractors.map(({ contractorNo, name, kind, active }) => ({
      contractorNo,
      name,
      kind,
      active,
    })),
    members: m.members,
    companyMappings: m.companyMappings,
    workerMappings: m.workerMappings,
    forcedImports: m.forcedImports ?? [],
    firstTierChoices: m.firstTierChoices ?? [],
    reviewedDoubleEmployers: m.reviewedDoubleEmployers ?? [],
  };
}

export function siteOf(m: Master, siteId: string): Site | undefined {
  return m.sites.find((s) => s.siteId === siteId);
}
