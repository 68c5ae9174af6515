// Rules the monthly-cycle definition must keep, whoever edits it: JSONPath only (the local runtime ignores
// JSONata and Assign silently), no wait without a deadline (R-DEADLINE), no dead or dangling state, and
// every ${…} placeholder filled by the stack's DefinitionSubstitutions.
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { ASL_PATH } from '../../scripts/gen/diagram.js';
import { only, synthesized } from './synth.js';

interface State {
  Type: string;
  Next?: string;
  Default?: string;
  End?: boolean;
  Resource?: string;
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  Choices?: { Next: string }[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
  [k: string]: unknown;
}
interface Definition {
  StartAt: string;
  States: Record<string, State>;
  [k: string]: unknown;
}

const text = readFileSync(ASL_PATH, 'utf8');
const definition = JSON.parse(text) as Definition;
const states = Object.entries(definition.States);

function successors(s: State): string[] {
  return [
    s.Next,
    s.Default,
    ...(s.Choices ?? []).map((c) => c.Next),
    ...(s.Catch ?? []).map((c) => c.Next),
  ].filter((n): n is string => typeof n === 'string');
}

/** Every key anywhere in the definition, with the path that leads to it. */
function keys(value: unknown, path = '$'): [string, string][] {
  if (Array.isArray(value)) return value.flatMap((v, i) => keys(v, `${path}[${i}]`));
  if (value === null || typeof value !== 'object') return [];
  return Object.entries(value).flatMap(([k, v]) => [
    [k, path] as [string, string],
    ...keys(v, `${path}.${k}`),
  ]);
}

describe('statemachines/monthly-cycle.asl.json', () => {
  it('uses JSONPath only: no JSONata, no Assign, no JSONata-only fields', () => {
    const all = keys(definition);
    const queryLanguages = all.filter(([k]) => k === 'QueryLanguage');
    for (const [, path] of queryLanguages) expect(path).toBeDefined();
    expect(text).not.toMatch(/"QueryLanguage"\s*:\s*"JSONata"/);
    expect(all.filter(([k]) => k === 'Assign')).toEqual([]);
    // Arguments / Output replace Parameters / OutputPath under JSONata; {% … %} is a JSONata expression.
    expect(all.filter(([k]) => k === 'Arguments' || k === 'Output')).toEqual([]);
    expect(text).not.toContain('{%');
  });

  it('gives every waitForTaskToken Task a timeout and a Catch for States.Timeout', () => {
    const callbacks = states.filter(
      ([, s]) => s.Type === 'Task' && /\.waitForTaskToken$/.test(s.Resource ?? ''),
    );
    expect(callbacks.length).toBeGreaterThan(0);
    for (const [name, s] of callbacks) {
      expect(s.TimeoutSeconds ?? s.TimeoutSecondsPath, name).toBeDefined();
      const catchers = (s.Catch ?? []).flatMap((c) => c.ErrorEquals);
      expect(catchers, name).toContain('States.Timeout');
    }
  });

  it('bounds the whole execution', () => {
    expect(definition.TimeoutSeconds).toBeGreaterThan(0);
  });

  it('has no dangling transition and no state unreachable from StartAt', () => {
    const names = new Set(Object.keys(definition.States));
    expect(names.has(definition.StartAt)).toBe(true);
    for (const [name, s] of states)
      for (const next of successors(s)) expect(names, `${name} → ${next}`).toContain(next);

    const reached = new Set<string>();
    const queue = [definition.StartAt];
    while (queue.length > 0) {
      const name = queue.shift()!;
      if (reached.has(name)) continue;
      reached.add(name);
      queue.push(...successors(definition.States[name]!));
    }
    expect([...names].filter((n) => !reached.has(n))).toEqual([]);
  });

  it('ends every path: each state has Next, End, or is a Choice, Succeed or Fail', () => {
    for (const [name, s] of states) {
      const terminal = s.End === true || s.Type === 'Succeed' || s.Type === 'Fail';
      if (s.Type === 'Choice') expect(s.Default ?? s.Choices?.length, name).toBeTruthy();
      else expect(terminal !== (s.Next !== undefined), name).toBe(true);
    }
  });

  describe('as deployed', () => {
    beforeAll(() => void synthesized(), 120_000);

    it('fills every substitution placeholder of the definition, and has no other substitution', () => {
      const { json } = synthesized();
      const [, machine] = only(json.stateless, 'AWS::StepFunctions::StateMachine');
      const substitutions = Object.keys(
        machine.Properties?.DefinitionSubstitutions as Record<string, unknown>,
      );
      const placeholders = [...new Set([...text.matchAll(/\$\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]!))];
      expect(placeholders.sort()).toEqual(substitutions.sort());
    });
  });
});

describe('the committed definition is the generated one', () => {
  it('statemachines/monthly-cycle.asl.json equals scripts/gen/asl.ts (run `npx tsx scripts/gen/asl.ts`)', async () => {
    const { readFileSync } = await import('node:fs');
    const { ASL_PATH, renderDefinition } = await import('../../scripts/gen/asl.js');
    expect(readFileSync(ASL_PATH, 'utf8')).toBe(renderDefinition());
  });
});

describe('monthly cycle: retries and the end of a superseded run', () => {
  type Retrier = { ErrorEquals: string[]; MaxAttempts?: number };
  const tasks = states.filter(([, s]) => s.Type === 'Task');
  const retriers = (s: State) => (s.Retry ?? []) as Retrier[];
  const retried = (s: State) => retriers(s).flatMap((r) => r.ErrorEquals);

  it('every task retries a handler time-out, a Lambda time-out and the transient errors of its handler', () => {
    for (const [name, s] of tasks) {
      expect(retried(s), name).toEqual(
        expect.arrayContaining(['TransientError', 'Sandbox.Timedout', 'Lambda.Unknown']),
      );
    }
  });

  it('a wait for people never retries its own time-out (that is the next reminder), plain tasks do', () => {
    for (const [name, s] of tasks) {
      if (s.Resource?.endsWith('.waitForTaskToken')) expect(retried(s), name).not.toContain('States.Timeout');
      else if (name !== 'RecordFailure') expect(retried(s), name).toContain('States.Timeout');
    }
  });

  it('RecordContributions, once points moved, is retried on anything for hours before failing', () => {
    const s = definition.States.RecordContributions!;
    const last = retriers(s).at(-1)!;
    expect(last.ErrorEquals).toEqual(['States.ALL']);
    expect(last.MaxAttempts).toBeGreaterThanOrEqual(20);
  });

  it('every task but the failure record ends a superseded run in Superseded, not in the failure path', () => {
    for (const [name, s] of tasks) {
      if (name === 'RecordFailure') continue;
      const catches = s.Catch ?? [];
      const superseded = catches.findIndex((c) => c.ErrorEquals.includes('Superseded'));
      const all = catches.findIndex((c) => c.ErrorEquals.includes('States.ALL'));
      expect(superseded, name).toBeGreaterThanOrEqual(0);
      expect(catches[superseded]!.Next, name).toBe('Superseded');
      expect(superseded, name).toBeLessThan(all);
    }
  });
});
