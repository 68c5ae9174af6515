// Writes docs/cycle.md: a Mermaid stateDiagram-v2 of statemachines/monthly-cycle.asl.json and the Comment
// of every state, so the picture reviewers read is always the definition that runs. `npm run docs:cycle`;
// test/infra/cycle-diagram.test.ts fails when the committed page differs from what this produces.
import { readFileSync, writeFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { type Actor, FINAL_STATES, MONTH_STATES, RULES, WAIT_OF } from '../../domain/application.js';

export const ASL_PATH = 'statemachines/monthly-cycle.asl.json';
export const DOC_PATH = 'docs/cycle.md';

type Condition = Record<string, unknown> & {
  Variable?: string;
  And?: Condition[];
  Or?: Condition[];
  Not?: Condition;
  Next?: string;
};
interface State {
  Type: string;
  Comment?: string;
  Next?: string;
  End?: boolean;
  Default?: string;
  Choices?: Condition[];
  Catch?: { ErrorEquals: string[]; Next: string }[];
  Resource?: string;
  TimeoutSeconds?: number;
  TimeoutSecondsPath?: string;
  Parameters?: Record<string, unknown>;
  Branches?: Definition[];
  ItemProcessor?: Definition;
  Iterator?: Definition;
}
export interface Definition {
  Comment?: string;
  StartAt: string;
  States: Record<string, State>;
  TimeoutSeconds?: number;
}

// Longest suffix first: GreaterThanEquals must not be read as Equals.
const COMPARATORS: [suffix: string, symbol: string][] = [
  ['GreaterThanEquals', '≥'],
  ['LessThanEquals', '≤'],
  ['GreaterThan', '>'],
  ['LessThan', '<'],
  ['Equals', '='],
  ['Matches', '~'],
];

/** The readable tail of a JSONPath: `$.import.value.status` → `status`. */
function tail(path: string): string {
  return path.split('.').filter(Boolean).pop() ?? path;
}

/** A Choice rule as a short edge label: `status = refused`, `not (…)`, `a and b`. */
export function describeCondition(c: Condition): string {
  if (c.And) return c.And.map((x) => describeCondition(x)).join(' and ');
  if (c.Or) return c.Or.map((x) => `(${describeCondition(x)})`).join(' or ');
  if (c.Not) return `not (${describeCondition(c.Not)})`;
  const variable = tail(String(c.Variable ?? '?'));
  for (const [key, value] of Object.entries(c)) {
    if (key === 'Variable' || key === 'Next') continue;
    if (key === 'IsPresent') return `${variable} ${value ? 'present' : 'absent'}`;
    if (key.startsWith('Is')) return `${variable} ${value ? '' : 'not '}${key.slice(2).toLowerCase()}`;
    const op = COMPARATORS.find(([suffix]) => key.replace(/Path$/, '').endsWith(suffix));
    if (op) return `${variable} ${op[1]} ${key.endsWith('Path') ? tail(String(value)) : String(value)}`;
  }
  return variable;
}

/** Mermaid ids must be plain words; other state names get an alias. */
function idFor(name: string, prefix: string): string {
  const id = `${prefix}${name}`;
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(id)
    ? id
    : `${prefix}s_${[...name].map((ch) => ch.codePointAt(0)).join('_')}`;
}

/** Labels end at the line; ';' and '#' would start a new statement or an entity in Mermaid. */
function label(text: string): string {
  return text.replace(/;/g, ',').replace(/#/g, '♯').replace(/\s+/g, ' ').trim();
}

function isCallback(s: State): boolean {
  return s.Type === 'Task' && /\.waitForTaskToken$/.test(s.Resource ?? '');
}

function renderStates(def: Definition, indent: string, prefix: string, lines: string[]): void {
  const id = (name: string) => idFor(name, prefix);
  for (const name of Object.keys(def.States))
    if (id(name) !== name || prefix) lines.push(`${indent}state "${name}" as ${id(name)}`);
  lines.push(`${indent}[*] --> ${id(def.StartAt)}`);
  for (const [name, s] of Object.entries(def.States)) {
    const from = id(name);
    const nested =
      s.Branches ?? [s.ItemProcessor ?? s.Iterator].filter((d): d is Definition => d !== undefined);
    if (nested.length > 0) {
      lines.push(`${indent}state ${from} {`);
      nested.forEach((branch, i) => {
        if (i > 0) lines.push(`${indent}  --`);
        renderStates(branch, `${indent}  `, `${from}_${i}_`, lines);
      });
      lines.push(`${indent}}`);
    }
    for (const choice of s.Choices ?? [])
      lines.push(`${indent}${from} --> ${id(String(choice.Next))}: ${label(describeCondition(choice))}`);
    if (s.Default) lines.push(`${indent}${from} --> ${id(s.Default)}: otherwise`);
    if (s.Next) lines.push(`${indent}${from} --> ${id(s.Next)}`);
    for (const c of s.Catch ?? [])
      lines.push(`${indent}${from} --> ${id(c.Next)}: ${label(c.ErrorEquals.join(', '))}`);
    if (s.End || s.Type === 'Succeed' || s.Type === 'Fail') lines.push(`${indent}${from} --> [*]`);
  }
}

/** What a state does, in a few words, for the list under the diagram. */
function kindOf(s: State): string {
  if (s.Type !== 'Task') return s.Type;
  const fn = String(
    (s.Parameters as { FunctionName?: string } | undefined)?.FunctionName ?? s.Resource ?? '',
  );
  const target = fn.replace(/^\$\{(.+)FunctionArn\}$/, '$1');
  if (!isCallback(s)) return `Task → ${target}`;
  const timeout = s.TimeoutSeconds !== undefined ? `${s.TimeoutSeconds} s` : `\`${s.TimeoutSecondsPath}\``;
  return `Task → ${target}, waits for a callback, timeout ${timeout}`;
}

function executionTimeout(seconds: number | undefined): string {
  if (seconds === undefined) return 'none';
  return seconds % 86_400 === 0 ? `${seconds / 86_400} days` : `${seconds} s`;
}

const ACTOR_LABELS: Record<Actor['kind'], string> = {
  cycle: 'サイクル（自動）',
  prime: '元請',
  'first-tier': '一次',
  payments: '入金通知（Pay-easy / 口座振替）',
};

function actorLabel(a: Actor): string {
  return a.kind === 'cycle' ? ACTOR_LABELS.cycle : `${ACTOR_LABELS[a.kind]} (\`${a.action}\`)`;
}

/** The month's lifecycle (domain/application.ts) as tables: states with their waits, and every transition. */
export function renderLifecycle(): string[] {
  const states = MONTH_STATES.map((st) => {
    const w = WAIT_OF[st];
    const who = w.actors.map((a) => ACTOR_LABELS[a]).join(', ') || '—';
    return `| ${st} | ${w.wait ?? '—'} | ${who} | ${FINAL_STATES.includes(st) ? 'yes' : ''} |`;
  });
  const transitions = RULES.flatMap((r) =>
    r.branches.map(
      (b) =>
        `| \`${r.name}\` | ${r.from.join(', ')} | ${b.when} | ${b.to === 'unchanged' ? '（そのまま）' : b.to} | ${actorLabel(r.by)} | ${r.yields} |`,
    ),
  );
  return [
    "## The month's lifecycle",
    '',
    'The rules the cycle and the API ask (`domain/application.ts`, generated from its `RULES` and `WAIT_OF`):',
    'a state machine execution waits where the month waits; a `file` event is `file-imported`,',
    '`file-replaced` (R-REPLACE) or `late-days-found` (R-LATE-DAYS) by the state it meets.',
    '',
    '| state | waits for | who can move it | final |',
    '|---|---|---|---|',
    ...states,
    '',
    '| transition | from | when | to | by | yields |',
    '|---|---|---|---|---|---|',
    ...transitions,
    '',
  ];
}

/** docs/cycle.md for a definition: pure, so the test compares it with the committed page. */
export function renderCycleDoc(def: Definition): string {
  const lines: string[] = [];
  renderStates(def, '  ', '', lines);
  const waiting = Object.entries(def.States)
    .filter(([, s]) => isCallback(s))
    .map(([n]) => idFor(n, ''));
  const failing = Object.entries(def.States)
    .filter(([, s]) => s.Type === 'Fail')
    .map(([n]) => idFor(n, ''));
  if (waiting.length > 0)
    lines.push('  classDef waiting fill:#fff4d6,stroke:#c98a00', `  class ${waiting.join(',')} waiting`);
  if (failing.length > 0)
    lines.push('  classDef failed fill:#fde2e1,stroke:#c0392b', `  class ${failing.join(',')} failed`);

  const list = Object.entries(def.States).map(
    ([name, s]) =>
      `- **${name}** (${kindOf(s)})${s.Comment ? `: ${s.Comment.replace(/\s+/g, ' ').trim()}` : ''}`,
  );
  return [
    '# The monthly cycle',
    '',
    `<!-- Generated from ${ASL_PATH} by \`npm run docs:cycle\` (scripts/gen/diagram.ts); do not edit by hand. -->`,
    '',
    def.Comment ?? '',
    '',
    `Execution timeout: ${executionTimeout(def.TimeoutSeconds)}. Edges carry the Choice condition or the errors a`,
    'Catch takes; highlighted states wait for people (a callback with a deadline).',
    '',
    '```mermaid',
    'stateDiagram-v2',
    ...lines,
    '```',
    '',
    '## States',
    '',
    ...list,
    '',
    ...renderLifecycle(),
  ].join('\n');
}

export function readDefinition(path = ASL_PATH): Definition {
  return JSON.parse(readFileSync(path, 'utf8')) as Definition;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  writeFileSync(DOC_PATH, renderCycleDoc(readDefinition()));
  console.log(`wrote ${DOC_PATH}`);
}
