// Pins every generated key: the state machine and scripts may write these strings directly.

import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient } from '@aws-sdk/lib-dynamodb';
import { describe, expect, it } from 'vitest';
import { createStore } from '../../../functions/shared/storage/entities.js';
import { gsi1, keys, OUTBOX_PENDING, part, SITE_DIRECTORY } from '../../../functions/shared/storage/keys.js';
import { APP_TABLE } from '../../../functions/shared/storage/table-definition.js';

describe('table keys (exact strings)', () => {
  it.each([
    ['contractor', keys.contractor('1234567890'), { PK: 'CONTRACTOR#1234567890', SK: 'PROFILE' }],
    ['member', keys.member('M001'), { PK: 'MEMBER#M001', SK: 'PROFILE' }],
    ['exemption decision', keys.memberExemption('M001', 1), { PK: 'MEMBER#M001', SK: 'EXEMPTION#1' }],
    ['registry import', keys.registryImport('ab12'), { PK: 'REGISTRY-IMPORT#ab12', SK: 'IMPORT' }],
    [
      'contribution',
      keys.contribution('M001', '2026-04', 'S1', 'CO1'),
      { PK: 'MEMBER#M001', SK: 'CONTRIB#2026-04#S1#CO1' },
    ],
    ['company mapping', keys.companyMapping('CO1'), { PK: 'COMPANY#CO1', SK: 'CONTRACTOR' }],
    ['worker mapping', keys.workerMapping('W1'), { PK: 'WORKER#W1', SK: 'MEMBER' }],
    [
      'company correction (R-MAPPING-SCOPE: under its prime)',
      keys.companyCorrection('C1', 'CO1'),
      { PK: 'CONTRACTOR#C1', SK: 'FIX-COMPANY#CO1' },
    ],
    [
      'worker correction (R-MAPPING-SCOPE: under its prime)',
      keys.workerCorrection('C1', 'W1'),
      { PK: 'CONTRACTOR#C1', SK: 'FIX-WORKER#W1' },
    ],
    ['user', keys.user('U1'), { PK: 'USER#U1', SK: 'PROFILE' }],
    ['site (and linkage setting)', keys.site('S1'), { PK: 'SITE#S1', SK: 'PROFILE' }],
    ['forced import', keys.forcedImport('S1', 'W1'), { PK: 'SITE#S1', SK: 'FORCED#W1' }],
    ['first-tier choice', keys.firstTierChoice('S1', 'CO2'), { PK: 'SITE#S1', SK: 'FIRST-TIER#CO2' }],
    [
      'double-employer review',
      keys.doubleEmployerReview('S1', '2026-04', 'W1'),
      { PK: 'SITE#S1#MONTH#2026-04', SK: 'DOUBLE#W1' },
    ],
    [
      'exclusion (取り込まない) of a company',
      keys.exclusion('S1', '2026-04', 'company', 'CO9'),
      { PK: 'SITE#S1#MONTH#2026-04', SK: 'EXCLUDE#company#CO9' },
    ],
    [
      'exclusion (取り込まない) of a worker',
      keys.exclusion('S1', '2026-04', 'worker', 'W9'),
      { PK: 'SITE#S1#MONTH#2026-04', SK: 'EXCLUDE#worker#W9' },
    ],
    ['month state', keys.monthState('S1', '2026-04'), { PK: 'SITE#S1#MONTH#2026-04', SK: 'CURRENT' }],
    ['import', keys.import('S1', '2026-04', 'I1'), { PK: 'SITE#S1#MONTH#2026-04', SK: 'IMPORT#I1' }],
    [
      'work line',
      keys.workLine('S1', '2026-04', 'I1', 'W1', 'CO1'),
      { PK: 'SITE#S1#MONTH#2026-04', SK: 'LINE#I1#W1#CO1' },
    ],
    [
      'first-tier report',
      keys.firstTierReport('S1', '2026-04', 'CO2'),
      { PK: 'SITE#S1#MONTH#2026-04', SK: 'REPORT#CO2' },
    ],
    ['application', keys.application('S1', '2026-04'), { PK: 'SITE#S1#MONTH#2026-04', SK: 'APPLICATION' }],
    [
      'wait token',
      keys.waitToken('S1', '2026-04', 'Approval'),
      { PK: 'SITE#S1#MONTH#2026-04', SK: 'WAIT#Approval' },
    ],
    ['balance (regular)', keys.balance('C1', 'regular'), { PK: 'LEDGER#C1#regular', SK: 'BALANCE' }],
    ['balance (特別)', keys.balance('C1', 'special'), { PK: 'LEDGER#C1#special', SK: 'BALANCE' }],
    [
      'ledger entry (debit of an application)',
      keys.ledgerEntry('C1', 'regular', 'debit', 'S1:2026-04'),
      { PK: 'LEDGER#C1#regular', SK: 'ENTRY#debit#S1:2026-04' },
    ],
    [
      'ledger entry (purchase by payment id)',
      keys.ledgerEntry('C1', 'special', 'purchase', 'PAY-1'),
      { PK: 'LEDGER#C1#special', SK: 'ENTRY#purchase#PAY-1' },
    ],
    ['outbox message', keys.outbox('m1'), { PK: 'OUTBOX#m1', SK: 'MESSAGE' }],
    ['delivery of a message', keys.delivery('m1', 'U1'), { PK: 'OUTBOX#m1', SK: 'DELIVERY#U1' }],
    ['user contact', keys.contact('U1'), { PK: 'USER#U1', SK: 'CONTACT' }],
    [
      'audit (site)',
      keys.audit(keys.auditScope('S1'), '2026-05-01T00:00:00.000Z', 'a1'),
      { PK: 'AUDIT#SITE#S1', SK: '2026-05-01T00:00:00.000Z#a1' },
    ],
    [
      'audit (global)',
      keys.audit(keys.auditScope(undefined), '2026-05-01T00:00:00.000Z', 'a1'),
      { PK: 'AUDIT#GLOBAL', SK: '2026-05-01T00:00:00.000Z#a1' },
    ],
    [
      'API idempotency record (AP-29), scoped by caller',
      keys.idempotency('user-sub-1', '0b6e3c1a-key'),
      { PK: 'IDEMPOTENCY#user-sub-1#0b6e3c1a-key', SK: 'REQUEST' },
    ],
  ])('%s', (_name, actual, expected) => {
    expect(actual).toEqual(expected);
  });

  it('prefixes for queries', () => {
    expect(keys.monthPartition('S1', '2026-04')).toBe('SITE#S1#MONTH#2026-04');
    expect(keys.linePrefix('I1')).toBe('LINE#I1#');
    expect(keys.ledgerPartition('C1', 'regular')).toBe('LEDGER#C1#regular');
  });
});

