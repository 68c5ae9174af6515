// The people-facing use cases' world in memory: the fixtures' month (support.ts) with the ports the API
// adds (contribution history, audit trail), the month as authorization resolves it for the prime or for a
// company of the chain, and a wait of the cycle to resume.
import { expect } from 'vitest';
import type { WaitKind } from '../../../domain/ports/storage.js';
import type { MonthAccess } from '../../../functions/shared/use-cases/month/access.js';
import { type Deps, MONTH, monthDeps, SITE } from './support.js';

export const M = { siteId: SITE, workMonth: MONTH };

/** The cycle's ports in memory plus the API's (history over the same contribution records). */
export async function peopleDeps(masterFile?: string) {
  const deps = await monthDeps(masterFile);
  return Object.assign(deps, { history: deps.contributions });
}

export type PeopleDeps = Awaited<ReturnType<typeof peopleDeps>>;

/** The month as authorization resolves it for the site's prime. */
export async function primeAccess(deps: Deps): Promise<MonthAccess> {
  const [site, imp] = await Promise.all([
    deps.registry.getSite(SITE),
    deps.imports.currentImport(SITE, MONTH),
  ]);
  return { relation: 'own', ...(site ? { site } : {}), ...(imp ? { imp } : {}), companies: [] };
}

/** The month as authorization resolves it for the contractor of a company in the chain. */
export async function chainAccess(deps: Deps, contractorNo: string): Promise<MonthAccess> {
  const own = await primeAccess(deps);
  const companies = (own.imp?.companies ?? []).filter((c) => c.tier >= 1 && c.contractorNo === contractorNo);
  return { ...own, relation: 'chain', companies };
}

/** The cycle waits for `kind` on the current import (its task token: `token-<kind>`). */
export async function waiting(deps: Deps, kind: WaitKind) {
  const imp = await deps.imports.currentImport(SITE, MONTH);
  const wait = {
    siteId: SITE,
    workMonth: MONTH,
    waitKind: kind,
    importId: imp!.importId,
    deadline: '2026-11-30',
    createdAt: deps.clock.iso(),
  };
  expect(await deps.waits.put(wait, `token-${kind}`)).toBe('stored');
}
