// The page's JavaScript stays within its budget (150 KB gzipped, every chunk together).
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { gzippedSize, JS_BUDGET_BYTES } from '../../web/budget.js';

const ASSETS = resolve(import.meta.dirname, '../../web/dist/assets');

describe('the page budget', () => {
  it('the built JavaScript is at most 150 KB gzipped', () => {
    const js = readdirSync(ASSETS).filter((f) => f.endsWith('.js'));
    expect(js.length).toBeGreaterThan(0);
    const total = js.reduce((n, f) => n + gzippedSize(readFileSync(join(ASSETS, f))), 0);
    expect(total).toBeGreaterThan(1000);
    expect(total).toBeLessThanOrEqual(JS_BUDGET_BYTES);
  });
});
