// The functions' configuration (functions/shared/config.ts): one module reads the environment; a value a
// function cannot run without fails with the variable's name.
import { describe, expect, it } from 'vitest';
import { ConfigError, inLambda, readConfig, required } from '../../../functions/shared/config.js';

describe('the functions configuration', () => {
  it('reads the variables it names and nothing else; an empty value counts as unset', () => {
    const config = readConfig({
      TABLE_NAME: 't',
      INBOX_BUCKET: '',
      SENDER_EMAIL: 'a@example.invalid',
      HOME: '/x',
    });
    expect(config).toEqual({ TABLE_NAME: 't', SENDER_EMAIL: 'a@example.invalid' });
  });

  it('names the missing variable a function cannot run without', () => {
    const config = readConfig({ TABLE_NAME: 't' });
    expect(required('TABLE_NAME', config)).toBe('t');
    expect(() => required('STATE_MACHINE_ARN', config)).toThrow(ConfigError);
    expect(() => required('STATE_MACHINE_ARN', config)).toThrow('STATE_MACHINE_ARN is not set');
    expect(() => required('TABLE_NAME', readConfig({}))).toThrow('TABLE_NAME is not set');
  });

  it('is in a Lambda only when the Lambda runtime says so (AWS_EXECUTION_ENV)', () => {
    expect(inLambda(readConfig({ AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs24.x' }))).toBe(true);
    expect(inLambda(readConfig({ AWS_EXECUTION_ENV: '' }))).toBe(false);
    expect(inLambda(readConfig({}))).toBe(false);
  });
});
