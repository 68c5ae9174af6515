import { describe, expect, it } from 'vitest';
import * as domain from '../../../domain/index.js';

describe('domain barrel', () => {
  it('exports the rule book', () => {
    for (const name of [
      'dailyRateOn',
      'chargeForDates',
      'wholeMonths',
      'eligibility',
      'estimateAllowance',
      'ALLOWANCE_TABLES',
      'exemptionRefundAtRenewal',
      'mispaidReturn',
      'purchasePlan',
      'nextBusinessDayAfter',
      'autoFileVisibleOn',
      'reportDeadline',
      'provisionWindow',
      'retentionEarliestDeletion',
      'public40Deadline',
      'milestonesCrossed',
      'checkTermination',
      'DEFAULT_CLOSURES',
      'DAILY_RATES',
      'DomainError',
      'createImportAggregator',
      'validateImport',
      'normalizeKana',
      'createInMemoryRegistry',
      'reconcile',
      'pointKindOf',
    ]) {
      expect(domain, name).toHaveProperty(name);
    }
  });
});
