#!/usr/bin/env node
// `npx cycle …`: the cycle command without npm's banner. The scripts are TypeScript, run through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../scripts/cycle.ts');
