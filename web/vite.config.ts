// The page: Preact (3 KB runtime) built by Vite into web/dist, which `npm start` serves on the API's port
// and the CDK app deploys to S3 behind CloudFront. The build fails when the JS passes its budget.
import { defineConfig, type Plugin } from 'vite';
import { gzippedSize, JS_BUDGET_BYTES } from './budget.js';

function jsBudget(): Plugin {
  return {
    name: 'js-budget',
    generateBundle(_options, bundle) {
      let total = 0;
      for (const chunk of Object.values(bundle)) if (chunk.type === 'chunk') total += gzippedSize(chunk.code);
      if (total > JS_BUDGET_BYTES)
        this.error(`JS is ${total} bytes gzipped, over the budget of ${JS_BUDGET_BYTES} bytes`);
    },
  };
}

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  plugins: [jsBudget()],
  build: { outDir: 'dist', emptyOutDir: true, target: 'es2022', sourcemap: false },
});
