// The unit project stays unit: its setup file (test/support/unit-guard.ts) refuses processes, servers,
// sockets and CDK apps.
import { execFile, spawn } from 'node:child_process';
import { createServer as httpServer } from 'node:http';
import { connect, createServer } from 'node:net';
import { describe, expect, it } from 'vitest';
import { NOT_UNIT } from '../support/unit-guard.js';

describe('unit project guard', () => {
  it('refuses child processes', () => {
    expect(() => spawn('true')).toThrow(NOT_UNIT);
    expect(() => execFile('true')).toThrow(NOT_UNIT);
  });

  it('refuses servers and sockets', () => {
    expect(() => createServer().listen(0)).toThrow(NOT_UNIT);
    expect(() => httpServer().listen(0)).toThrow(NOT_UNIT);
    expect(() => connect(4566, '127.0.0.1')).toThrow(NOT_UNIT);
  });

  it('refuses a CDK app', async () => {
    const error: Error = await import('aws-cdk-lib').then(
      () => new Error('imported'),
      (e: Error) => e,
    );
    expect(String((error.cause as Error | undefined)?.message)).toContain(NOT_UNIT);
  });
});