describe('GSI1 keys (exact strings)', () => {
  it.each([
    [
      "site directory (all sites; a prime's by prefix)",
      gsi1.site('C1', 'S1'),
      { GSI1PK: 'SITES', GSI1SK: 'SITE#C1#S1' },
    ],
    [
      'user of a contractor',
      gsi1.userOfContractor('C1', 'U1'),
      { GSI1PK: 'CONTRACTOR#C1', GSI1SK: 'USER#U1' },
    ],
    [
      'company mapped to a contractor',
      gsi1.companyOfContractor('C1', 'CO1'),
      { GSI1PK: 'CONTRACTOR#C1', GSI1SK: 'COMPANY#CO1' },
    ],
    [
      'application of a prime',
      gsi1.applicationOfContractor('C1', '申請', '2026-04', 'S1'),
      { GSI1PK: 'CONTRACTOR#C1', GSI1SK: 'APP#申請#2026-04#S1' },
    ],
    [
      'pending outbox',
      gsi1.pendingOutbox('2026-05-01T00:00:00.000Z', 'm1'),
      { GSI1PK: OUTBOX_PENDING, GSI1SK: '2026-05-01T00:00:00.000Z#m1' },
    ],
    [
      'parked outbox',
      gsi1.parkedOutbox('2026-05-01T00:00:00.000Z', 'm1'),
      { GSI1PK: 'OUTBOX#PARKED', GSI1SK: '2026-05-01T00:00:00.000Z#m1' },
    ],
    [
      'notice of a user',
      gsi1.noticeOfUser('U1', '2026-05-01T00:00:00.000Z', 'm1'),
      { GSI1PK: 'USER#U1', GSI1SK: 'NOTICE#2026-05-01T00:00:00.000Z#m1' },
    ],
    [
      'open wait',
      gsi1.openWait('2026-11-30', 'S1', '2026-10', 'Approval'),
      { GSI1PK: 'WAIT#OPEN', GSI1SK: '2026-11-30#S1#2026-10#Approval' },
    ],
    [
      'audit by actor',
      gsi1.auditByActor('U1', '2026-05-01T00:00:00.000Z', 'a1'),
      { GSI1PK: 'USER#U1', GSI1SK: 'AUDIT#2026-05-01T00:00:00.000Z#a1' },
    ],
  ])('%s', (_name, actual, expected) => {
    expect(actual).toEqual(expected);
  });
  it('fixed partitions', () => {
    expect(OUTBOX_PENDING).toBe('OUTBOX#PENDING');
    expect(SITE_DIRECTORY).toBe('SITES');
  });
});

describe('key parts', () => {
  it('refuses the separator and empty parts, so two tuples never share a key', () => {
    expect(() => keys.workLine('S1', '2026-04', 'I1', 'A#B', 'C')).toThrow(/workerId/);
    expect(() => keys.contractor('')).toThrow(/contractorNo/);
    expect(() => part('x#y')).toThrow();
    expect(part('x')).toBe('x');
  });
  it('refuses an Idempotency-Key or caller holding the separator', () => {
    expect(() => keys.idempotency('u1', 'a#b')).toThrow(/idempotencyKey/);
    expect(() => keys.idempotency('u#1', 'k')).toThrow(/scope/);
  });
  it('refuses a malformed work month', () => {
    expect(() => keys.monthPartition('S1', '2026-4')).toThrow(/YYYY-MM/);
    expect(() => keys.contribution('M1', '2026-13', 'S1', 'C')).toThrow(/YYYY-MM/);
  });
});

describe('TTL (R-RETAIN)', () => {
  it('only the idempotency entity has the TTL attribute', () => {
    const store = createStore(
      DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-northeast-1' })),
      't',
    );
    const withTtl = Object.entries(store.entities)
      .filter(([, e]) => APP_TABLE.timeToLiveAttribute in (e.schema as { attributes: object }).attributes)
      .map(([name]) => name);
    expect(withTtl).toEqual(['idempotency']);
  });
});
