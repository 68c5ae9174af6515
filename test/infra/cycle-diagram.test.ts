// docs/cycle.md is generated from the ASL; it must be regenerated (npm run docs:cycle) whenever the ASL changes.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DOC_PATH, describeCondition, readDefinition, renderCycleDoc } from '../../scripts/gen/diagram.js';

describe('docs/cycle.md', () => {
  it('is what scripts/gen/diagram.ts produces from the committed ASL (run `npm run docs:cycle`)', () => {
    // Prepare
    const committed = readFileSync(DOC_PATH, 'utf8');
    // Act
    const generated = renderCycleDoc(readDefinition());
    // Assess
    expect(committed).toBe(generated);
  });

  it('draws every state, its Choice conditions, Catch errors and the ends', () => {
    const doc = renderCycleDoc({
      Comment: 'tiny',
      StartAt: 'A',
      States: {
        A: {
          Type: 'Task',
          Comment: 'Does A.',
          Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
          TimeoutSeconds: 60,
          // biome-ignore lint/suspicious/noTemplateCurlyInString: an ASL substitution placeholder, not a template.
          Parameters: { FunctionName: '${AFunctionArn}' },
          Catch: [{ ErrorEquals: ['States.Timeout', 'Oops'], Next: 'Boom' }],
          Next: 'Pick',
        },
        Pick: {
          Type: 'Choice',
          Choices: [{ Variable: '$.x.status', StringEquals: 'ok', Next: 'Done' }],
          Default: 'Boom',
        },
        Done: { Type: 'Pass', End: true },
        Boom: { Type: 'Fail' },
      },
    });
    expect(doc).toContain('```mermaid\nstateDiagram-v2\n  [*] --> A\n');
    expect(doc).toContain('  A --> Pick\n');
    expect(doc).toContain('  A --> Boom: States.Timeout, Oops\n');
    expect(doc).toContain('  Pick --> Done: status = ok\n');
    expect(doc).toContain('  Pick --> Boom: otherwise\n');
    expect(doc).toContain('  Done --> [*]\n');
    expect(doc).toContain('  Boom --> [*]\n');
    expect(doc).toContain('  class A waiting\n');
    expect(doc).toContain('- **A** (Task → A, waits for a callback, timeout 60 s): Does A.');
  });

  it('labels compound and path conditions briefly', () => {
    expect(
      describeCondition({
        And: [
          { Variable: '$.a.n', NumericGreaterThanEquals: 3 },
          { Not: { Variable: '$.b', IsPresent: true } },
          { Variable: '$.c', StringEqualsPath: '$.d.e' },
        ],
      }),
    ).toBe('n ≥ 3 and not (b present) and c = e');
    expect(
      describeCondition({
        Or: [
          { Variable: '$.x', BooleanEquals: true },
          { Variable: '$.y', IsNull: false },
        ],
      }),
    ).toBe('(x = true) or (y not null)');
  });
});
