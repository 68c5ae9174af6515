// Stages: `-c stage=<name>` suffixes every physical name (stacks, user pool, state machine, export names,
// the Cognito domain prefix, the API's name) so that two stages (dev, prod) coexist in one account and
// region. Without a stage the names are the plain ones (tests, the local runtime, a single deployment).
// The region comes from `-c region=…`, Tokyo by default.
import type { Construct } from 'constructs';

/** Japan's business runs in Tokyo. */
export const DEFAULT_REGION = 'ap-northeast-1';

/**
 * A stage name: lowercase letters, digits and inner hyphens, short enough for the Cognito domain prefix
 * (63 characters with `kentaikyo-` and the account id) and for the names it suffixes.
 */
const STAGE = /^[a-z][a-z0-9-]{0,14}[a-z0-9]$|^[a-z]$/;

export function stageOf(scope: Construct): string {
  const raw = scope.node.tryGetContext('stage');
  if (raw === undefined || raw === null || raw === '') return '';
  const stage = String(raw);
  if (!STAGE.test(stage))
    throw new Error(
      `stage "${stage}": use 1 to 16 lowercase letters, digits or inner hyphens, starting with a letter (dev, prod, stg-2)`,
    );
  return stage;
}

export function regionOf(scope: Construct): string {
  const raw = scope.node.tryGetContext('region');
  return raw === undefined || raw === null || raw === '' ? DEFAULT_REGION : String(raw);
}

/** `name` with the stage's suffix (`name-dev`), or `name` alone without a stage. */
export const staged = (name: string, stage: string): string => (stage ? `${name}-${stage}` : name);
