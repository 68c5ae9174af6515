#!/usr/bin/env node
// `npx registry …`: the registry command without npm's banner. The scripts are TypeScript, run through tsx.
import { register } from 'tsx/esm/api';

register();
await import('../scripts/registry.ts');
