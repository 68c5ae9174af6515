// The operators' dashboard and the functions' observability settings, read from the synthesized template.
import { beforeAll, describe, expect, it } from 'vitest';
import { BUSINESS_METRICS } from '../../domain/ports/registry.js';
import { METRICS_NAMESPACE, SERVICE_NAME } from '../../functions/shared/observability.js';
import { STACK_NAMES } from '../../infra/app.js';
import { ofType, synthesized } from './synth.js';

/** The dashboard body as text (a Fn::Join of strings and references). */
function dashboardText(): string {
  const { json } = synthesized();
  const dashboards = ofType(json.stateless, 'AWS::CloudWatch::Dashboard');
  expect(dashboards).toHaveLength(1);
  return JSON.stringify(dashboards[0]![1].Properties?.DashboardBody);
}

beforeAll(() => {
  synthesized();
}, 300_000);

describe('operations dashboard', () => {
  it('shows every business metric under the namespace, the service and this stack as deployment', () => {
    const body = dashboardText();
    for (const m of BUSINESS_METRICS)
      expect(body).toContain(
        `[\\"${METRICS_NAMESPACE}\\",\\"${m}\\",\\"deployment\\",\\"${STACK_NAMES.stateless}\\",\\"service\\",\\"${SERVICE_NAME}\\"`,
      );
  });

  it('shows each function’s errors and duration, failed executions, DynamoDB throttles and SES bounces', () => {
    const { json } = synthesized();
    const body = dashboardText();
    const functions = ofType(json.stateless, 'AWS::Lambda::Function').map(([id]) => id);
    // One Errors and one Duration line per function, each naming it.
    for (const id of functions) expect(body.split(`{"Ref":"${id}"}`).length - 1, id).toBe(2);
    expect(body.match(/\\"AWS\/Lambda\\",\\"Errors\\"/g)).toHaveLength(functions.length);
    expect(body.match(/\\"AWS\/Lambda\\",\\"Duration\\"/g)).toHaveLength(functions.length);
    expect(body).toContain('\\"AWS/States\\",\\"ExecutionsFailed\\"');
    expect(body).toContain('\\"AWS/DynamoDB\\",\\"ReadThrottleEvents\\"');
    expect(body).toContain('\\"AWS/DynamoDB\\",\\"WriteThrottleEvents\\"');
    expect(body).toContain('\\"AWS/SES\\",\\"Bounce\\"');
  });
});

describe('function settings for traces and metrics', () => {
  it('names the stack as DEPLOYMENT and the service on every function, with active tracing', () => {
    const { json } = synthesized();
    const functions = ofType(json.stateless, 'AWS::Lambda::Function');
    expect(functions.length).toBeGreaterThan(0);
    for (const [id, f] of functions) {
      const env = (f.Properties!.Environment as { Variables: Record<string, unknown> }).Variables;
      expect(env.DEPLOYMENT, id).toBe(STACK_NAMES.stateless);
      expect(env.POWERTOOLS_SERVICE_NAME, id).toBe(SERVICE_NAME);
      expect(f.Properties?.TracingConfig, id).toEqual({ Mode: 'Active' });
    }
  });
});
