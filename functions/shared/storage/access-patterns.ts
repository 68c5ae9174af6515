// The named Query access patterns of the table (DynamoDB-Toolbox EntityAccessPattern), one per AP-n of
// docs/data-model.md. Point reads (GetItem/BatchGetItem) need no pattern: their key is keys.ts.
import { AccessPattern as EntityAccessPattern } from 'dynamodb-toolbox/entity/actions/accessPattern';
import { item } from 'dynamodb-toolbox/schema/item';
import { string } from 'dynamodb-toolbox/schema/string';
import type { Entities } from './entities.js';
import { keys, OPEN_WAITS, OUTBOX_PENDING, PREFIX, SITE_DIRECTORY } from './keys.js';

// Every pattern reads all pages: a partition is bounded (one site-month, one ledger), and callers
// need the whole answer (a reconciliation over half the entries would prove nothing).
const ALL_PAGES = { maxPages: Number.POSITIVE_INFINITY } as const;

/** Built once per store (createStore): the repositories take them from there. */
export function createAccessPatterns(e: Entities) {
  const siteInput = item({ siteId: string() });
  const monthInput = item({ siteId: string(), workMonth: string() });
  const contractorInput = item({ contractorNo: string() });

  return {
    sitesOfContractor: e.site
      .build(EntityAccessPattern)
      .schema(contractorInput)
      .pattern(({ contractorNo }) => ({
        index: 'GSI1' as const,
        partition: SITE_DIRECTORY,
        range: { beginsWith: `${PREFIX.site}${contractorNo}#` },
      }))
      .options(ALL_PAGES)
      .meta({ title: 'AP-7', description: 'Sites (and linkage settings) of a prime contractor' }),

    allSites: e.site
      .build(EntityAccessPattern)
      .schema(item({}))
      .pattern(() => ({ index: 'GSI1' as const, partition: SITE_DIRECTORY }))
      .options(ALL_PAGES)
      .meta({ title: 'AP-28', description: 'Every site (GSI1 site directory), for the monthly sweep' }),

    usersOfContractor: e.user
      .build(EntityAccessPattern)
      .schema(contractorInput)
      .pattern(({ contractorNo }) => ({
        index: 'GSI1' as const,
        partition: `${PREFIX.contractor}${contractorNo}`,
        range: { beginsWith: PREFIX.user },
      }))
      .options(ALL_PAGES)
      .meta({ title: 'AP-9', description: 'Users of a contractor' }),

    companiesOfContractor: e.companyMapping
      .build(EntityAccessPattern)
      .schema(contractorInput)
      .pattern(({ contractorNo }) => ({
        index: 'GSI1' as const,
        partition: `${PREFIX.contractor}${contractorNo}`,
        range: { beginsWith: PREFIX.company },
      }))
      .options(ALL_PAGES)
      .meta({ title: 'AP-27', description: 'CCUS companies mapped (事後登録) to a contractor' }),

    forcedImportsOfSite: e.forcedImport
      .build(EntityAccessPattern)
      .schema(siteInput)
      .pattern(({ siteId }) => ({ partition: keys.site(siteId).PK, range: { beginsWith: PREFIX.forced } }))
      .options(ALL_PAGES)
      .meta({ title: 'AP-10', description: '強制取込 remembered for a site' }),

    firstTierChoicesOfSite: e.firstTierChoice
      .build(EntityAccessPattern)
      .schema(siteInput)
      .pattern(({ siteId }) => ({ partition: keys.site(siteId).PK, range: { beginsWith: PREFIX.firstTier } }))
      .options(ALL_PAGES)
      .meta({ title: 'AP-11', description: '同現場複数一次選択 of a site' }),

    doubleEmployerReviewsOfMonth: e.doubleEmployerReview
      .build(EntityAccessPattern)
      .schema(monthInput)
      .pattern(({ siteId, workMonth }) => ({
        partition: keys.monthPartition(siteId, workMonth),
        range: { beginsWith: PREFIX.double },
      }))
      .options(ALL_PAGES)
      .meta({ title: 'AP-12', description: 'Reviewed same-day double employments of a site × month' }),

    exclusionsOfMonth: e.exclusion
      .build(EntityAccessPattern)
      .schema(monthInput)
      .pattern(({ siteId, workMonth }) => ({
        partition: keys.monthPartition(siteId, workMonth),
        range: { beginsWith: PREFIX.exclusion },
      }))
      .options(ALL_PAGES)
      .meta({ title: 'AP-33', description: '取り込まない (R-EXCLUDE) of a site × month' }),

    importsOfMonth: e.importRecord
      .build(EntityAccessPattern)
      .schema(monthInput)
      .pattern(({ siteId, workMonth }) => ({
        partition: keys.monthPartition(siteId, workMonth),
        range: { beginsWith: PREFIX.import },
      }))
      .options({ ...ALL_PAGES, consistent: true })
      .meta({ title: 'AP-13', description: 'Imports (current, superseded, refused) of a site × month' }),

    linesOfImport: e.workLine
      .build(EntityAccessPattern)
      .schema(item({ siteId: string(), workMonth: string(), importId: string() }))
      .pattern(({ siteId, workMonth, importId }) => ({
        partition: keys.monthPartition(siteId, workMonth),
        range: { beginsWith: keys.linePrefix(importId) },
      }))
      .options({ ...ALL_PAGES, consistent: true })
      .meta({ title: 'AP-14', description: 'Work lines (就労実績) of one import' }),

    reportsOfMonth: e.firstTierReport
      .build(EntityAccessPattern)
      .schema(monthInput)
      .pattern(({ siteId, workMonth }) => ({
        partition: keys.monthPartition(siteId, workMonth),
        range: { beginsWith: PREFIX.report },
      }))
      .options({ ...ALL_PAGES, consistent: true })
      .meta({ title: 'AP-16', description: '一次 reports of a site × month' }),

    applicationsOfContractor: e.application
      .build(EntityAccessPattern)
      .schema(item({ contractorNo: string(), status: string().optional() }))
      .pattern(({ contractorNo, status }) => ({
        index: 'GSI1' as const,
        partition: `${PREFIX.contractor}${contractorNo}`,
        range: { beginsWith: status === undefined ? PREFIX.application : `${PREFIX.application}${status}#` },
      }))
      .options(ALL_PAGES)
      .meta({ title: 'AP-18', description: 'Applications of a prime, by status then month' }),

    ledgerEntries: e.ledgerEntry
      .build(EntityAccessPattern)
      .schema(item({ contractorNo: string(), pointKind: string().enum('regular', 'special') }))
      .pattern(({ contractorNo, pointKind }) => ({
        partition: keys.ledgerPartition(contractorNo, pointKind),
        range: { beginsWith: PREFIX.entry },
      }))
      .options({ ...ALL_PAGES, consistent: true })
      .meta({ title: 'AP-21', description: 'Ledger entries of a contractor × point kind' }),

    contributionsOfMember: e.contribution
      .build(EntityAccessPattern)
      .schema(item({ memberNo: string() }))
      .pattern(({ memberNo }) => ({
        partition: keys.member(memberNo).PK,
        range: { beginsWith: PREFIX.contribution },
      }))
      .options(ALL_PAGES)
      .meta({ title: 'AP-23', description: 'Contribution records (days by month and site) of a member' }),

    pendingOutbox: e.outbox
      .build(EntityAccessPattern)
      .schema(item({}))
      .pattern(() => ({ index: 'GSI1' as const, partition: OUTBOX_PENDING }))
      .meta({ title: 'AP-24', description: 'Notifications not yet delivered, oldest first (sparse index)' }),

    auditOfSite: e.audit
      .build(EntityAccessPattern)
      .schema(siteInput)
      .pattern(({ siteId }) => ({ partition: `${PREFIX.audit}${keys.auditScope(siteId)}` }))
      .options(ALL_PAGES)
      .meta({ title: 'AP-25', description: 'Audit trail of the decisions on a site, in time order' }),

    auditGlobal: e.audit
      .build(EntityAccessPattern)
      .schema(item({}))
      .pattern(() => ({ partition: `${PREFIX.audit}${keys.auditScope(undefined)}` }))
      .options(ALL_PAGES)
      .meta({ title: 'AP-25', description: 'Audit trail of what was decided without a site (AUDIT#GLOBAL)' }),

    auditOfActor: e.audit
      .build(EntityAccessPattern)
      .schema(item({ actor: string() }))
      .pattern(({ actor }) => ({
        index: 'GSI1' as const,
        partition: `${PREFIX.user}${actor}`,
        range: { beginsWith: PREFIX.audit },
      }))
      .options(ALL_PAGES)
      .meta({ title: 'AP-26', description: 'Audit trail of the decisions of one user' }),

    openWaits: e.waitToken
      .build(EntityAccessPattern)
      .schema(item({}))
      .pattern(() => ({ index: 'GSI1' as const, partition: OPEN_WAITS }))
      .options(ALL_PAGES)
      .meta({ title: 'AP-30', description: 'Open waits, by deadline (sparse index)' }),
  };
}

export type AccessPatterns = ReturnType<typeof createAccessPatterns>;
