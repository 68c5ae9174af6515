// Bundle budget: every function as CycleFunction bundles it (scripts/bundles.ts: esbuild, ESM, minified,
// AWS SDK external), built in memory. A handler that reaches the CDK (aws-cdk-lib is ~40 MB), pulls
// zod's classic build into a cycle function, or grows past its budget fails here, named with its size,
// rather than as a slow synth and a slow cold start. Load times are the bench's (`bench -- coldstart`).
import { beforeAll, describe, expect, it } from 'vitest';
import { ENTRY_METADATA } from '../../infra/constructs/cycle-function.js';
import { bundleFunctions, CLASSIC_ZOD, type FunctionBundle } from '../../scripts/bundles.js';
import { ofType, synthesized } from './synth.js';

/**
 * A cycle function: its event schema, one use case, the repositories it names (dynamodb-toolbox ~100 KB),
 * Powertools' logger and metrics. The CCUS reader (PapaParse, wanakana, the row checks) fits too.
 */
const CYCLE_BUDGET = 300_000;
/** The approval API: every route but the Excel ones, schemas on zod/mini, no X-Ray SDK (docs/lambdas.md). */
const API_BUDGET = 600_000;
/** The Excel routes (CCUS未登録技能者): exceljs and its zip stack (~0.9 MB) on top of the API's own. */
const EXCEL_BUDGET = 1_500_000;
const budgetOf = (name: string) =>
  name === 'api' ? API_BUDGET : name === 'api-excel' ? EXCEL_BUDGET : CYCLE_BUDGET;
const FORBIDDEN = /^node_modules\/(aws-cdk-lib|constructs|@aws-cdk|cdk-nag|esbuild)\//;
const isCycle = (b: FunctionBundle) => !b.name.startsWith('api');

let bundles: FunctionBundle[] = [];

beforeAll(async () => {
  const { json } = synthesized();
  const entries = ofType(json.stateless, 'AWS::Lambda::Function').map(([, f]) =>
    String(f.Metadata?.[ENTRY_METADATA]),
  );
  bundles = await bundleFunctions(entries);
}, 300_000);

describe('function bundles', () => {
  it('bundles every function', () => {
    expect(bundles).toHaveLength(13);
  });

  it('leaves the CDK out of every function (import the table definition, not the construct)', () => {
    const forbidden = (b: FunctionBundle) => [
      ...new Set(Object.keys(b.inputs).flatMap((i) => i.match(FORBIDDEN)?.[1] ?? [])),
    ];
    expect(
      bundles.filter((b) => forbidden(b).length > 0).map((b) => `${b.entry}: ${forbidden(b).join(', ')}`),
    ).toEqual([]);
  });

  it("keeps zod's classic build out of the cycle's functions (their schemas are on zod/mini)", () => {
    expect(
      bundles
        .filter(isCycle)
        .filter((b) => Object.keys(b.inputs).some((i) => CLASSIC_ZOD.test(i)))
        .map((b) => b.entry),
    ).toEqual([]);
  });

  it(`keeps every cycle function under ${CYCLE_BUDGET} bytes minified (the API under ${API_BUDGET}, Excel under ${EXCEL_BUDGET})`, () => {
    expect(
      bundles
        .filter((b) => b.bytes > budgetOf(b.name))
        .map((b) => `${b.name}: ${b.bytes} bytes, budget ${budgetOf(b.name)}`),
    ).toEqual([]);
  });
});
